"""Limits shorten rather than drop: an over-long title or tag is cut at a word
boundary with an ellipsis and the article is kept."""

from __future__ import annotations

from types import SimpleNamespace

from scraper.items import FetchedArticle, PageItem
from scraper.normalise import normalise
from scraper.normalise.limits import TAG_CHARS, TITLE_CHARS, shorten
from scraper.pipelines import NormalisePipeline
from tests.helpers.record_pages import NOW, URL, page


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    assert shorten("short title", 400) == "short title"
    cut = shorten("word " * 200, 30)
    assert len(cut) <= 30 and cut.endswith("…") and cut == "word word word word word word…"
    assert shorten("x" * 50, 10) == "x" * 9 + "…"  # no word boundary: cut inside the word


def test_a_600_character_title_is_shortened_not_dropped() -> None:
    long_title = ("Italia e Azerbaigian firmano un accordo navale " * 13).strip()
    assert len(long_title) > 600
    article = normalise(page(title=long_title), URL, now=NOW)
    assert article.title and len(article.title) <= TITLE_CHARS
    assert article.title.endswith("…")
    assert long_title.startswith(article.title[:-1].rstrip())
    assert long_title[len(article.title[:-1].rstrip())] == " "  # cut at a word boundary
    assert "Azərbaycan və İtaliya" in article.body_text


def test_a_long_selector_or_hint_title_is_shortened_too() -> None:
    long_title = "Accordo " * 100
    page = "<html><body><article><p>" + "Testo dell'articolo sulla cooperazione. " * 20 + "</p></article></body></html>"
    article = normalise(page, URL, now=NOW, hints={"title": long_title})
    assert article.title.endswith("…") and len(article.title) <= TITLE_CHARS


def test_a_long_tag_is_shortened_not_dropped() -> None:
    long_tag = "cooperazione navale " * 10
    head = f'<meta property="article:tag" content="{long_tag}"><meta property="article:tag" content="Marina">'
    html = page(head).replace("<meta name='keywords' content='Marina, Azərbaycan, Difesa'>", "")
    tags = normalise(html, URL, now=NOW).tags
    assert len(tags) == 2 and tags[1] == "Marina"
    assert tags[0].endswith("…") and len(tags[0]) <= TAG_CHARS


def test_the_normalise_pipeline_keeps_an_article_with_an_over_long_title() -> None:
    long_title = ("Italia e Azerbaigian firmano un accordo navale " * 13).strip()
    stage = NormalisePipeline(SimpleNamespace(spider=None))  # type: ignore[arg-type]
    kept = stage.process_item(PageItem(URL, page(title=long_title).encode("utf-8"), source="gazette"))
    assert isinstance(kept, FetchedArticle)
    assert kept.article.title.endswith("…") and kept.article.source == "gazette"
