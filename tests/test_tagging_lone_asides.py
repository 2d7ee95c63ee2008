"""A bilateral item whose headline names its two sides ("Egypt, Greece hold Medusa naval drill") has no third side named
alone in the body: a country there in no list with others is an aside ("a week after Athens signed a frigate deal with
Paris", "the corridor linking Belarus with Russia's Kaliningrad region"), not a party, even with a counterpart word or
its capital acting (issue 10, pair feeds: every third country of a two-party item makes two false pair feeds;
tuning reports en-015, en-k003, uk-w002, en-p001). Contingents named together in the body and the publisher's own
forces stay parties, as the labelling guide counts them, and so does a lone country whose own force acts "with" them
("svolta insieme a istruttori francesi"). Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

ASIDES = [
    ('en', 'PL', 'Egypt, Greece hold Medusa naval drill off Alexandria',
     'CAIRO, Nov. 12 (PAP) -- Egyptian and Greek naval and air units on Thursday started the joint '
     'exercise Medusa off Alexandria, the Egyptian military spokesman said. Frigates, special forces and '
     'fighter jets from both countries are practising air defence and boarding until Monday. The drill '
     'comes a week after Athens signed a frigate deal with Paris.',
     ['EG', 'GR']),
    ('fr', 'BE', "L'Égypte et la Grèce lancent l'exercice naval Medusa",
     'LE CAIRE, 12 nov. (AFP) - Des unités navales et aériennes égyptiennes et grecques ont lancé jeudi '
     "l'exercice conjoint Medusa au large d'Alexandrie, a indiqué le porte-parole militaire égyptien. "
     "Frégates, forces spéciales et avions de combat des deux pays s'entraînent jusqu'à lundi. L'exercice "
     "intervient une semaine après la signature par Athènes d'un contrat de frégates avec Paris.",
     ['EG', 'GR']),
    ('ru', 'KZ', 'Польша и Литва провели совместные учения у Сувалкского коридора',
     'Вооруженные силы Польши и Литвы провели совместные учения вблизи Сувалкского коридора, соединяющего '
     'Белоруссию с Калининградской областью России. В учениях приняли участие более трех тысяч '
     'военнослужащих. Минск назвал маневры угрозой своей безопасности, сообщили в Генштабе Польши.',
     ['LT', 'PL']),
]

KEPT = [
    ('it', 'IT', 'Addestrati in Italia i militari ucraini per il sistema SAMP/T',
     'Si è concluso a Sabaudia il corso di addestramento per circa 60 militari ucraini sul sistema di difesa aerea '
     "SAMP/T. L'attività, svolta insieme a istruttori francesi, rientra nel pacchetto di aiuti militari deciso dal "
     'Governo. I militari rientreranno in Ucraina nelle prossime settimane.',
     ['FR', 'IT', 'UA']),
    ('en', 'US', 'U.S. and Philippines launch largest Balikatan exercise',
     'Manila. American and Filipino troops began the Balikatan exercise on Monday, the largest in its '
     'history. Some 17,000 soldiers take part, with contingents from Australia and Japan. The drills '
     'include live-fire training and amphibious landings.',
     ['AU', 'JP', 'PH', 'US']),
    ('de', 'DE', 'Sanitätsübung mit Tschechien und Österreich in Feldkirchen',
     'Feldkirchen. Sanitätskräfte der Bundeswehr haben mit tschechischen und österreichischen Soldaten '
     'eine gemeinsame Übung abgehalten. Rund 300 Soldaten übten die Versorgung von Verwundeten.',
     ['AT', 'CZ', 'DE']),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), ASIDES + KEPT)
def test_headline_pair_and_body_parties(lang: str, publisher: str, title: str, text: str,
                                        parties: list[str]) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is not None
    assert record.parties == parties
