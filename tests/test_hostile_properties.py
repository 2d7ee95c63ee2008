"""Property-based tests (hypothesis) of hostile input (issue 13): normalisation never raises, feeds built from any
record parse and carry no active content, and text survives into every format exactly once-escaped."""

from __future__ import annotations

import html
import json
import re

import feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from feeds.build import feed_doc
from feeds.catalog import FeedSpec
from feeds.clean import plain_text
from feeds.model import build_entries
from feeds.render import FORMATS, render
from scraper.normalise import normalise
from scraper.safe_text import xml_forbidden
from tests.conftest import make_config
from tests.test_feeds_render import hostile_row

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL = "https://news.example.org/a/1"

# --- pages --------------------------------------------------------------------------------------------------

reference = st.one_of(
    st.integers(0, 0x11FFFF).map(lambda c: f"&#{c};"),
    st.integers(0, 0x11FFFF).map(lambda c: f"&#x{c:X}"),
    st.sampled_from(["&amp;", "&lt;", "&gt;", "&nbsp;", "&copy;", "&bogus;", "&", "&#;", "&#x;"]),
)
words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
raw_controls = st.text(st.characters(max_codepoint=0x1F), max_size=3)
fragment = st.lists(st.one_of(words, reference, raw_controls), max_size=12).map("".join)
tags = st.sampled_from(["p", "div", "span", "b", "a", "article", "section", "table", "td", "li", "ul", "script",
                        "style", "h1", "h2", "blockquote", "figure", "svg", "iframe", "main", "time"])
element = st.recursive(
    fragment,
    lambda inner: st.tuples(tags, st.lists(inner, max_size=4)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=30,
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "shift_jis", "koi8-r", "gb18030"])
declared = st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1251", "shift_jis", "bogus-charset", "utf-16"])


@st.composite
def pages(draw: st.DrawFn) -> tuple[bytes | str, str | None]:
    """A page: random elements, control references, a nesting depth up to 3,000, in some encoding or as text."""
    depth = draw(st.integers(0, 3000))
    body = "".join(draw(st.lists(element, max_size=6)))
    meta = draw(st.sampled_from(["", "<meta charset='utf-8'>", "<meta charset='shift_jis'>", "<meta charset=x>"]))
    title = draw(fragment)
    text = (f"<html><head>{meta}<title>{title}</title></head><body><article><h1>{title}</h1>"
            + "<div>" * depth + body + "</div>" * depth + "</article></body></html>")
    if draw(st.booleans()):
        return text, draw(declared)
    return text.encode(draw(encodings), errors="replace"), draw(declared)


@PROPERTY_SETTINGS
@given(pages())
def test_normalise_gives_a_record_never_an_exception(page: tuple[bytes | str, str | None]) -> None:
    """Arbitrary HTML with control references, odd encodings and deep nesting: normalise returns a record (the
    pipeline keeps it, or rejects it with a reason when it has no title or no text) and never raises; no field
    holds a character XML forbids, and the body HTML holds no active content."""
    data, charset = page
    article = normalise(data, URL, hints={"encoding": charset} if charset else None)
    for value in (article.title, article.summary, article.body_text, article.body_html, *article.authors,
                  *article.tags):
        assert not any(xml_forbidden(c) for c in value), value
    assert not _active(article.body_html)


# --- feeds --------------------------------------------------------------------------------------------------

hostile_html = st.lists(st.one_of(
    words,
    st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>j</a>",
                     "<iframe src='https://evil.example'></iframe>", "<p onclick='steal()'>p</p>", "<style>b{}</style>",
                     "<svg onload=alert(1)>", "<object data=x></object>", "<a href=' jav&#x09;ascript:x'>t</a>",
                     "&lt;script&gt;", "<p>ok</p>", "<b>", "</p>", "\x00\x07\ufffe"]),
), max_size=10).map("".join)
text_fields = st.lists(st.one_of(words, reference, st.sampled_from(["<", ">", "&", ";", "<b>", "R&amp;D", "<x y>"])),
                       max_size=10).map("".join)
printable = st.text(st.characters(exclude_categories=["Cs", "Cc", "Co", "Cn"]), max_size=30)
"""Text without the characters normalisation removes (controls, surrogates, noncharacters)."""
markup_like = st.lists(st.one_of(printable, st.sampled_from(
    ["<", ">", "&", ";", "<b>", "</p>", "R&amp;D", "&lt;p&gt;", "&#38;", "&copy;", "<Steadfast Defender>",
     "<img src=x onerror=alert(1)>", "<script>x()</script>", "  "])), min_size=1, max_size=10).map("".join)


def _active(markup: str) -> list[str]:
    """Active content in an HTML fragment: script-like elements, on* attributes, javascript: URLs."""
    if not markup.strip():
        return []
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    found = [el.tag for el in tree.iter() if el.tag in ("script", "iframe", "object", "embed", "style", "svg")]
    for el in tree.iter():
        for name, value in el.attrib.items():
            if name.lower().startswith("on") or re.sub(r"[\s\x00-\x20]", "", value).lower().startswith("javascript:"):
                found.append(f"{el.tag}@{name}")
    return found


def _render_all(tmp_path_factory, row) -> dict[str, bytes]:
    config = make_config(tmp_path_factory.mktemp("feeds"))
    spec = FeedSpec("all", "All", "Everything")
    entries = build_entries([row], config.public_base_url)
    return {fmt: render(feed_doc(config, spec, entries), entries, fmt) for fmt in FORMATS}


def _html_fields(data: bytes, fmt: str) -> list[str]:
    """The fields of a feed that readers take as HTML."""
    if fmt == "json":
        return [item["content_html"] for item in json.loads(data)["items"]]
    tree = etree.fromstring(data)
    names = ("description", "{http://purl.org/rss/1.0/modules/content/}encoded", "{http://www.w3.org/2005/Atom}content")
    return [el.text or "" for el in tree.iter(*names)]


@PROPERTY_SETTINGS
@given(title=text_fields, summary=text_fields, body=hostile_html, author=text_fields, tag=text_fields)
def test_any_record_gives_feeds_that_parse_and_carry_no_active_content(tmp_path_factory, title: str, summary: str,
                                                                       body: str, author: str, tag: str) -> None:
    row = hostile_row(title=title, summary=summary, body_html=body, body_text=plain_text(body),
                      authors=[author], tags=[tag])
    for fmt, data in _render_all(tmp_path_factory, row).items():
        if fmt == "json":
            json.loads(data)
        else:
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (fmt, parsed.get("bozo_exception"))
            assert len(parsed.entries) == 1
        for markup in _html_fields(data, fmt):
            assert not _active(markup), (fmt, markup)


@PROPERTY_SETTINGS
@given(title=markup_like, summary=markup_like)
def test_text_survives_into_every_format_exactly_once_escaped(tmp_path_factory, title: str, summary: str) -> None:
    """A title and summary with <, & and entities read back from RSS, Atom (feedparser) and JSON Feed (json) as
    the same text (whitespace collapsed): escaped once for each layer, never decoded or stripped as HTML."""
    expected_title = " ".join(title.split())[:300]
    expected_summary = " ".join(summary.split())[:300]
    if not expected_title or not expected_summary or expected_summary != " ".join(summary.split()):
        return  # an empty title or summary is replaced (by the URL, the title): not this property
    row = hostile_row(title=title, summary=summary, body_html="<p>Body.</p>")
    for fmt, data in _render_all(tmp_path_factory, row).items():
        if fmt == "json":
            item = json.loads(data)["items"][0]
            got = (item["title"], item["summary"])
        else:
            entry = feedparser.parse(data).entries[0]
            got = tuple(html.unescape(entry[key]) if entry[f"{key}_detail"].type == "text/html" else entry[key]
                        for key in ("title", "summary"))
        assert got == (expected_title, expected_summary), fmt
