"""Observers a few words away from the observer word are mentioned, not parties (issue 10, sixth round: a class
found on the tuning-v5 reports, "officers from Kyrgyzstan, Tajikistan and Uzbekistan attend as observers"; the
labelling guide: "Observers are mentioned, not parties"). The observer word names the first country right after it
("observers from Egypt"), else the last one before it, with its coordinated run; a run never crosses a sentence end,
so the participants of the sentence before stay parties. Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

OBSERVED = [
    ("en", None, "Multinational exercise opens in Bulgaria",
     "Troops from Bulgaria, Romania and Greece take part in the multinational exercise that opened on Monday near "
     "Novo Selo. Officers from Moldova and Serbia attend as observers.", {"BG", "RO", "GR"}, {"MD", "RS"}),
    ("en", None, "Naval exercise begins in the Tyrrhenian Sea",
     "The multinational naval exercise began on Monday in the Tyrrhenian Sea. Ships of France, Greece and Spain "
     "take part, along with observers from Egypt.", {"FR", "GR", "ES"}, {"EG"}),
    ("ru", None, "Под Минском начались совместные учения",
     "На полигоне под Минском начались совместные учения. В них принимают участие военнослужащие Белоруссии, "
     "России и Казахстана. В качестве наблюдателей на учения прибыли офицеры Вьетнама и Лаоса.",
     {"BY", "RU", "KZ"}, {"VN", "LA"}),
    ("tr", None, "Ortak tatbikat Konya'da başladı",
     "Ortak hava tatbikatı Konya'da başladı. Tatbikata Türkiye, Azerbaycan ve Pakistan hava kuvvetleri katılıyor. "
     "Katar ve Kuveyt'ten gelen heyetler tatbikatı gözlemci olarak izliyor.", {"TR", "AZ", "PK"}, {"QA", "KW"}),
    ("az", None, "Birgə taktiki təlim başlayıb",
     "Birgə taktiki təlim başlayıb. Təlimə Azərbaycan, Türkiyə və Gürcüstan hərbçiləri qatılır. Qazaxıstan və "
     "Özbəkistan zabitləri təlimi müşahidəçi qismində izləyirlər.", {"AZ", "TR", "GE"}, {"KZ", "UZ"}),
    ("fr", None, "Un exercice multinational débute en Belgique",
     "Un exercice multinational a débuté lundi dans les Ardennes. Des soldats de France, de Belgique et des "
     "Pays-Bas participent à l'exercice. Des officiers du Maroc et de Tunisie assistent comme observateurs.",
     {"FR", "BE", "NL"}, {"MA", "TN"}),
    ("es", None, "Comienza en Portugal un ejercicio naval conjunto con España e Italia",
     "Un ejercicio naval conjunto comenzó el lunes en Portugal. Participan buques de España, Portugal e Italia. "
     "Oficiales de Chile y Perú siguen el ejercicio como observadores.", {"ES", "PT", "IT"}, {"CL", "PE"}),
    ("de", None, "Multinationale Übung in Litauen begonnen",
     "In Litauen hat eine multinationale Übung begonnen. An der Übung nehmen Soldaten aus Deutschland, Polen und "
     "Litauen teil. Offiziere aus Finnland und Schweden verfolgen die Übung als Beobachter.",
     {"DE", "PL", "LT"}, {"FI", "SE"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "observers"), OBSERVED,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(OBSERVED)])
def test_observers_named_a_few_words_from_the_observer_word_are_not_parties(lang, publisher, title, text, parties,
                                                                           observers):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert parties <= set(record.parties), record.parties
    assert not observers & set(record.parties), record.parties
    assert observers <= set(record.countries), record.countries
