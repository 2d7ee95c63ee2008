"""A mutual logistics agreement ("Acquisition and Cross-Servicing Agreement", a supply-sharing pact) is an agreement,
not a sale: a supply or acquisition cue next to a reciprocity word is no industry cue (issue 10, a class found on the
tuning side). A one-way purchase agreement stays industry. Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

MUTUAL = [
    ("en", "AU", "Australia and India sign reciprocal logistics support agreement",
     "CANBERRA, 3 November 2026. Australia and India signed an agreement on reciprocal supply of fuel, spare parts "
     "and services, allowing their militaries to support each other during joint exercises, the defence ministers "
     "said."),
    ("es", "ES", "España y Marruecos firman un acuerdo de apoyo logístico mutuo",
     "Madrid, 3 de noviembre de 2026. Los ministros de Defensa de España y Marruecos han firmado un acuerdo de "
     "adquisición y servicios cruzados que permitirá a sus ejércitos intercambiar combustible y repuestos."),
    ("fr", "FR", "La France et l'Inde signent un accord de soutien logistique mutuel",
     "Paris, le 3 novembre 2026. Les ministres de la Défense français et indien ont signé un accord de fourniture "
     "réciproque de carburant et de pièces détachées entre leurs forces armées."),
]

SALES = [
    ("en", "GB", "Britain and Norway sign agreement for the purchase of Type 26 frigates",
     "London, 3 November 2026. The Defence Secretary and his Norwegian counterpart signed an agreement for the "
     "purchase of five Type 26 frigates built by BAE Systems."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), MUTUAL, ids=[c[0] for c in MUTUAL])
def test_a_mutual_logistics_agreement_is_an_agreement(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "agreement"


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), SALES, ids=[c[0] for c in SALES])
def test_a_purchase_agreement_stays_a_sale(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "industry"
