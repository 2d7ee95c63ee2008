"""A headline that leads with a signing during a visit is an `agreement` (issue 10, main kind; a class found on the
tuning side: present-tense signing verbs of headlines, "sign", "signent", "firman", "firmano", were no agreement cue, so
the visit won; docs/tagging-labels.md: "a signing during a visit is `agreement` when the report leads with the
signing"), and a memorandum or agreement whose headline names a defence firm is the firm's deal, `industry` ("MoUs
between defence companies", "a contract is `industry`, not `agreement`"). Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

SIGNING_DURING_VISIT = [
    ("en", "GB", "Finland and Estonia sign coastal defence pact as Finnish minister visits Tallinn",
     "Tallinn, 3 December 2026. Finland and Estonia signed a pact on coastal defence cooperation on Thursday, during "
     "the Finnish defence minister's first official visit to Estonia. The pact covers the exchange of crews and joint "
     "maintenance."),
    ("fr", "FR", "La France et la Grèce signent un pacte de défense à Paris",
     "Paris, le 3 décembre 2026. La France et la Grèce ont conclu jeudi un pacte de coopération de défense, lors de la "
     "première visite officielle du ministre grec à Paris. Le pacte couvre l'échange d'équipages et la maintenance "
     "commune."),
    ("es", "ES", "España y Portugal firman un pacto de defensa mientras el ministro portugués visita Madrid",
     "Madrid, 3 de diciembre de 2026. España y Portugal suscribieron el jueves un pacto de cooperación en defensa, "
     "durante la primera visita oficial del ministro portugués a Madrid. El pacto abarca el intercambio de "
     "tripulaciones y el "
     "mantenimiento conjunto."),
    ("it", "IT", "Italia e Malta firmano un patto di difesa mentre il ministro maltese visita Roma",
     "Roma, 3 dicembre 2026. Italia e Malta hanno concluso giovedì un patto di cooperazione nella difesa, durante la "
     "prima visita ufficiale del ministro maltese a Roma. Il patto prevede lo scambio di equipaggi e la manutenzione "
     "comune."),
]

FIRMS_SIGN = [
    ("en", "US", "Hanwha and Kongsberg sign memorandum on joint missile production",
     "Seoul, 3 December 2026. South Korea's Hanwha Aerospace and Norway's Kongsberg signed a memorandum of "
     "understanding on Wednesday to "
     "study joint production of launchers for European customers. Hanwha already supplies howitzers to Norway."),
    ("fr", "FR", "Naval Group et Navantia signent un protocole d'accord sur les sous-marins",
     "Paris, le 3 décembre 2026. Le français Naval Group et l'espagnol Navantia ont signé jeudi un protocole d'accord "
     "pour étudier la "
     "maintenance commune de sous-marins et la fourniture de pièces aux marines clientes."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), SIGNING_DURING_VISIT,
                         ids=[s[0] for s in SIGNING_DURING_VISIT])
def test_a_headline_leading_with_the_signing_is_an_agreement(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "agreement", record
    assert "visit" in record.cooperation


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), FIRMS_SIGN, ids=[f[0] for f in FIRMS_SIGN])
def test_a_memorandum_of_defence_firms_is_industry(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "industry"
