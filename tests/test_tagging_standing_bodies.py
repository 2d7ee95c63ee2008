"""A meeting of a standing bilateral body of defence officials (a "Defense Policy Group", a "comité militaire conjoint",
a "comisión mixta") is staff talks, also when it discusses co-production or sales (issue 10, main kind; a class found on
the tuning side, where the U.S.-India Defense Policy Group came out as industry; docs/tagging-labels.md: `staff_talks`
covers "bilateral staff talks, joint military commissions"). Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

BODIES = [
    ("en", "US", "U.S., Japan hold Defense Policy Group meeting in Tokyo",
     "The Under Secretary of Defense and Japan's Vice-Minister of Defense co-chaired the U.S.-Japan Defense Policy "
     "Group in Tokyo. They reviewed co-production of missiles and joint development of interceptors."),
    ("fr", "FR", "Réunion du comité militaire conjoint franco-indien à Paris",
     "Le comité militaire conjoint de la France et de l'Inde s'est réuni à Paris. Les délégations ont évoqué la "
     "coproduction de moteurs et la livraison de pièces détachées pour les Rafale indiens."),
    ("es", "ES", "La comisión mixta hispano-marroquí de defensa se reúne en Rabat",
     "La comisión mixta de defensa de España y Marruecos se ha reunido en Rabat. Las delegaciones han tratado la "
     "coproducción de vehículos blindados y el suministro de repuestos."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), BODIES, ids=[b[0] for b in BODIES])
def test_a_standing_bilateral_body_meeting_is_staff_talks(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "staff_talks", record
