"""Limits shorten rather than drop: an over-long title or tag is cut at a word
boundary with an ellipsis and the article is kept."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from scraper.items import FetchedArticle, PageItem
from scraper.normalise import normalise
from scraper.normalise.limits import (
    BODY_HTML_CHARS,
    BODY_TEXT_CHARS,
    PAGE_ELEMENTS,
    PAGE_SIZE,
    TAG_CHARS,
    TITLE_CHARS,
    cap_elements,
    cut_html,
    cut_page,
    shorten,
)
from scraper.pipelines import NormalisePipeline
from tests.helpers.hostile_site import CROWDS, crowded_article_html
from tests.helpers.record_pages import NOW, URL, page
from tests.helpers.site_fixtures import make_articles


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


def _big_article(paragraphs: int, head: str = "") -> str:
    """An article page of `paragraphs` distinct paragraphs (about 830 characters each)."""
    text = "Defence ministers met in Brussels to sign a cooperation agreement on training and logistics. " * 9
    body = "".join(f"<p>Paragraph {i}. {text}</p>\n" for i in range(paragraphs))
    return page(head=head, body=body, title="A very long defence report")


def test_a_page_over_the_parse_bound_is_cut_and_its_fields_are_bounded(caplog) -> None:
    """A 15.5 MB article (issue 13, item 5) is parsed up to PAGE_SIZE, and stored with bounded body text
    and HTML: its first paragraphs, whole, then an ellipsis; nothing of the page's head is lost."""
    html = _big_article(18_700)
    assert len(html) > 15_500_000
    with caplog.at_level(logging.WARNING, logger="scraper.normalise.limits"):
        article = normalise(html.encode("utf-8"), URL, now=NOW)
    assert any(f"bytes, over {PAGE_SIZE}: parsed" in r.getMessage() for r in caplog.records)
    assert article.title == "A very long defence report"
    assert article.body_text.startswith("Paragraph 0. Defence ministers")
    assert len(article.body_text) <= BODY_TEXT_CHARS and article.body_text.endswith("…")
    assert len(article.body_html) <= BODY_HTML_CHARS + 20
    assert article.body_html.startswith("<p>Paragraph 0.") and article.body_html.endswith("<p>…</p>")
    assert article.body_html.count("<p>") == article.body_html.count("</p>")
    assert article.tags == ["Marina", "Azərbaycan", "Difesa"]


def test_the_bulk_of_an_over_long_page_goes_before_its_text() -> None:
    """Inline style sheets and SVG of 4 MB ahead of the article are dropped, not the article after them."""
    bulk = "<style>" + ".x{color:red}" * 200_000 + "</style><svg>" + "<path d='M0 0'/>" * 100_000 + "</svg>"
    article = normalise(page(head=bulk), URL, now=NOW)
    assert len(bulk) > PAGE_SIZE
    assert "Azərbaycan və İtaliya" in article.body_text and article.title


def test_pages_and_bodies_of_the_dev_set_sizes_are_not_cut() -> None:
    """The bounds are far above a normal article: a 2.3 MB page of 1 MB of style sheets and 1.3 MB of text (the
    dev set's largest page is 2.2 MB, and 1.3 MB at most once its bulk is gone) keeps all of its text, and a
    38,000-character body (the dev set's longest) is stored whole."""
    html = _big_article(45)
    assert 37_000 < len(html) < 40_000
    filler = "<div hidden>" + "x " * 630_000 + "</div>"
    padded = html.replace("<title>", "<style>" + ".a{b:c}" * 150_000 + "</style><title>").replace(
        "</body>", filler + "</body>")
    assert len(padded) > 2_300_000
    kept = cut_page(padded, URL)
    assert kept == padded.replace("<style>" + ".a{b:c}" * 150_000 + "</style>", "")
    assert cut_page(padded.encode(), URL) == kept.encode()
    article = normalise(html, URL, now=NOW)
    assert article.body_text.count("Paragraph ") == 45 and not article.body_text.endswith("…")
    assert not article.body_html.endswith("<p>…</p>")


def test_cut_html_keeps_whole_blocks() -> None:
    html = "<ul>" + "<li>item one two three</li>" * 100 + "</ul>"
    cut = cut_html(html, 300)
    assert len(cut) <= 300 and cut.endswith("</li><p>…</p>") and cut.startswith("<ul><li>")
    assert cut_html(html, len(html)) == html


@pytest.mark.parametrize("shape", sorted(CROWDS))
def test_a_page_of_many_small_elements_is_cut_to_the_element_bound_and_kept(shape: str, caplog) -> None:
    """30,000 <p>, 100,000 empty <div>, 50,000 links, 20,000 table cells, 180,000 <br> after the article's own
    text (`CROWDS`): from 10 s to minutes of normalisation each without the bound (the soak's 8 MiB page hit
    its crawl time limit); the page is cut to PAGE_ELEMENTS elements (the divs lose their tags instead), and
    the record keeps its title, date and text. (Timing: `make bench-hostile`.)"""
    article = make_articles(1)[0]
    html = crowded_article_html(article, "http://127.0.0.1:1", shape)
    with caplog.at_level(logging.WARNING, logger="scraper.normalise.limits"):
        record = normalise(html.encode("utf-8"), "http://127.0.0.1:1" + article.path, now=NOW)
    assert any(f"has more than {PAGE_ELEMENTS} elements: parsed" in r.getMessage() for r in caplog.records)
    assert record.title == article.title
    assert record.published == article.published
    assert record.body_text.startswith(article.paragraphs[0])
    assert all(paragraph in record.body_text for paragraph in article.paragraphs)


def test_the_element_bound_drops_bulk_first_and_cuts_before_a_tag() -> None:
    """A page over the element bound only through its inline SVG loses the SVG, not its text; one over it
    through wrapper elements (div, span, ...) loses their tags, not their text; another page still over it is
    cut right before the first start tag past the bound; a page within it is untouched."""
    text = page()
    svg = "<svg>" + "<path d='M0 0'/>" * (PAGE_ELEMENTS + 10) + "</svg>"
    assert cap_elements(text, URL) is text
    with_svg = text.replace("<article>", svg + "<article>")
    assert cap_elements(with_svg, URL) == text
    assert cap_elements(with_svg.encode(), URL) == text.encode()
    crowded = text.replace("</article>", "<li>x</li>" * PAGE_ELEMENTS + "</article>")
    cut = cap_elements(crowded, URL, limit=100)
    assert crowded.startswith(cut) and cut.endswith("</li>")
    assert cut.count("<") - cut.count("</") == 100
    wrapped = text.replace("</article>", "<div><span>x</span></div>" * PAGE_ELEMENTS + "</article>")
    unwrapped = cap_elements(wrapped, URL)
    assert "<div" not in unwrapped and "<span" not in unwrapped and unwrapped.count("x") >= PAGE_ELEMENTS



def test_an_over_long_page_is_cut_without_copying_it_whole() -> None:
    """Cutting a 15.5 MB page (a script in its head) makes about twice the bound's worth of new bytes (it made
    two whole copies, 32 MB more at the crawl's peak), and the cut is the same as from the whole copy."""
    import tracemalloc

    html = _big_article(18_700, head='<script type="application/ld+json">{}</script>').encode("utf-8")
    tracemalloc.start()
    try:
        kept = cut_page(html, URL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(html) > 15_500_000 and len(kept) <= PAGE_SIZE
    assert peak < 2 * PAGE_SIZE + 100_000
    assert kept == html[: html.rfind(b"<", 0, PAGE_SIZE)]
