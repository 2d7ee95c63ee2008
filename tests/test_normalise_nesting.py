"""Absurdly nested pages keep their article: wrappers past any real page's depth are unwrapped, and a page
deeper than the parser's own limit is parsed again without its wrapper tags (issue 13, hostile input)."""

from __future__ import annotations

import logging

import pytest
from lxml import html as lxml_html

from scraper.normalise import normalise
from scraper.normalise.limits import PAGE_ELEMENTS
from scraper.normalise.nesting import MAX_DEPTH, depth_of, flatten
from tests.helpers.record_pages import BODY, NOW, TITLE, URL, page


@pytest.mark.parametrize("levels", [0, 60, 130, 1000, 3000, 20_000])
def test_an_article_inside_deep_wrappers_keeps_its_whole_text(levels: int, caplog) -> None:
    """Before: past 128 levels of <div><span> libxml2 dropped the paragraphs (256 elements), and the extractor
    discarded deep trees: body_text came back empty and the article was dropped."""
    body = "<div><span>" * levels + BODY + "</span></div>" * levels
    with caplog.at_level(logging.WARNING):
        article = normalise(page(body=body), URL, now=NOW)
    assert article.title == TITLE
    assert "Il ministro della Difesa ha dichiarato" in article.body_text
    assert "nümayəndə heyəti Şuşa şəhərində görüşüb" in article.body_text
    assert "interoperabilità delle due flotte" in article.body_text
    messages = [r.getMessage() for r in caplog.records]
    if levels * 2 > PAGE_ELEMENTS:  # the element bound takes the wrapper tags out before parsing
        assert any("elements: parsed without its wrapper tags" in message for message in messages)
    else:
        assert (levels * 2 > MAX_DEPTH) == any("nests deeper" in message for message in messages)


def test_flatten_unwraps_only_wrappers_past_the_limit_and_keeps_their_text() -> None:
    tree = lxml_html.document_fromstring("<html><body>" + "<div>x" * 300 + "<p>kept</p>" + "</div>" * 300
                                         + "</body></html>", parser=lxml_html.HTMLParser(huge_tree=True))
    assert depth_of(tree) == 303
    flatten(tree, URL, limit=50)
    assert depth_of(tree) == 51
    assert tree.text_content() == "x" * 300 + "kept"
