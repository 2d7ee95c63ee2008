"""A demonym right before another institution qualifies that one, not the publisher's own minister earlier in the
sentence ("Verteidigungsministerin trifft ungarischen Amtskollegen": the counterpart is Hungarian, the minister is the
publisher's own), so the implied own country stays a party when the report also names other countries (issue 10,
sixth round: a class found on the tuning-v5 reports; the labelling guide makes the publisher's own country a party
when only implied: "the Minister", "the Chief of Defence Staff"). Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

OWN_MINISTER = [
    ("de", "AT", "Verteidigungsministerin trifft ungarischen Amtskollegen in Budapest",
     "Die Verteidigungsministerin ist am Donnerstag in Budapest mit dem ungarischen Verteidigungsminister "
     "zusammengetroffen. Themen waren der Schutz der Außengrenzen, die gemeinsame Ausbildung von Gebirgstruppen und "
     "die Lage in Serbien und im Kosovo, wo Soldaten beider Armeen dienen.", {"AT", "HU"}),
    ("en", "IE", "Minister meets Hungarian counterpart in Budapest",
     "The Minister for Defence met the Hungarian defence minister in Budapest on Thursday. Topics were border "
     "protection, joint training of mountain troops and the situation in Serbia and in Kosovo, where soldiers of "
     "both armies serve.", {"IE", "HU"}),
    ("ru", "BY", "Министр обороны встретился с венгерским коллегой в Будапеште",
     "Министр обороны в четверг встретился в Будапеште с венгерским министром обороны. Темами стали охрана "
     "границ, совместная подготовка горных подразделений и обстановка в Сербии и в Косово, где служат военные "
     "обеих армий.", {"BY", "HU"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), OWN_MINISTER,
                         ids=[c[0] for c in OWN_MINISTER])
def test_a_demonym_of_the_counterpart_leaves_the_minister_the_publishers_own(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation
    assert parties <= set(record.parties), record
