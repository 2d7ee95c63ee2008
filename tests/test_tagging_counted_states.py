"""A count of states marks a multilateral meeting: "ministers from twelve countries", "Amtskollegen aus acht
Staaten", "on bir ölkənin müdafiə nazirləri" (issue 10, main kind; a class found on the tuning side: such meetings
came out as staff talks, or as no cooperation when no other country was named). Troops "from 14 countries" in an
exercise count for the exercise, and a count of countries at an energy meeting makes no cooperation. Short reports
written for this test, after the labelling guide (docs/tagging-labels.md)."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record
from scraper.tagging.counts import count_positions, number_words
from scraper.tagging.text import tokenize

MEETINGS = [
    ("en", "GB", "Defence Secretary talks Arctic security with ministers from nine countries",
     "Reykjavik, 2 December 2026. The Defence Secretary held talks with ministers from nine countries on security in "
     "the High North and the protection of undersea cables.", {"GB"}),
    ("it", "IT", "Il Ministro della Difesa a colloquio con i colleghi di undici Paesi",
     "Vilnius, 2 dicembre 2026. Il Ministro della Difesa ha avuto colloqui con i colleghi di undici Paesi sulla "
     "difesa aerea del fianco orientale e sulla mobilità militare.", {"IT"}),
    ("fr", "FR", "Le ministre des Armées s'entretient avec ses homologues de dix pays",
     "Tallinn, le 2 décembre 2026. Le ministre des Armées s'est entretenu avec ses homologues de dix pays européens "
     "de la défense aérienne et de la mobilité militaire.", {"FR"}),
    ("de", "DE", "Verteidigungsminister berät mit Amtskollegen aus sieben Staaten",
     "Riga, 2. Dezember 2026. Der Bundesminister der Verteidigung hat mit seinen Amtskollegen aus sieben Staaten über "
     "die Luftverteidigung und die militärische Mobilität beraten.", {"DE"}),
    ("es", "ES", "La ministra de Defensa mantiene conversaciones con sus homólogos de ocho países",
     "Roma, 2 de diciembre de 2026. La ministra de Defensa ha mantenido conversaciones con sus homólogos de ocho "
     "países sobre la seguridad marítima en el Mediterráneo y la lucha contra el terrorismo.", {"ES"}),
    ("ru", "RU", "Министр обороны провел переговоры с коллегами из двенадцати стран",
     "МОСКВА, 2 декабря. /ТАСС/. Министр обороны России провел переговоры с коллегами из двенадцати стран по вопросам "
     "региональной безопасности и военного образования.", {"RU"}),
    ("tr", "TR", "Millî Savunma Bakanı on iki ülkenin savunma bakanlarıyla görüştü",
     "Ankara, 2 Aralık 2026. Millî Savunma Bakanı, on iki ülkenin savunma bakanlarıyla bölgesel güvenlik ve savunma "
     "sanayii konularında görüştü.", {"TR"}),
    ("az", "AZ", "Müdafiə naziri yeddi ölkənin müdafiə nazirləri ilə danışıqlar aparıb",
     "Bakı, 2 dekabr 2026. Müdafiə naziri yeddi ölkənin müdafiə nazirləri ilə regional təhlükəsizlik və hərbi təhsil "
     "sahəsində əməkdaşlıq məsələləri üzrə danışıqlar aparıb.", {"AZ"}),
]

EXERCISES = [
    ("en", "GB", "Royal Navy joins warships from 11 nations off Scotland",
     "Glasgow, 2 December 2026. The Royal Navy began a two-week exercise off Scotland with warships from 11 nations, "
     "among them Norway and the Netherlands, training in anti-submarine warfare."),
    ("de", "DE", "Panzergrenadiere üben mit Soldaten aus neun Nationen",
     "Munster, 2. Dezember 2026. Auf dem Truppenübungsplatz Munster hat eine Übung mit Soldaten aus neun Nationen "
     "begonnen, darunter Kräfte aus Polen und Litauen."),
]

NEGATIVES = [
    ("en", "GB", "Energy ministers from 14 countries agree on a gas storage plan",
     "London, 2 December 2026. Energy ministers from 14 countries agreed on a plan to fill gas storage sites before "
     "the winter and to share electricity across borders."),
    ("es", "ES", "Ministros de Energía de once países pactan nuevas interconexiones de gas",
     "Madrid, 2 de diciembre de 2026. Los ministros de Energía de once países han pactado nuevas interconexiones de "
     "gas natural y electricidad para el próximo invierno."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), MEETINGS, ids=[m[0] for m in MEETINGS])
def test_a_meeting_of_ministers_of_n_countries_is_multilateral(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral", record
    assert parties <= set(record.parties)


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), EXERCISES, ids=[e[0] for e in EXERCISES])
def test_troops_of_n_countries_in_an_exercise_count_for_the_exercise(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "exercise"


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), NEGATIVES, ids=[n[0] for n in NEGATIVES])
def test_a_count_of_countries_at_an_energy_meeting_is_no_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert not record.is_cooperation and record.parties == []


@pytest.mark.parametrize(("text", "counted"), [
    ("ministers of twelve countries", "twelve"),
    ("Amtskollegen aus acht Staaten", "acht"),
    ("colleghi di dodici Paesi", "dodici"),
    ("homologues de neuf pays européens", "neuf"),  # one word between
    ("homólogos de siete países", "siete"),
    ("коллеги из восьми государств", "восьми"),  # Russian oblique case, fleeting vowel
    ("представники дванадцяти країн", "дванадцяти"),
    ("on bir ölkənin nazirləri", "on"),  # tens and units written apart
    ("yirmi yedi ülkenin bakanları", "yirmi"),
    ("troops from 14 countries", "14"),
])
def test_counts_of_states_in_every_language(text, counted):
    (position,) = count_positions(text)
    assert tokenize(text)[position].text == counted


@pytest.mark.parametrize("text", [
    "sanctions on states that break the embargo",  # "on" is ten in Turkish, not in English
    "one of two countries",  # two countries are a bilateral event
    "bir ülke",  # one country
    "signed in 2026 with 40 companies",  # not states
])
def test_no_count_of_states(text):
    assert count_positions(text) == ()


def test_number_words_come_from_num2words_in_every_language():
    languages = set().union(*number_words().values())
    assert {"it", "en", "az", "de", "fr", "ru", "tr", "es", "uk"} <= languages
    assert number_words()[("zwolf",)] == {"de"}
