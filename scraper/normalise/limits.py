"""Field limits that shorten rather than drop: an over-long value is cut at a word boundary and
ends in an ellipsis, so nothing valid is lost for its length."""

from __future__ import annotations

import itertools
import logging
import re
from typing import TypeVar

from .nesting import without_wrapper_tags

logger = logging.getLogger(__name__)

TITLE_CHARS = 400
"""The longest title kept as it is (longer ones are shortened)."""
TAG_CHARS = 80
"""The longest tag kept as it is (longer ones are shortened)."""
ELLIPSIS = "…"
_LAST_SPACE = re.compile(r"\s+\S*$")
_TRAILING = " \t\n,;:-–—|/·•"


def shorten(text: str, limit: int) -> str:
    """`text` when it has at most `limit` characters, else its longest prefix that ends at a word
    boundary, plus "…", within `limit` (a single word longer than that is cut inside the word)."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    if not text[len(head)].isspace():
        space = _LAST_SPACE.search(head)
        if space and space.start() > 0:
            head = head[: space.start()]
    head = head.rstrip(_TRAILING) or text[: limit - len(ELLIPSIS)]
    logger.debug("shortened a %d-character value to %d characters", len(text), len(head) + len(ELLIPSIS))
    return head + ELLIPSIS


PAGE_SIZE = 1_500_000
"""The longest page parsed as it is, in bytes as fetched (or characters when given text). Parsing and
extraction cost about 25 MB of memory per MB of page. A longer page first loses its style sheets,
inline SVG and comments (the dev set's largest page, 2.2 MB, has 0.6 MB left; the largest left is
1.3 MB), then, if still too long, its tail. This happens before decoding, so a 16 MB page never
exists as text (up to 4 bytes a character)."""
BODY_TEXT_CHARS = 200_000
"""The longest body text stored (about 30,000 words; the longest in the dev set has 38,000 characters)."""
BODY_HTML_CHARS = 400_000
"""The longest body HTML stored; a longer one is cut after its last whole block within the bound."""
_BULKY = re.compile(r"<!--|<(style|svg|script)(?=[\s/>])", re.I)
_BULKY_BYTES = re.compile(rb"<!--|<(style|svg|script)(?=[\s/>])", re.I)
_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("style", "svg", "script")}
_CLOSERS_BYTES = {name: re.compile(rf"</{name}\s*>".encode(), re.I) for name in ("style", "svg", "script")}
_BLOCK_END = re.compile(r"</(?:p|li|ul|ol|blockquote|table|h2|h3|h4|figure)\s*>", re.I)
_CUT_MARK = f"<p>{ELLIPSIS}</p>"
PAGE_ELEMENTS = 10_000
"""The most elements (start tags) parsed. The parsers and extractors after the byte bound still do work
that grows faster than the element count on some shapes (trafilatura's readability fallback on 200,000
`<br>`, BeautifulSoup on 100,000 table cells); the dev set's most has 4,110 (median 1,029). A page with
more first loses its style sheets, inline SVG and comments, then, if still over, its tail (cut before the
first tag past the bound), like the byte bound."""
_START_TAG = re.compile(r"<[A-Za-z]")
_START_TAG_BYTES = re.compile(rb"<[A-Za-z]")
Page = TypeVar("Page", str, bytes)


def _without_bulk(page: Page, keep: int | None = None) -> Page:
    """`page` without comments, style sheets and inline SVG (one forward pass, in document order as the HTML
    tokenizer reads it: a script is kept whole, so a `<!--` or `<svg` inside one is not taken for markup;
    an unclosed one ends the pass). With `keep`, only the first `keep` bytes or characters of that are made:
    a 16 MB page is never copied whole to be cut."""
    text = isinstance(page, str)
    bulky, closers = (_BULKY, _CLOSERS) if text else (_BULKY_BYTES, _CLOSERS_BYTES)
    comment_end = "-->" if text else b"-->"
    parts: list[Page] = []
    room = len(page) if keep is None else keep

    def add(start: int, end: int) -> bool:
        """Keep `page[start:end]`, within `room`; True when there is no room left."""
        nonlocal room
        end = min(end, start + room)
        parts.append(page[start:end])
        room -= end - start
        return room <= 0

    pos = 0
    while (match := bulky.search(page, pos)) is not None:
        name = match.group(1)
        if name is not None and name.lower() in ("script", b"script"):
            closing = closers["script"].search(page, match.end())
            if closing is None:
                break
            if add(pos, closing.end()):
                return page[:0].join(parts)
            pos = closing.end()
            continue
        if name is None:
            end = page.find(comment_end, match.end())  # type: ignore[arg-type]
            end = end + 3 if end >= 0 else -1
        else:
            closing = closers[name.lower() if text else name.lower().decode()].search(page, match.end())
            end = closing.end() if closing else -1
        if end < 0:
            break
        if add(pos, match.start()):
            return page[:0].join(parts)
        pos = end
    add(pos, len(page))
    return page[:0].join(parts)


def cut_page(page: Page, url: str, limit: int = PAGE_SIZE) -> Page:
    """`page` (bytes as fetched, or text) when it has at most `limit` bytes or characters; else without its
    bulk (`_without_bulk`) and, if still longer, cut before the last tag that starts within `limit`
    (logged: the page was cut)."""
    if len(page) <= limit:
        return page
    original = len(page)
    page = _without_bulk(page, keep=limit + 1)
    if len(page) > limit:
        cut = page.rfind("<" if isinstance(page, str) else b"<", 0, limit)  # type: ignore[arg-type]
        page = page[: cut if cut > 0 else limit]
    logger.warning("page %s has %d bytes, over %d: parsed %d of them", url, original, limit, len(page))
    return page


def _tag_past(page: Page, limit: int) -> int | None:
    """Where the start tag after the first `limit` ones begins in `page`, or None when it has no more."""
    tags = (_START_TAG if isinstance(page, str) else _START_TAG_BYTES).finditer(page)  # type: ignore[arg-type]
    return next((match.start() for match in itertools.islice(tags, limit, None)), None)


def cap_elements(page: Page, url: str, limit: int = PAGE_ELEMENTS) -> Page:
    """`page` when it has at most `limit` start tags; else without its bulk (`_without_bulk`); if still over,
    without its wrapper tags (`nesting.without_wrapper_tags`: div, span, ...; their text stays) when that
    brings it within `limit` (thousands of nested or empty wrappers); else cut before its first start tag past
    `limit` (logged: the page was cut)."""
    if _tag_past(page, limit) is None:
        return page
    original = len(page)
    page = _without_bulk(page)
    past = _tag_past(page, limit)
    if past is not None:
        unwrapped = without_wrapper_tags(page)
        if _tag_past(unwrapped, limit) is None:
            logger.warning("page %s has more than %d elements: parsed without its wrapper tags", url, limit)
            return unwrapped
        page = page[:past]
    logger.warning("page %s has more than %d elements: parsed %d of its %d bytes", url, limit, len(page), original)
    return page


def cut_html(html: str, limit: int = BODY_HTML_CHARS) -> str:
    """`html` when it has at most `limit` characters; else its blocks up to the last one that ends within
    `limit`, then an ellipsis paragraph (open elements are closed by the caller's sanitiser)."""
    if len(html) <= limit:
        return html
    end = 0
    for end_match in _BLOCK_END.finditer(html, 0, limit - len(_CUT_MARK)):
        end = end_match.end()
    head = html[:end] if end else html[: html.rfind("<", 0, limit - len(_CUT_MARK))]
    logger.info("body HTML of %d characters cut to %d", len(html), len(head))
    return head + _CUT_MARK
