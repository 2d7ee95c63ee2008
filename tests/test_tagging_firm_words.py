"""A country right beside a firm word in a sentence about a sale, contract or partnership ("وشركة «إمبراير» البرازيلية",
"dem türkischen Rüstungskonzern", "la empresa surcoreana") is the seller or partner through its firm, like a firm of
companies.toml, as the labelling guide counts firms (issue 10, ninth round: tuning reports ar-q002 and de-q002 lost
the seller's country). Outside such a sentence a firm word gives no evidence. Short reports written for this test,
after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

PARTNERSHIPS = [
    ("ar", "AE", "«إيدج» و«أفيبراس» توقعان اتفاقية لتطوير طائرة نقل عسكري",
     "وقعت مجموعة «إيدج» الإماراتية وشركة «أفيبراس» البرازيلية، على هامش معرض دبي للطيران، اتفاقية شراكة لتطوير وتصنيع "
     "نسخة مخصصة من طائرة النقل العسكري للقوات المسلحة الإماراتية، على أن يجري جزء من أعمال التجميع في أبوظبي. وقال "
     "الرئيس التنفيذي لمجموعة إيدج إن الاتفاقية تعزز نقل التكنولوجيا إلى الدولة.", {"AE", "BR"}),
    ("en", "PH", "Navy orders two patrol vessels",
     "The Department of National Defense awarded on Monday a PHP 30 billion contract for two offshore patrol vessels "
     "to a South Korean shipbuilder. Deliveries are expected from 2029, the department said.", {"KR", "PH"}),
    ("es", "CL", "Defensa adjudica la compra de dos patrulleros",
     "El Ministerio de Defensa adjudicó este lunes un contrato de 300 millones de dólares para dos patrulleros "
     "oceánicos a un astillero surcoreano. Las entregas comenzarán en 2029, informó el ministerio.", {"CL", "KR"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), PARTNERSHIPS,
                         ids=[c[0] for c in PARTNERSHIPS])
def test_a_firm_named_by_its_country_in_a_deal_makes_its_country_a_party(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert set(record.parties) == parties, record


def test_a_firm_word_outside_a_deal_gives_no_evidence():
    record = tag_record("Salon naval : les industriels présentent leurs nouveautés",
                        "Le salon ouvre ses portes mardi. Le groupe sud-coréen présente une maquette de sous-marin et "
                        "une société indienne expose ses drones. Les organisateurs attendent 30 000 visiteurs.",
                        "fr", "FR")
    assert record.primary_kind is None, record
