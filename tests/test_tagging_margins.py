"""Counterparts of bilateral talks on the margins of a meeting ("On the sidelines, the minister met Indonesia's Defence
Minister", "A margine dei lavori il Ministro ha incontrato il collega estone", "На полях заседания ... провел
переговоры") are parties, as the labelling guide counts them: a margin phrase makes its sentence tell who takes part,
like a participation word (issue 10, ninth round: tuning reports en-q006 and it-q005). A negation ending the sentence
before ("... не направила. На полях") does not negate it. The hosts of a meeting of three or more countries read as
talks, then as a multilateral format, take part too (de-q006). Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

MARGINS = [
    ("en", "AU", "Minister attends ASEAN defence meeting in Vientiane",
     "Australia's Minister for Defence attended the ASEAN Defence Ministers' Meeting-Plus in Vientiane, hosted by "
     "Laos's Defence Minister. Ministers discussed maritime security. On the sidelines, the Minister met the host and "
     "Vietnam's Defence Minister to discuss maritime cooperation.", {"AU", "LA", "VN"}),
    ("it", "IT", "Il Ministro della Difesa alla riunione dei ministri della NATO",
     "Il Ministro della Difesa ha partecipato oggi alla riunione dei ministri della Difesa della NATO. I ministri "
     "hanno discusso del sostegno all'Ucraina. A margine dei lavori il Ministro ha incontrato il collega lettone per "
     "rafforzare la cooperazione nella difesa aerea.", {"IT", "LV"}),
    ("ru", "RU", "Министр обороны принял участие в заседании Совета министров обороны ОДКБ",
     "Министр обороны принял участие в заседании Совета министров обороны государств — членов ОДКБ. Министры "
     "утвердили план совместной подготовки. Армения своего представителя не направила. На полях заседания министр "
     "провел переговоры с казахстанским коллегой.", {"RU", "KZ"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), MARGINS, ids=[c[0] for c in MARGINS])
def test_a_counterpart_met_on_the_margins_is_a_party(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral", record
    assert parties <= set(record.parties), record


def test_the_host_of_a_three_country_meeting_takes_part():
    record = tag_record("Verteidigungsministerin beim Treffen der Central European Defence Cooperation in Prag",
                        "Verteidigungsministerin Klaudia Tanner hat am Donnerstag in Prag am Ministertreffen der "
                        "Central European Defence Cooperation teilgenommen. Gastgeber war der tschechische Vorsitz. "
                        "Die Minister aus Kroatien, Slowenien und Ungarn vereinbarten mit Tanner, Übungen der "
                        "Spezialkräfte zu koordinieren.", "de", "AT")
    assert record.primary_kind == "multilateral", record
    assert "CZ" in record.parties, record
