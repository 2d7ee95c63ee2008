"""A headline reporting a reaction to other countries' drills or deals is no cooperation report, and a headline of a
commander or a minister visiting an exercise reports the exercise (issue 10, main kind, and eighth round:
"відреагували", "отреагировали", "reacted" as reaction words; classes found on the tuning
side, where "China condemns U.S.-Philippine drills" came out as an exercise and "visits troops on Exercise Iron Wolf"
as a visit; docs/tagging-labels.md: the main event "is decided by what the title and lead report", and a country that
reacts is mentioned). A reaction in a clause of its own after the event ("..., Bakou proteste") leaves the event
first. Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

REACTIONS = [
    ("uk", "UA", "У Генштабі ЗСУ відреагували на навчання Росії та Білорусі біля кордону",
     "Генеральний штаб ЗСУ заявив, що уважно стежить за спільними навчаннями військ Росії та Білорусі поблизу кордону. "
     "До навчань залучено до 8 тисяч військовослужбовців двох армій."),
    ("ru", "RU", "В Минске отреагировали на совместные учения Польши и Литвы",
     "Минск, 3 декабря 2026. Министерство обороны Белоруссии отреагировало на совместные учения Польши и Литвы у "
     "границы. В учениях участвуют около 5 тысяч военнослужащих двух стран."),
    ("en", "GB", "Russia condemns Finnish-Swedish naval drills in the Baltic",
     "Moscow, 3 December 2026. Russia's foreign ministry condemned joint naval drills of Finland and Sweden in the "
     "Baltic Sea, calling them a provocation. Ten warships of the two navies take part in the exercise."),
    ("fr", "FR", "Alger critique les manœuvres franco-marocaines près de la frontière",
     "Alger, le 3 décembre 2026. L'Algérie a critiqué les manœuvres militaires conjointes de la France et du Maroc "
     "près de sa frontière. Quelque 2 000 soldats des deux armées participent à l'exercice."),
    ("es", "ES", "Venezuela condena el ejercicio naval de Colombia y Estados Unidos",
     "Caracas, 3 de diciembre de 2026. Venezuela condenó el ejercicio naval conjunto de Colombia y Estados Unidos en "
     "el Caribe. Participan fragatas y aviones de ambos países."),
    ("tr", "TR", "Yunanistan ile Mısır'ın ortak tatbikatına Ankara'dan tepki",
     "Ankara, 3 Aralık 2026. Dışişleri Bakanlığı, Yunanistan ile Mısır'ın Doğu Akdeniz'deki ortak deniz tatbikatına "
     "tepki gösterdi. Tatbikata iki ülkenin fırkateynleri katılıyor."),
]

EVENT_THEN_REACTION = ("fr", "FR", "La France et l'Arménie signent un accord de défense, Bakou proteste",
                       "Paris, le 3 décembre 2026. La France et l'Arménie ont signé un accord de coopération de "
                       "défense. Bakou a protesté contre cet accord.")

VISITED_EXERCISES = [
    ("en", "GB", "Chief of the General Staff visits troops on Exercise Spring Storm in Estonia",
     "The Chief of the General Staff visited British soldiers taking part in Exercise Spring Storm in Estonia, where "
     "Estonian and British troops train together with tanks and artillery."),
    ("de", "DE", "Verteidigungsminister besucht deutsch-französische Übung in Baumholder",
     "Der Bundesminister der Verteidigung hat die Übung Cold Response auf dem Truppenübungsplatz Baumholder besucht, "
     "bei der deutsche und französische Soldaten gemeinsam üben. Er sprach mit Kommandeuren beider Nationen."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), REACTIONS, ids=[r[0] for r in REACTIONS])
def test_a_headline_reaction_to_drills_is_no_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.parties == [], record


def test_a_reaction_after_the_event_leaves_the_event():
    lang, publisher, title, text = EVENT_THEN_REACTION
    assert tag_record(title, text, lang, publisher).primary_kind == "agreement"


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), VISITED_EXERCISES,
                         ids=[v[0] for v in VISITED_EXERCISES])
def test_a_visit_to_an_exercise_is_the_exercise(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "exercise", record
    assert "visit" in record.cooperation
