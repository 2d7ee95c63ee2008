"""Countries named in a sentence recalling earlier facts or comparing the event with similar ones are background, not
parties (issue 10, sixth round: a class found on the tuning-v5 reports, "Ähnliche Abkommen hat Japan bereits mit
Australien und Großbritannien geschlossen", "La ministra ha recordado la experiencia compartida en Mali, donde
militares de ambos países participaron ..."; the labelling guide lists "a comparison or background fact" under
mentioned). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

BACKGROUND = [
    ("de", "DE", "Japan und Philippinen unterzeichnen Truppenabkommen",
     "TOKIO (dpa) - Die Verteidigungsminister Japans und der Philippinen haben ein Verteidigungsabkommen über "
     "gegenseitigen Truppenzugang unterzeichnet. Ähnliche Abkommen hat Japan bereits mit Kanada und Neuseeland "
     "geschlossen.", {"JP", "PH"}, {"CA", "NZ"}),
    ("en", "GB", "Japan and the Philippines sign troop access pact",
     "TOKYO (Reuters) - The defence ministers of Japan and the Philippines signed a defence agreement on reciprocal "
     "troop access on Monday. Tokyo has signed similar agreements with Canada and New Zealand.",
     {"JP", "PH"}, {"CA", "NZ"}),
    ("es", "ES", "La ministra recibe al ministro de Defensa de Senegal",
     "La ministra de Defensa ha recibido en Madrid al ministro de las Fuerzas Armadas de Senegal. Ambos han "
     "repasado la cooperación en vigilancia marítima. La ministra ha recordado la experiencia compartida en Mali, "
     "donde militares de ambos países participaron en la misión de entrenamiento.", {"ES", "SN"}, {"ML"}),
    ("fr", "FR", "Le Japon et les Philippines signent un accord sur les forces",
     "TOKYO (AFP) - Le Japon et les Philippines ont signé lundi un accord de défense sur l'accès réciproque de "
     "leurs forces armées. Tokyo a conclu des accords similaires avec le Canada et la Nouvelle-Zélande.",
     {"JP", "PH"}, {"CA", "NZ"}),
    ("ru", "RU", "Япония и Филиппины подписали соглашение о доступе войск",
     "ТОКИО, 4 ноября. /ТАСС/. Япония и Филиппины подписали соглашение о военном сотрудничестве и взаимном "
     "доступе войск. Аналогичные соглашения Токио заключил с Канадой и Новой Зеландией.",
     {"JP", "PH"}, {"CA", "NZ"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "background"), BACKGROUND,
                         ids=[c[0] for c in BACKGROUND])
def test_countries_of_recalled_or_similar_events_are_mentioned(lang, publisher, title, text, parties, background):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert parties <= set(record.parties), record.parties
    assert not background & set(record.parties), record.parties
    assert background <= set(record.countries), record.countries
