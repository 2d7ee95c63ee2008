"""A foreign firm named as the maker of the systems a unit drills with, services or tests ("Patriot-Systeme des
amerikanischen Herstellers Raytheon", "Baykar şirkətinin istehsalı olan pilotsuz uçan aparatlar") takes no part in a
domestic item: a firm acts for its country only in a sentence about a sale, contract or partnership (an industry or
agreement cue) and not next to a made-in word, and a country named next to a made-in word is no lead party (issue 10,
eighth round: a class of false pair feeds found on the tuning reports; the labelling guide counts a company for its
country "when it is the seller or partner in an arms sale or industrial partnership"). Short reports written for this
test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DOMESTIC = [
    ("de", "DE", "Flugabwehrraketengeschwader übt mit Patriot-Systemen in Husum",
     "Das Flugabwehrraketengeschwader 1 hat in dieser Woche in Husum die Verlegung und den Aufbau seiner "
     "Patriot-Systeme des amerikanischen Herstellers Raytheon geübt. Rund 250 Soldaten probten dabei die Abwehr von "
     "Marschflugkörpern. Die Übung findet zweimal im Jahr statt."),
    ("az", "AZ", "Hərbi hissədə pilotsuz uçan aparatlara texniki xidmət yoxlanılıb",
     "Hərbi Hava Qüvvələrinin hərbi hissəsində Baykar şirkətinin istehsalı olan pilotsuz uçan aparatların və İsrail "
     "istehsalı olan zərbə dronlarının texniki xidmət işləri yoxlanılıb. Aşkar edilən nöqsanların aradan "
     "qaldırılması üçün tapşırıqlar verilib."),
    ("en", "GB", "Gunners fire new Rheinmetall rounds on Salisbury Plain",
     "Soldiers of the Royal Artillery have fired the new Rheinmetall rounds for the first time during an exercise on "
     "Salisbury Plain. The regiment's gunners trained for a week with the howitzers and their new ammunition."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), DOMESTIC, ids=[c[0] for c in DOMESTIC])
def test_the_maker_of_equipment_in_domestic_news_takes_no_part(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record


def test_a_firm_selling_abroad_still_acts_for_its_country():
    record = tag_record("Rumänien kauft K2-Panzer",
                        "Rumänien hat mit Hyundai Rotem einen Vertrag über 216 Kampfpanzer vom Typ K2 unterzeichnet, "
                        "teilte das rumänische Verteidigungsministerium mit.", "de", "CH")
    assert record.primary_kind == "industry", record
    assert set(record.parties) == {"RO", "KR"}, record
