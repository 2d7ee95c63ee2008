"""The page trafilatura sees: elements that are never article text cut in place, then put back."""

from __future__ import annotations

from copy import deepcopy

import pytest
from lxml import etree
from lxml import html as lxml_html

from scraper.normalise.pruning import content_only, not_content

PAGE = """<html><head><title>T</title><script>var a = 1;</script></head><body>
<nav>menu<svg><path/></svg></nav>after nav
<article><h1>Headline</h1><aside><p>side text</p><nav>inner</nav></aside>tail of aside<p>One <b>two</b></p>
<div class="fact-box">fact</div><div class="infobox x">info</div>between<script>x()</script>end
<div class="twitter-tweet"><p>tweet</p></div><p>Three</p></article>
<footer>foot</footer><!-- a comment --></body></html>"""


def _dropped_copy(tree):
    """What the page looks like with its head and every `not_content` element removed by lxml's own
    drop_tree."""
    copied = deepcopy(tree)
    for el in [copied.find("head"), *not_content(copied)]:
        el.drop_tree()
    return etree.tostring(copied, encoding="unicode")


def test_cut_as_drop_tree_and_restored_exactly() -> None:
    tree = lxml_html.document_fromstring(PAGE)
    before = etree.tostring(tree, encoding="unicode")
    article = tree.find(".//article")
    expected = _dropped_copy(tree)
    assert [el.tag for el in not_content(tree)] == ["nav", "aside", "div", "div", "script", "div", "footer"]
    with content_only(tree) as pruned:
        seen = etree.tostring(pruned, encoding="unicode")
    assert seen == expected
    assert "<head>" not in seen
    body = seen
    for gone in ("menu", "side text", "inner", "fact", "info", "x()", "tweet", "foot"):
        assert gone not in body, gone
    assert "after nav" in seen and "tail of aside" in seen and "betweenend" in seen
    assert etree.tostring(tree, encoding="unicode") == before
    assert tree.find(".//article") is article  # same nodes, not a copy


def test_restored_when_the_block_fails() -> None:
    tree = lxml_html.document_fromstring(PAGE)
    before = etree.tostring(tree, encoding="unicode")
    with pytest.raises(RuntimeError), content_only(tree):
        raise RuntimeError("extractor failed")
    assert etree.tostring(tree, encoding="unicode") == before
