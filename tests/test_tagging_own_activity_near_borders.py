"""A headline naming one foreign country acting and another only as the place of its activity ("Russland hält Manöver
nahe der finnischen Grenze ab", "Venezuela despliega tropas cerca de la frontera con Guyana") reports that country's
own activity, no cooperation: an agency's implied institutions there ("nach Angaben seines Verteidigungsministeriums",
"el ministro de Defensa") are the foreign country's, not the publisher's own (issue 10, eighth round: a class of false
pair feeds found on the tuning reports). The publisher's own forces in the headline still make it a party. Short
reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

OWN_ACTIVITY = [
    ("de", "DE", "Russland hält Manöver nahe der finnischen Grenze ab",
     "Russland hat nach Angaben seines Verteidigungsministeriums ein Manöver mit rund 3000 Soldaten in Karelien nahe "
     "der finnischen Grenze begonnen. Beteiligt seien Einheiten der Luftlandetruppen und der Nordflotte."),
    ("es", "ES", "Venezuela despliega tropas cerca de la frontera con Guyana",
     "CARACAS (EFE) - Venezuela desplegó este miércoles unidades del Ejército y de la Guardia Nacional cerca de la "
     "frontera con Guyana, en unas maniobras anunciadas por el ministro de Defensa."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), OWN_ACTIVITY, ids=[c[0] for c in OWN_ACTIVITY])
def test_a_country_acting_near_another_country_border_is_no_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record
    assert publisher not in record.parties, record


def test_own_forces_in_the_headline_still_act():
    record = tag_record("Our troops train with Georgian soldiers near the Russian border",
                        "Soldiers of the armed forces began a joint exercise with Georgian troops near the border "
                        "with Russia on Monday.", "en", "GB")
    assert set(record.parties) == {"GB", "GE"}, record
