"""Demonyms written in lower case ("la marine kényane", "franco-émirien", "the Royal Thai Navy", "il collega
sudanese", "la surcoreana Hanwha") name their country like its name: CLDR has names but no demonyms, and an inflected
name is matched only when capitalised, so the adjectives that do not start with the name are curated
(scraper/tagging/lexicon_data.py). Missing ones lost both sides of port calls, exercises and joint committees on the
tuning reports (issue 10, ninth round: fr-k013, fr-q003, en-q004, es-m004). Short texts written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DEMONYMS = [
    ("en", "the Royal Thai Navy", "TH"), ("fr", "la marine kényane", "KE"), ("it", "i militari keniani", "KE"),
    ("fr", "le comité franco-émirien", "AE"), ("ru", "эмиратской делегации", "AE"), ("en", "Canadian troops", "CA"),
    ("fr", "les soldats canadiens", "CA"), ("es", "la surcoreana Hanwha", "KR"), ("fr", "le groupe sud-coréen", "KR"),
    ("it", "gli ufficiali ghanesi", "GH"), ("fr", "la délégation béninoise", "BJ"), ("de", "somalische Soldaten", "SO"),
    ("it", "il collega sudanese", "SD"), ("es", "los militares tailandeses", "TH"), ("uk", "фінська сторона", "FI"),
    ("fr", "les forces burkinabè", "BF"), ("ru", "вьетнамская делегация", "VN"), ("es", "la delegación suiza", "CH"),
]


@pytest.mark.parametrize(("lang", "phrase", "code"), DEMONYMS, ids=[f"{c[0]}-{c[2]}" for c in DEMONYMS])
def test_a_lower_case_demonym_names_its_country(lang, phrase, code):
    record = tag_record("Notizia", f"Oggi {phrase} e altri.", lang)
    assert code in record.countries, record


def test_a_port_call_with_the_host_navy_named_by_its_demonym_is_cooperation():
    record = tag_record("La frégate Surcouf en escale à Mombasa",
                        "La frégate Surcouf a fait escale quatre jours à Mombasa. Le commandant a été reçu par le "
                        "commandant de la marine kényane, et les équipages ont partagé des entraînements. À "
                        "l'appareillage, la frégate a conduit un exercice avec un patrouilleur kényan.", "fr", "FR")
    assert record.primary_kind is not None, record
    assert set(record.parties) == {"FR", "KE"}, record
