"""A headline reporting a message of condolence or congratulation between ministers or forces ("Condolencias de la
ministra a Italia", "Министр обороны поздравил белорусского коллегу", "Bakan, Azerbaycanlı mevkidaşını tebrik etti")
is no cooperation event, however friendly the message (`[message]` in cues.toml, read in the title only; issue 10,
eighth round: a class of false pair feeds found on the tuning reports; the labelling guide makes non-events and
non-defence ties negatives). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

MESSAGES = [
    ("es", "ES", "Condolencias de la ministra a Italia por el accidente de un avión militar",
     "La ministra de Defensa ha trasladado sus condolencias a su homólogo italiano por el accidente de un avión de "
     "entrenamiento de la Aeronáutica Militar italiana. Los dos países cooperan estrechamente en la OTAN."),
    ("en", "GB", "Defence Secretary congratulates Polish counterpart on joint exercise",
     "The Defence Secretary has written to his Polish counterpart to congratulate the Polish and British troops who "
     "completed a joint exercise last week, praising the close cooperation between the two armies."),
    ("ru", "RU", "Министр обороны поздравил белорусского коллегу с Днем Вооруженных сил",
     "Министр обороны Российской Федерации направил поздравительную телеграмму министру обороны Республики Беларусь. "
     "В телеграмме отмечается высокий уровень военного сотрудничества и совместных учений двух армий."),
    ("tr", "TR", "Bakan, Azerbaycanlı mevkidaşını tebrik etti",
     "Millî Savunma Bakanı, Azerbaycan Savunma Bakanını Silahlı Kuvvetler Günü dolayısıyla tebrik etti. Mesajda iki "
     "ülke arasındaki askeri iş birliği ve ortak tatbikatlar vurgulandı."),
    ("fr", "FR", "Le ministre des Armées félicite son homologue marocain",
     "Le ministre des Armées a adressé un message de félicitations à son homologue marocain pour l'anniversaire des "
     "Forces armées royales, saluant la coopération militaire et les exercices conjoints des deux armées."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), MESSAGES, ids=[c[0] for c in MESSAGES])
def test_a_message_of_condolence_or_congratulation_is_no_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record
    assert record.parties == [], record
