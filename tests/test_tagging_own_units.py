"""A national unit or military school named alone in the title or the lead is the publisher's own, also when the
headline names two foreign partners or guests; a country beside it makes it that country's (issue 10, a class found
on the tuning side: "Gebirgsjägerbrigade", "училище", "Academia de Ingenieros"). Short reports written for this test,
after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

OWN_UNITS = [
    ("de", "DE", "Panzerbrigade übt mit litauischen und polnischen Soldaten",
     "Pabrade, 3. November 2026. Rund 600 Soldaten der Panzerbrigade 45 üben gemeinsam mit litauischen und "
     "polnischen Streitkräften die Verteidigung der Suwałki-Lücke. Die Übung dauert zwei Wochen.", {"DE", "LT", "PL"}),
    ("ru", "RU", "В Казанском училище завершили обучение военнослужащие из Лаоса и Вьетнама",
     "В Казанском высшем танковом командном училище состоялся выпуск иностранных военнослужащих. Дипломы получили "
     "офицеры из Лаоса и Вьетнама, обучавшиеся по программам совместной подготовки.", {"LA", "RU", "VN"}),
    ("es", "ES", "La Academia de Infantería forma a oficiales de Perú y Ecuador",
     "Toledo, 3 de noviembre de 2026. La Academia de Infantería ha clausurado el curso de operaciones especiales en "
     "el que han participado oficiales peruanos y ecuatorianos, dentro de la cooperación bilateral de Defensa.",
     {"EC", "ES", "PE"}),
    ("en", "GB", "Battalion trains with Estonian and Latvian troops",
     "Tapa, 3 November 2026. Soldiers of the 1st Battalion have begun a joint exercise with Estonian and Latvian "
     "troops to rehearse the defence of the Baltic states. The exercise lasts ten days.", {"EE", "GB", "LV"}),
    ("tr", "TR", "Kara Harp Okulu Gürcü ve Azerbaycanlı öğrencileri mezun etti",
     "Ankara, 3 Kasım 2026. Kara Harp Okulu'nda düzenlenen törenle Gürcistan ve Azerbaycan'dan gelen yabancı "
     "öğrenciler eğitimlerini tamamlayarak mezun oldu. Eğitim, ikili askeri işbirliği kapsamında verildi.",
     {"AZ", "GE", "TR"}),
]

QUALIFIED = [
    ("en", "GB", "Azerbaijani military academy trains Georgian and Turkish cadets",
     "Baku, 3 November 2026. The Azerbaijani military academy has completed a joint course for Georgian and Turkish "
     "cadets under bilateral military cooperation agreements."),
    ("de", "DE", "Litauische Brigade übt mit polnischen Soldaten",
     "Rukla, 3. November 2026. Soldaten der litauischen Brigade Eiserner Wolf üben gemeinsam mit polnischen "
     "Streitkräften die Verteidigung der Grenze. Die gemeinsame Übung dauert zwei Wochen."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), OWN_UNITS, ids=[c[0] for c in OWN_UNITS])
def test_a_national_unit_or_school_in_the_headline_is_the_publishers_own(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert set(record.parties) == parties


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), QUALIFIED, ids=[c[0] for c in QUALIFIED])
def test_a_unit_with_a_country_beside_it_is_that_countrys(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert publisher not in record.parties
