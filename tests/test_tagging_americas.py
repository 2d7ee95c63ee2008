""""American" of the Americas in the names of their organisations and conferences ("Organización de los Estados
Americanos", "Conferencia de Ejércitos Americanos", "Organization of American States") names no country (issue 10, sixth
round: a look-alike class found on the tuning-v5 reports). Blocked phrases, like seas named after a country. Short
reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

AMERICAS = [
    ("es", "CO", "Ejércitos de veinte países se reúnen en Bogotá",
     "El Ejército Nacional fue anfitrión en Bogotá de la Conferencia de Ejércitos Americanos. Brasil y Chile "
     "anunciaron que enviarán instructores al centro de desminado."),
    ("es", "PE", "Perú y Ecuador firman un acuerdo de cooperación en defensa ante la OEA",
     "Los ministros de Defensa de Perú y Ecuador firmaron un acuerdo de cooperación en defensa en la sede de la "
     "Organización de los Estados Americanos."),
    ("en", "PE", "Peru and Ecuador sign defence cooperation agreement at the OAS",
     "The defence ministers of Peru and Ecuador signed a defence cooperation agreement at the headquarters of the "
     "Organization of American States."),
    ("fr", "FR", "Le Pérou et l'Équateur signent un accord de défense",
     "Les ministres de la Défense du Pérou et de l'Équateur ont signé un accord de coopération en matière de "
     "défense au siège de l'Organisation des États américains."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), AMERICAS, ids=[f"{c[0]}-{n}"
                                                                             for n, c in enumerate(AMERICAS)])
def test_the_americas_name_no_country(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert "US" not in record.countries, record
