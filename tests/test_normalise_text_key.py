"""text_key: the one comparison key that title, teaser, gap and clean-up matching share."""

from __future__ import annotations

from scraper.normalise.text_key import text_key


def test_case_punctuation_spaces_and_underscores_go() -> None:
    assert text_key("Read more: «Italy & Azerbaijan» — talks_2024!") == "readmoreitalyazerbaijantalks2024"
    assert text_key("  \t\n ") == ""
    assert text_key("") == ""


def test_letters_and_digits_of_every_script_stay() -> None:
    assert text_key("Straße 12") == "strasse12"  # full case folding, not lower()
    assert text_key("İstanbul'da Türkiye") == "istanbuldatürkiye"  # the combining dot of casefold("İ") goes
    assert text_key("Министр обороны, 3-го") == "министробороны3го"
    assert text_key("防衛相、訪米へ。") == "防衛相訪米へ"
    assert text_key("국방부 장관") == "국방부장관"


def test_lines_that_differ_only_in_punctuation_share_a_key() -> None:
    assert text_key("Italy, Azerbaijan hold talks.") == text_key("ITALY AZERBAIJAN — hold talks")
    assert text_key(text_key("Mixed_Case line!")) == text_key("Mixed_Case line!")
