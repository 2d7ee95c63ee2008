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
