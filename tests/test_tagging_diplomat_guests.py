"""A country named only through its diplomats ("gli addetti navali di Francia, Spagna e Grecia", "los agregados de
Defensa de Estados Unidos y de Chile", "Pakistanın hərbi attaşesi") attends a ceremony, a reception or an exercise as a
guest: mentioned, not a party, as the labelling guide counts ambassadors and attachés at a domestic ceremony (issue
10, ninth round: a class of false parties found on the tuning reports, in Italian, Spanish and Azerbaijani). In a
sentence about a sale, a delivery or a signing the diplomat acts for the country ("Germany's ambassador handed over").
Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DOMESTIC = [
    ("it", "IT", "Pozzuoli, giurano gli allievi dell'Accademia Aeronautica",
     "Pozzuoli, 10 novembre. Si è svolta oggi all'Accademia Aeronautica la cerimonia di giuramento degli allievi "
     "del primo anno, alla presenza del Capo di Stato Maggiore dell'Aeronautica. Hanno assistito le autorità locali, "
     "gli addetti aeronautici di Germania e Polonia e le famiglie degli allievi.", {"DE", "PL"}),
    ("es", "ES", "Se gradúa la promoción de la Academia General del Aire",
     "La Academia General del Aire graduó este viernes a 70 nuevos tenientes en una ceremonia presidida por el "
     "Jefe de Estado Mayor del Ejército del Aire en San Javier. Entre los asistentes estuvieron los agregados de "
     "Defensa de Francia y de Marruecos, además de familiares de los alumnos.", {"FR", "MA"}),
    ("en", "GB", "Sovereign's Parade at Sandhurst",
     "The Sovereign's Parade marked the commissioning of 180 officer cadets at the Royal Military Academy on Friday. "
     "The Chief of the General Staff took the salute. The defence attachés of Kenya and Jordan and families of the "
     "cadets watched from the stands as the new officers marched up the steps of Old College.", {"KE", "JO"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "guests"), DOMESTIC, ids=[c[0] for c in DOMESTIC])
def test_attaches_at_a_domestic_ceremony_leave_it_domestic(lang, publisher, title, text, guests):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record
    assert guests <= set(record.mentioned), record


def test_an_attache_watching_two_other_countries_exercise_is_no_party():
    record = tag_record("Türkiyə və Pakistan birgə təlimə başlayıb",
                        "İslamabad, 5 may, APA. Türkiyə və Pakistanın xüsusi təyinatlı qüvvələri Pakistanın şimalında "
                        "birgə təlimə başlayıb. İki həftə davam edəcək təlimdə terrorçu qruplara qarşı əməliyyatlar "
                        "məşq olunacaq. Təlimin açılış mərasimini Azərbaycanın Pakistandakı hərbi attaşesi də izləyib.",
                        "az", "AZ")
    assert set(record.parties) == {"PK", "TR"}, record
    assert "AZ" in record.mentioned, record


def test_an_ambassador_handing_over_equipment_still_acts_for_his_country():
    record = tag_record("Japan hands over patrol boats to Jordan",
                        "Japan's ambassador to Jordan handed over four patrol boats to the Royal Jordanian Navy in "
                        "Aqaba on Sunday under Japan's official security assistance programme. The commander of the "
                        "navy thanked Tokyo for the donation.", "en", "JO")
    assert {"JO", "JP"} <= set(record.parties), record
