"""Field limits that shorten rather than drop: an over-long value is cut at a word boundary and
ends in an ellipsis, so nothing valid is lost for its length."""

from __future__ import annotations

import logging
import re

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


PAGE_CHARS = 3_000_000
"""The longest page parsed as it is: parsing and extraction cost about 30 MB of memory per MB of page
(the largest page of the dev set has 2.2 million characters). A longer page loses its style sheets,
inline SVG and comments, then, if still too long, its tail."""
BODY_TEXT_CHARS = 200_000
"""The longest body text stored (about 30,000 words; the longest in the dev set has 38,000 characters)."""
BODY_HTML_CHARS = 400_000
"""The longest body HTML stored; a longer one is cut after its last whole block within the bound."""
_BULKY = re.compile(r"<!--|<(style|svg)\b", re.I)
_BLOCK_END = re.compile(r"</(?:p|li|ul|ol|blockquote|table|h2|h3|h4|figure)\s*>", re.I)
_CUT_MARK = f"<p>{ELLIPSIS}</p>"


def _without_bulk(text: str) -> str:
    """`text` without comments, style sheets and inline SVG (one forward pass; an unclosed one stays)."""
    lower = text.lower()
    parts: list[str] = []
    pos = 0
    while (match := _BULKY.search(text, pos)) is not None:
        name = match.group(1)
        closer = "-->" if name is None else f"</{name.lower()}"
        end = lower.find(closer, match.end())
        if end < 0:
            break
        end = end + 3 if name is None else lower.find(">", end) + 1
        if end <= 0:
            break
        parts.append(text[pos:match.start()])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def cut_page(text: str, url: str, limit: int = PAGE_CHARS) -> str:
    """`text` when it has at most `limit` characters; else without its bulk (`_without_bulk`) and, if
    still longer, cut before the last tag that starts within `limit` (logged: the page was cut)."""
    if len(text) <= limit:
        return text
    original = len(text)
    text = _without_bulk(text)
    if len(text) > limit:
        cut = text.rfind("<", 0, limit)
        text = text[: cut if cut > 0 else limit]
    logger.warning("page %s has %d characters, over %d: parsed %d of them", url, original, limit, len(text))
    return text


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
