"""Espionage and bribery trials are not cooperation in any language, and Arabic cue nouns are read in their
indefinite accusative form ("تدريبا جويا مشتركا" is a joint exercise) (issue 10, classes found on the tuning-v4
reports). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

TRIALS = [
    ("en", "GB", "Former sailor jailed for spying for Russia",
     "A former Royal Navy sailor has been jailed for ten years for espionage after passing details of submarine "
     "movements to Russian military intelligence officers. The judge said he had met his handler in Vienna. "
     "Prosecutors said he had been paid in cash and cryptocurrency."),
    ("de", "DE", "Anklage gegen mutmaßlichen Spion für Russland erhoben",
     "Die Bundesanwaltschaft hat vor dem Oberlandesgericht Koblenz Anklage gegen einen Bundeswehrsoldaten erhoben, "
     "der Informationen über Waffenlieferungen an die Ukraine an den russischen Militärgeheimdienst weitergegeben "
     "haben soll. Ihm droht eine lange Haftstrafe wegen Spionage."),
    ("ru", "RU", "В Москве арестовали генерала по делу о взятке",
     "МОСКВА. Суд арестовал генерал-майора, обвиняемого в получении взятки при закупках военной техники у "
     "иностранного поставщика. По данным следствия, он получил более 50 миллионов рублей. Ему грозит до 15 лет "
     "лишения свободы."),
    ("it", "IT", "Spionaggio, arrestato un ufficiale della Marina",
     "Un ufficiale della Marina Militare è stato arrestato a Roma con l'accusa di spionaggio a favore della Russia. "
     "Secondo il giudice, avrebbe consegnato documenti riservati della NATO a un funzionario dell'ambasciata russa "
     "in cambio di denaro. L'ufficiale si trova ora in carcere."),
]

ARABIC_JOINT = [
    ("ar", "EG", "القوات البحرية المصرية والإيطالية تنفذان تدريبا بحريا مشتركا",
     "القاهرة. نفذت عناصر من القوات البحرية المصرية ونظيرتها الإيطالية تدريبا بحريا مشتركا في البحر المتوسط، "
     "بمشاركة فرقاطات من البلدين. وتضمن التدريب تنفيذ رمايات وأعمال تفتيش السفن. ويأتي التدريب في إطار خطة "
     "التعاون العسكري بين مصر وإيطاليا."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), TRIALS, ids=[c[0] for c in TRIALS])
def test_espionage_and_bribery_trials_are_not_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.parties == []


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), ARABIC_JOINT, ids=["ar"])
def test_arabic_joint_training_in_the_indefinite_form_is_an_exercise(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "exercise"
    assert set(record.parties) == {"EG", "IT"}
