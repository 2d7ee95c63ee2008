"""A course, an exercise or a contract named only in a sentence recalling earlier facts ("He previously completed the
staff course in Paris", "zuvor", "ранее") is background, not the event: an appointment or a domestic report with such a
career line is no cooperation (issue 10, main kind; a class found on the tuning side, where a new defence attaché in
Paris "had previously done the French staff course" came out as training; docs/tagging-labels.md: appointments are
domestic news). The same course reported as the event stays training. Short reports written for this test. Also a
German compound in the dative plural ("Schützenpanzern") is defence context, as the singular is."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

APPOINTMENTS = [
    ("en", "GB", "New defence attaché in Madrid",
     "Colonel James Hart is the new defence attaché at the British Embassy in Madrid. He succeeds Colonel Ian Moore, "
     "who returns from Spain to the Ministry of Defence in London after four years. Hart previously completed the "
     "Spanish staff course at the Army War College in Madrid."),
    ("de", "DE", "Neuer Verteidigungsattaché in Rom",
     "Oberst Peter Lang ist neuer Verteidigungsattaché an der Deutschen Botschaft in Rom. Er folgt auf Oberst Jan "
     "Vogt, der nach vier Jahren in Italien in das Verteidigungsministerium nach Berlin wechselt. Lang war zuvor "
     "Referatsleiter der Bundeswehr und hat die italienische Generalstabsausbildung in Rom absolviert."),
    ("ru", "RU", "Назначен новый военный атташе в Белграде",
     "Новым военным атташе при посольстве России в Белграде назначен полковник Андрей Орлов. Он сменил полковника "
     "Сергея Волкова, который после четырех лет в Сербии вернется в Министерство обороны в Москве. Ранее Орлов "
     "прошел обучение в сербской военной академии в Белграде."),
]

COURSE = ("en", "GB", "British officers complete Spanish staff course",
          "Two British officers completed the staff course at the Army War College in Madrid on Friday, the first "
          "since the defence cooperation agreement between the United Kingdom and Spain.")

JOINT_VENTURE = ("de", "DE", "Rüstungskonzern gründet Gemeinschaftsunternehmen mit rumänischem Staatskonzern",
                 "Rheinmetall und der rumänische Staatskonzern Romarm haben ein Gemeinschaftsunternehmen zur Fertigung "
                 "von Schützenpanzern in Rumänien gegründet. Die ersten Fahrzeuge sollen 2027 ausgeliefert werden.")


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), APPOINTMENTS, ids=[a[0] for a in APPOINTMENTS])
def test_a_course_in_a_career_line_is_background(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record


def test_the_course_as_the_event_is_training():
    lang, publisher, title, text = COURSE
    assert tag_record(title, text, lang, publisher).primary_kind == "training"


def test_a_joint_venture_building_infantry_fighting_vehicles_is_industry():
    lang, publisher, title, text = JOINT_VENTURE
    assert tag_record(title, text, lang, publisher).primary_kind == "industry"
