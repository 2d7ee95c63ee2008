"""A defence firm's factory or maintenance site abroad is an industrial partnership (`industry`); military sports
championships and games are sport, not cooperation; German "Offiziere" are defence context (issue 10, main kind;
classes found on the tuning side: "Safran ouvre une usine ... en Inde" had no kind cue, the Military World Winter
Games came out as a multilateral event, and a course for officers from 20 countries at the NATO School had no defence
context; docs/tagging-labels.md: `industry` covers "industrial partnerships", sport is not cooperation). Short reports
written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

PLANTS = [
    ("fr", "FR", "Thales ouvre une usine de radars au Brésil",
     "São Paulo, le 3 décembre 2026. Thales a inauguré une usine de radars de défense aérienne près de São Paulo, "
     "avec un partenaire brésilien. Le site assurera aussi la maintenance des radars de l'armée de l'air brésilienne."),
    ("tr", "TR", "Aselsan, Endonezya'da fabrika açtı",
     "Cakarta, 3 Aralık 2026. Aselsan, Endonezyalı ortağıyla birlikte Endonezya'da askeri haberleşme cihazları "
     "üretecek "
     "bir fabrika açtı. Fabrikada Endonezya ordusu için telsizler üretilecek."),
]

SPORTS = [
    ("en", "GB", "Britain wins four medals at the military world championships",
     "British soldier-athletes won four medals at the military world championships in Warendorf, where teams from "
     "30 countries competed. Germany topped the medal table ahead of France."),
    ("ru", "RU", "Российские военные завоевали пять медалей на чемпионате мира среди военных",
     "Российские военнослужащие завоевали пять медалей на чемпионате мира среди военных в Китае, где выступали "
     "спортсмены из 30 стран. Сборная Китая заняла первое место."),
]

NATO_SCHOOL = ("de", "DE", "Offiziere aus 15 Ländern absolvieren Lehrgang an der NATO-Schule Oberammergau",
               "An der NATO-Schule in Oberammergau haben 45 Offiziere aus 15 Ländern einen Lehrgang zur Planung "
               "multinationaler Operationen abgeschlossen. Die Schule bildet Teilnehmer aus Bündnis- und "
               "Partnerstaaten aus.")


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), PLANTS, ids=[p[0] for p in PLANTS])
def test_a_defence_firms_plant_abroad_is_industry(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry", record


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), SPORTS, ids=[s[0] for s in SPORTS])
def test_military_sports_are_no_cooperation(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind is None


def test_a_course_for_officers_of_many_states_at_the_nato_school_is_training():
    lang, publisher, title, text = NATO_SCHOOL
    assert tag_record(title, text, lang, publisher).primary_kind == "training"
