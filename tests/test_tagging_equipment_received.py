"""A headline receiving weapons or platforms ("Argentina recibe de Dinamarca los primeros cazas", "La Croatie reçoit ses
premiers Rafale") reports a delivery, `industry`, not the reception of a visitor (issue 10, main kind; a class found on
the tuning side; docs/tagging-labels.md: `visit` is "a reception of a foreign counterpart", `industry` arms transfers).
A minister receiving a counterpart stays a visit. Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DELIVERIES = [
    ("es", "ES", "Chile recibe de Países Bajos los primeros cazas F-16 usados",
     "Santiago, 3 de diciembre de 2026. La Fuerza Aérea de Chile recibió los primeros seis cazas F-16 comprados a los "
     "Países Bajos, que aterrizaron en la base de Antofagasta. La compra incluye repuestos y formación."),
    ("fr", "FR", "La Croatie reçoit de la France ses premiers avions de combat Rafale",
     "Zagreb, le 3 décembre 2026. La Croatie a réceptionné jeudi ses six premiers Rafale d'occasion achetés à la "
     "France, qui ont atterri à la base de Pleso. L'achat comprend la formation des pilotes."),
    ("it", "IT", "L'Egitto riceve dall'Italia le prime fregate FREMM",
     "Il Cairo, 3 dicembre 2026. La Marina egiziana ha preso in consegna le prime due fregate FREMM acquistate "
     "dall'Italia, costruite da Fincantieri. L'acquisto comprende l'addestramento degli equipaggi."),
]

RECEPTION = ("es", "ES", "La ministra de Defensa recibe a su homólogo chileno",
             "Madrid, 3 de diciembre de 2026. La ministra de Defensa ha recibido a su homólogo de Chile. Ambos han "
             "hablado de la compra de aviones y de la formación de pilotos.")


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), DELIVERIES, ids=[d[0] for d in DELIVERIES])
def test_a_headline_receiving_weapons_is_a_delivery(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry", record


def test_a_minister_receiving_a_counterpart_is_a_visit():
    lang, publisher, title, text = RECEPTION
    assert tag_record(title, text, lang, publisher).primary_kind == "visit"
