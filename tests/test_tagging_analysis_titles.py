"""An analysis or an interview is no report of an event, as an opinion piece is (issue 10, main kind; a class found on
the tuning side, where "Analysis: Why Gulf states keep buying Turkish drones" came out as industry;
docs/tagging-labels.md: cooperation is a main event "that happened, is happening or was agreed"). Short reports
written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

PIECES = [
    ("en", "US", "Analysis: Why Poland keeps buying Korean tanks",
     "Poland has ordered hundreds of K2 tanks and K9 howitzers from South Korea since 2022, and analysts expect more "
     "contracts. Korean deliveries are faster than European ones, experts say."),
    ("de", "DE", "Analyse: Warum Indien französische Kampfjets kauft",
     "Indien hat Rafale-Kampfjets in Frankreich bestellt und verhandelt über weitere Verträge. Französische "
     "Lieferungen kommen mit weniger Auflagen als amerikanische, sagen Fachleute."),
    ("es", "ES", "Análisis: por qué Argentina compra aviones a Dinamarca",
     "Argentina ha comprado cazas F-16 a Dinamarca y negocia nuevos contratos de suministro con Estados Unidos, según "
     "los expertos consultados."),
    ("ru", "RU", "Интервью: как Индия закупает российское оружие",
     "Индия остается крупнейшим покупателем российского вооружения, а новые контракты на поставку зенитных систем "
     "готовятся, рассказал эксперт."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), PIECES, ids=[p[0] for p in PIECES])
def test_an_analysis_or_an_interview_is_no_event(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record
