"""An agreement for production under licence is a sale, `industry`, and so is a delivery the buyer takes over (issue 10,
main kind; a class found on the tuning side, where a Korean-Polish deal for tanks "built under licence" came out as an
agreement and an Egyptian report of Rafales received ("تسلمت") as training; docs/tagging-labels.md: "a contract is
`industry`, not `agreement`", `industry` covers "joint development or production"). Short reports written for this
test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

SALES = [
    ("en", "GB", "Romania and Germany sign deal for Lynx vehicles",
     "Bucharest, 3 December 2026. Romania and Germany signed an agreement on Thursday for 290 Lynx infantry fighting "
     "vehicles, most of them to be built under licence in Romania. Deliveries start in 2028, with technology transfer "
     "to the Romanian plant."),
    ("fr", "FR", "La Pologne et la France signent un accord pour des hélicoptères",
     "Varsovie, le 3 décembre 2026. La Pologne et la France ont signé jeudi un accord portant sur 32 hélicoptères, "
     "dont la plupart seront assemblés sous licence en Pologne. Les livraisons commenceront en 2028, avec un "
     "transfert de technologie."),
    ("es", "ES", "Perú y Corea del Sur firman un acuerdo para fragatas",
     "Lima, 3 de diciembre de 2026. Perú y Corea del Sur firmaron el jueves un acuerdo para dos fragatas, que se "
     "construirán bajo licencia en el astillero del Callao. Las entregas comenzarán en 2028, con transferencia de "
     "tecnología."),
    ("ar", "EG", "مصر تتسلم الدفعة الأولى من الفرقاطات الإيطالية",
     "تسلمت القوات البحرية المصرية الدفعة الأولى من الفرقاطات الإيطالية في احتفال أقيم في ميناء الإسكندرية بحضور "
     "قائد القوات البحرية وسفير إيطاليا، وتشمل الصفقة تدريب الأطقم المصرية."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), SALES, ids=[s[0] for s in SALES])
def test_licence_production_and_deliveries_taken_over_are_industry(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry", record
