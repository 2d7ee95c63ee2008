"""Countries named by an abbreviation, a short or older form that CLDR does not list, their forces' own name, or a
demonym the curated list lacked are found (issue 10, sixth round: a class found on the tuning-v5 reports, "Министр
обороны ФРГ", "офицеры Кыргызстана", "бригады бундесвера", "الإمارات", "buques peruanos, ecuatorianos y
estadounidenses"). An unrecognised "ФРГ" beside a minister made the minister the publisher's own; an unrecognised
"бундесвер" made the brigade the publisher's own unit. Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

VARIANTS = [
    ("tr", "TR", "Türk birlikleri Romanya'daki tatbikata katılıyor",
     "Romanya'da düzenlenen tatbikata Türk Silahlı Kuvvetlerine ait mekanize piyade birliği katılıyor. Romen kara "
     "kuvvetleriyle birlikte icra edilen tatbikatta birliklerin birlikte çalışabilirliğinin artırılması amaçlanıyor.",
     {"TR", "RO"}, {"IT"}),
    ("ru", "RU", "Германия и Литва подписали соглашение",
     "ВИЛЬНЮС, 6 октября. /ТАСС/. Министр обороны ФРГ и глава литовского оборонного ведомства подписали соглашение о "
     "военном сотрудничестве.", {"DE", "LT"}, {"RU"}),
    ("ru", "RU", "Литва и Германия подписали соглашение о размещении бригады бундесвера",
     "ВИЛЬНЮС, 6 октября. /ТАСС/. Глава литовского оборонного ведомства и министр обороны Германии подписали "
     "соглашение о военном сотрудничестве.", {"DE", "LT"}, set()),
    ("uk", "UA", "Україна та ФРН підписали угоду про спільне виробництво дронів",
     "Міністр оборони та міністр оборони ФРН підписали угоду про спільне виробництво дронів.", {"DE", "UA"}, set()),
    ("ru", "KZ", "Казахстан и Кыргызстан провели совместные учения",
     "Военнослужащие Казахстана и Кыргызстана провели совместные учения на полигоне в Алматинской области.",
     {"KZ", "KG"}, set()),
    ("ar", "SA", "انطلاق التمرين العسكري المشترك بين السعودية والإمارات",
     "انطلقت اليوم فعاليات التمرين العسكري المشترك بين القوات المسلحة السعودية والقوات المسلحة في الإمارات، بمشاركة "
     "وحدات برية وجوية.",
     {"SA", "AE"}, set()),
    ("es", "CL", "Zarpa la fase Pacífico de UNITAS",
     "La Armada inició en Valparaíso el ejercicio naval conjunto UNITAS, en el que participan buques peruanos, "
     "ecuatorianos y colombianos. Las unidades practicarán guerra antisubmarina.", {"CL", "PE", "EC", "CO"}, set()),
    ("en", "GB", "Pakistan and China hold joint naval exercise",
     "KARACHI (Reuters) - The navies of Pakistan and the PRC began a joint naval exercise in the Arabian Sea on "
     "Monday, officials said.", {"PK", "CN"}, set()),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "not_parties"), VARIANTS,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(VARIANTS)])
def test_variant_names_abbreviations_and_demonyms_are_found(lang, publisher, title, text, parties, not_parties):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert set(record.parties) == parties, record
    assert not not_parties & set(record.countries), record
