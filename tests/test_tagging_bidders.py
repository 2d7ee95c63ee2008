"""Losing bidders named right after a tender or bid word are background, also in the event's own sentence ("la compra
de 17 cazas Gripen ..., superando las ofertas de Francia y Estados Unidos"; issue 10, sixth round: a class found on the
tuning-v5 reports; the labelling guide lists "a losing bidder or a rival programme" under mentioned). Short reports
written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

BIDDERS = [
    ("es", "ES", "Colombia firma con Suecia la compra de 17 cazas Gripen",
     "BOGOTÁ (EFE) - El Gobierno colombiano firmó este miércoles con la sueca Saab la compra de 17 cazas Gripen, "
     "superando las ofertas de Francia y Estados Unidos.", {"CO", "SE"}, {"FR", "US"}),
    ("en", "GB", "Colombia signs deal for 17 Swedish Gripen fighters",
     "BOGOTA (Reuters) - Colombia's government signed a contract with Sweden's Saab on Wednesday for 17 Gripen "
     "fighters, beating rival offers from France and the United States.", {"CO", "SE"}, {"FR", "US"}),
    ("fr", "FR", "La Colombie signe pour 17 chasseurs Gripen suédois",
     "BOGOTA (AFP) - Le ministère colombien de la Défense a signé mercredi avec le suédois Saab un contrat "
     "d'armement pour 17 avions de combat Gripen, écartant les offres de l'Inde et des États-Unis.",
     {"CO", "SE"}, {"IN", "US"}),
    ("de", "DE", "Kolumbien kauft 17 schwedische Gripen-Kampfjets",
     "BOGOTÁ (dpa) - Die kolumbianische Regierung hat mit dem schwedischen Hersteller Saab einen Vertrag über 17 "
     "Gripen-Kampfjets unterzeichnet und sich gegen Angebote aus Frankreich und den USA entschieden.",
     {"CO", "SE"}, {"FR", "US"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "bidders"), BIDDERS,
                         ids=[c[0] for c in BIDDERS])
def test_losing_bidders_are_mentioned_not_parties(lang, publisher, title, text, parties, bidders):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert set(record.parties) == parties, record
    assert bidders <= set(record.countries), record
