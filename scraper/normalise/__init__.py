"""Normalisation: one fetched page (HTML text or bytes) → one `Article` record.

`normalise()` is pure (no I/O, no Scrapy). Evidence order per field: source selectors →
JSON-LD / microdata → OpenGraph / meta → generic extraction → URL; hints (from a feed entry or
news sitemap) fill fields the page is silent about. One failing field never loses the record.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from lxml import html as lxml_html

from ..items import Article
from ..sources import Source
from .authors import choose_authors, normalise_authors
from .body import Body, body_from_elements, extract_body
from .canonical import choose_canonical_url
from .cleanup import tidy_body
from .decode import decode_page
from .extras import choose_images, choose_rights, choose_summary, choose_tags, figure_captions
from .inline import add_links_and_images
from .language import choose_language
from .limits import (
    BODY_HTML_CHARS,
    BODY_TEXT_CHARS,
    PAGE_SIZE,
    TITLE_CHARS,
    cap_elements,
    cut_html,
    cut_page,
    shorten,
)
from .metadata import PageMeta, read_meta
from .nesting import MAX_DEPTH, deeper_than, flatten, too_deep_for_the_parser, without_wrapper_tags
from .pubdate import choose_dates
from .sanitise import clean_block, clean_line, sanitise_html
from .scripted import body_from_scripts
from .selectors import select
from .title import choose_title

__all__ = ["normalise"]

logger = logging.getLogger(__name__)
T = TypeVar("T")
SCRIPT_FALLBACK_CHARS = 200
"""An extracted body shorter than this is looked for in the page's scripts as well."""
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _safe(field_name: str, url: str, default: T, fn: Callable[[], T]) -> T:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - one bad field never loses the record
        logger.warning("normalise: field %s failed for %s", field_name, url, exc_info=True)
        return default


def _parse(text: str, url: str, data: bytes | None = None) -> Any:
    """The page tree, its absurd nesting flattened (`nesting`); `data`, when given, is `text` encoded as
    UTF-8 (libxml2 reads those bytes faster than a str and builds the same tree)."""
    declaration = _XML_DECL.match(text)
    if declaration:
        text, data = text[declaration.end():], None
    try:
        if text and not text.isspace():
            tree = _tree(text, data)
            if not deeper_than(tree, MAX_DEPTH):  # every real article page: nothing to walk
                return tree
            if too_deep_for_the_parser(tree):
                logger.warning("normalise: %s nests deeper than the parser's limit: parsed without wrapper tags", url)
                tree = _tree(without_wrapper_tags(text), None)
            flatten(tree, url)
            return tree
    except Exception:  # noqa: BLE001 - unparseable input still gives an (empty) record
        logger.warning("normalise: cannot parse %s", url, exc_info=True)
    return lxml_html.document_fromstring("<html><body></body></html>")


def _tree(text: str, data: bytes | None) -> Any:
    """libxml2's tree of the page, without its default depth limit (`nesting` bounds the depth after)."""
    if data is None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: lxml's own handling of the str
            return lxml_html.document_fromstring(text, parser=lxml_html.HTMLParser(huge_tree=True))
    return lxml_html.document_fromstring(data, parser=lxml_html.HTMLParser(encoding="utf-8", huge_tree=True))


def _main_scope(tree: Any) -> Any | None:
    for xpath in ("//article[.//h1]", "//main[.//h1]", "//*[@itemprop='articleBody']/..", "//article", "//main"):
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return None


def content_hash(title: str, body_text: str) -> str:
    """sha256 hex of the title and body text (stable across runs)."""
    return hashlib.sha256(f"{title}\n{body_text}".encode()).hexdigest()


def normalise(
    html: str | bytes,
    url: str,
    *,
    source: Source | None = None,
    hints: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Article:
    """Normalise one page into an `Article` (see the module docstring for the evidence order).

    `hints` may carry title, summary, published, updated, authors, language, tags and encoding (the
    HTTP charset); `now` (default: the current time) bounds dates: later ones are rejected.
    """
    hints = dict(hints or {})
    now = now or datetime.now(UTC)
    if len(html) > PAGE_SIZE:
        html = _safe("cut", url, html[:PAGE_SIZE], lambda: cut_page(html, url, PAGE_SIZE))
    html = _safe("cut", url, html, lambda: cap_elements(html, url))
    text, data = _safe("decode", url, ("", None), lambda: decode_page(html, hints.get("encoding")))
    tree = _parse(text, url, data)
    meta = _safe("metadata", url, PageMeta(), lambda: read_meta(tree, url))
    selected, selected_elements = _safe("selectors", url, ({}, {}),
                                        lambda: select(tree, source.selectors if source else None))
    main = _safe("main", url, None, lambda: _main_scope(tree))
    article = Article(url=url, source=source.id if source else None)

    article.url = _safe("url", url, url, lambda: choose_canonical_url(
        url, meta.links.get("canonical", [])[:1] + meta.meta.get("og:url", [])[:1]))
    article.title = shorten(_safe("title", url, "", lambda: clean_line(
        " ".join(selected["title"][:1]) if "title" in selected else choose_title(tree, meta, main)
    )) or clean_line(hints.get("title")), TITLE_CHARS)
    article.summary = _safe("summary", url, "", lambda: clean_line(
        selected["summary"][0] if "summary" in selected else choose_summary(meta, hints)))

    if "body" in selected_elements:
        body = _safe("body", url, Body(), lambda: body_from_elements(selected_elements["body"], url))
    else:
        body = _safe("body", url, Body(), lambda: extract_body(tree, url))
        if len(body.text) < SCRIPT_FALLBACK_CHARS:
            body = _safe("body", url, body, lambda: body_from_scripts(tree, url) or body)

    declared = [meta.lang, meta.first_meta("content-language", "dc.language", "language"),
                meta.article.get("inLanguage") if isinstance(meta.article.get("inLanguage"), str) else None,
                meta.first_meta("og:locale"), hints.get("language")]
    sample = body.text or f"{article.title}\n{article.summary}"
    article.language = _safe("language", url, None, lambda: choose_language(
        declared, sample, source.language if source else None))
    date_language = article.language or (source.language if source else None)
    zone = _safe("dates", url, None, lambda: ZoneInfo(source.timezone) if source and source.timezone else None)
    article.published, article.updated = _safe("dates", url, (None, None), lambda: choose_dates(
        tree, meta, url, main=main, language=date_language, now=now, selected=selected, hints=hints,
        zone=zone, page_source=text))

    authors = _safe("authors", url, [], lambda: normalise_authors(selected["authors"])
                    if "authors" in selected else choose_authors(tree, meta))
    if not authors and hints.get("authors"):
        hinted = hints["authors"]
        authors = normalise_authors([hinted] if isinstance(hinted, str) else list(hinted))
    article.authors = authors

    if "body" not in selected_elements:
        titles = (meta.first_meta("og:title") or "", str(meta.article.get("headline") or ""),
                  tree.findtext(".//title") or "")
        _safe("body", url, None, lambda: tidy_body(
            body, tree=tree, title=article.title, description=article.summary, authors=authors,
            titles=titles, main=main))
    article.body_text = shorten(clean_block(body.text), BODY_TEXT_CHARS)
    _safe("body_html", url, None, lambda: add_links_and_images(body, tree, url))
    article.body_html = _safe("body_html", url, "", lambda: body.html)
    if len(article.body_html) > BODY_HTML_CHARS:
        article.body_html = sanitise_html(cut_html(article.body_html))

    captions = _safe("images", url, {}, lambda: figure_captions(tree, url))
    article.images = _safe("images", url, [], lambda: choose_images(
        meta, url, body.images, captions, selected.get("image", [])))
    article.rights = _safe("rights", url, None, lambda: choose_rights(tree, meta, selected.get("rights", []), text))
    article.tags = _safe("tags", url, [], lambda: choose_tags(meta, hints, selected.get("tags", [])))
    article.content_hash = content_hash(article.title, article.body_text)
    return article
