"""Arabic relative adjectives are made from one-word country names only ("قطر" -> "القطرية"): from the first word of a
longer name they are common words ("الإقليم البريطاني في المحيط الهندي" gave "الإقليمية", regional, as the British
Indian Ocean Territory; "الجبل الأسود" gave "الجبلية", mountainous, as Montenegro; "الأراضي الفلسطينية" gave any
"الأراضي", lands). Issue 10, seventh round: false mentions found on the tuning-v6 reports ("التهديدات الإقليمية")."""

from __future__ import annotations

import pytest

from scraper.tagging.countries import find_mentions
from scraper.tagging.lexicon import lexicon_for


@pytest.mark.parametrize("text", ["في مواجهة التهديدات الإقليمية", "في المناطق الجبلية الوعرة",
                                  "على الأراضي الزراعية", "الولاياتي"])
def test_a_longer_names_first_word_makes_no_country(text):
    assert find_mentions(text, lexicon_for("ar"), False) == []


@pytest.mark.parametrize(("text", "codes"), [
    ("القوات القطرية والتركية", ["QA", "TR"]),
    ("الجيش البوسني", ["BA"]),
    ("القوات الإماراتية", ["AE"]),
    ("الجبل الأسود والأراضي الفلسطينية", ["ME", "PS"]),
])
def test_names_and_one_word_adjectives_still_match(text, codes):
    assert [m.code for m in find_mentions(text, lexicon_for("ar"), False)] == codes
