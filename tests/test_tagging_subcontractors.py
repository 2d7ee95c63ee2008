"""A subcontractor supplying parts to the seller ("como subcontratista la francesa Thales", "als Unterauftragnehmer
das französische Unternehmen Safran", "un sous-traitant norvégien", "белорусский субподрядчик") is neither the seller
nor a partner of the buyer: its country is mentioned, not a party, as the labelling guide counts subcontractors (issue
10, ninth round: a domestic contract with a foreign subcontractor read as a cross-border sale, es-q004). Short reports
written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DOMESTIC = [
    ("es", "ES", "Defensa adjudica a Indra la modernización de los radares del Ejército",
     "El Ministerio de Defensa ha adjudicado a Indra un contrato de 120 millones de euros para modernizar los radares "
     "de defensa aérea del Ejército de Tierra. Algunos componentes los fabricará como subcontratista la francesa "
     "Thales. La primera batería modernizada volverá al servicio en 2029.", "FR"),
    ("de", "DE", "BAAINBw bestellt neue Funkgeräte",
     "Das BAAINBw hat bei einem Unternehmen aus Bayern 5.000 Funkgeräte für das Heer bestellt. Die Antennen liefert "
     "als Unterauftragnehmer das französische Unternehmen Thales. Die Auslieferung an die Truppe beginnt 2028.", "FR"),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "supplier"), DOMESTIC, ids=[c[0] for c in DOMESTIC])
def test_a_foreign_subcontractor_leaves_a_domestic_contract_domestic(lang, publisher, title, text, supplier):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record
    assert supplier not in record.parties, record


def test_a_subcontractor_of_a_cross_border_sale_is_mentioned():
    record = tag_record("La DGA commande des lance-roquettes au suédois Saab",
                        "La Direction générale de l'armement a notifié au suédois Saab une commande de 2 000 "
                        "lance-roquettes. Les munitions seront fabriquées par un sous-traitant norvégien, Nammo.",
                        "fr", "FR")
    assert set(record.parties) == {"FR", "SE"}, record
    assert "NO" in record.mentioned, record
