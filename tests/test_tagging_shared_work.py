"""Work the crawl's two readings of one page share: the tagging (with the publication date) and the story features
(without it) read a text's roles once when the date changes nothing, and give what they gave before."""

from __future__ import annotations

from datetime import datetime

from scraper.tagging import tag_record
from scraper.tagging.anchors import name_anchors
from scraper.tagging.lexicon import lexicon_for
from scraper.tagging.roles import read_roles
from scraper.tagging.stories import story_features
from scraper.tagging.text import tokenize

TITLE = "Azerbaijan, Italy sign military cooperation plan in Rome"
CURRENT = ("Azerbaijan and Italy signed a plan of bilateral military cooperation for 2026 in Rome, the Defense "
           "Ministry said. The delegations agreed on cooperation in military education and military medicine.")
PAST = ("Azerbaijan and Italy signed a plan of bilateral military cooperation in Rome, the Defense Ministry said. "
        "In 2019 the Turkish Defence Ministry signed a cooperation agreement with Italy.")


def test_a_year_that_marks_no_background_shares_the_reading_without_one():
    lex = lexicon_for("en")
    assert read_roles(TITLE, CURRENT, "en", lex, 2026) is read_roles(TITLE, CURRENT, "en", lex, None)
    assert read_roles(TITLE, CURRENT, "en", lex, 2027) is not read_roles(TITLE, CURRENT, "en", lex, None)


def test_a_year_that_marks_background_keeps_its_own_reading():
    lex = lexicon_for("en")
    dated = read_roles(TITLE, PAST, "en", lex, 2026)
    undated = read_roles(TITLE, PAST, "en", lex, None)
    assert dated is not undated
    assert dated.evidence["TR"].score < undated.evidence["TR"].score  # 2019 is the past only with the date


def test_tagging_with_and_without_the_date_and_the_features_agree_with_a_fresh_reading():
    published = datetime(2026, 3, 11)
    first = tag_record(TITLE, PAST, "en", "AZ", published)
    features = story_features(TITLE, PAST, "en")
    assert first.parties == ["AZ", "IT"]
    assert features.countries == frozenset(tag_record(TITLE, PAST, "en").countries)


def test_name_anchors_are_the_same_word_by_word_on_repeated_texts():
    text = "Talks in Rome. Major General Elchin Mammadov met Colonel Rossi of the Italian army in October."
    first = name_anchors(text, tokenize(text))
    # not "Talks" (the first word), Rome (a capital), the titles, "Italian" (a country), "October" (a month)
    assert first == name_anchors(text, tokenize(text)) == {"elchi", "mamad", "rosi"}


def test_the_language_of_a_page_and_of_its_grouping_text_is_told_once(monkeypatch):
    from scraper.tagging import countries
    from scraper.tagging.stories import GROUP_TEXT_CHARS

    calls = []
    identifier = countries.language_identifier

    def counting(**kwargs):
        calls.append(kwargs)
        return identifier(**kwargs)

    monkeypatch.setattr(countries, "language_identifier", counting)
    text = "Le ministre de la Défense a signé un accord de coopération avec son homologue. " * 80
    assert len(text) > GROUP_TEXT_CHARS
    first = countries.detect_language(f"Accord de défense\n{text}")
    again = countries.detect_language(f"Accord de défense\n{text[:GROUP_TEXT_CHARS]}")
    assert first == again == "fr"
    assert len(calls) == 1
