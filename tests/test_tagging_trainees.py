"""Recruits and trainees act for their country in a course ("instructors from the Armed Forces and New Zealand are
training Ukrainian recruits"): trainee words are institutions of the [actor] lists in every language (issue 10, sixth
round: a class found on the tuning-v5 reports; the labelling guide counts foreign trainees of a course as parties).
Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

TRAINEES = [
    ("en", "GB", "Defence Secretary visits Operation INTERFLEX training",
     "The Defence Secretary visited a training area on Wednesday where instructors from the Armed Forces and New "
     "Zealand are training Ukrainian recruits. More than 60,000 recruits have completed the course since Russia's "
     "full-scale invasion.", {"GB", "NZ", "UA"}),
    ("de", "DE", "Ausbilder der Bundeswehr und Dänemarks schulen ukrainische Rekruten",
     "Ausbilder der Bundeswehr und der dänischen Streitkräfte haben in Sachsen-Anhalt einen fünfwöchigen Lehrgang "
     "für ukrainische Rekruten abgeschlossen.", {"DE", "DK", "UA"}),
    ("fr", "FR", "Des instructeurs français et belges forment des recrues ukrainiennes",
     "Des instructeurs de l'armée de Terre et des forces belges ont achevé une formation de cinq semaines pour "
     "des recrues ukrainiennes au camp de Mourmelon.", {"FR", "BE", "UA"}),
    ("ru", "BY", "Белорусские инструкторы обучают новобранцев",
     "Белорусские и российские военные инструкторы завершили курс боевой подготовки для китайских новобранцев на "
     "полигоне под Брестом.", {"BY", "RU", "CN"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), TRAINEES, ids=[c[0] for c in TRAINEES])
def test_trainees_act_for_their_country(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "training"
    assert parties <= set(record.parties), record
