"""Countries whose contingents a sentence names take part in the event ("Deutschland stellt das größte Kontingent,
gefolgt von Spanien und Italien"): contingent words are participation words in every language (issue 10, sixth round: a
class found on the tuning side; the labelling guide counts contingents as parties of a multinational exercise). Short
reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

CONTINGENTS = [
    ("de", None, "NATO-Übung in Rumänien hat begonnen",
     "In Rumänien hat die gemeinsame NATO-Übung Steadfast Dart mit rund 10.000 Soldaten begonnen. Deutschland "
     "stellt das größte Kontingent, gefolgt von Spanien und Italien.", {"ES", "IT"}),
    ("fr", None, "L'exercice de l'OTAN a débuté en Roumanie",
     "L'exercice conjoint de l'OTAN Steadfast Dart a débuté en Roumanie avec 10 000 militaires. Les contingents "
     "les plus importants viennent d'Espagne et d'Italie.", {"ES", "IT"}),
    ("es", None, "Comienza en Rumanía el ejercicio de la OTAN",
     "Comenzó en Rumanía el ejercicio conjunto de la OTAN Steadfast Dart con 10.000 militares. Los mayores "
     "contingentes son de España e Italia.", {"ES", "IT"}),
    ("ru", None, "В Румынии начались учения НАТО",
     "В Румынии начались совместные учения НАТО Steadfast Dart с участием 10 тысяч военнослужащих. Крупнейшие "
     "контингенты прислали Испания и Италия.", {"ES", "IT"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), CONTINGENTS,
                         ids=[c[0] for c in CONTINGENTS])
def test_countries_sending_contingents_are_parties(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert parties <= set(record.parties), record
