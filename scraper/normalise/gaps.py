"""Paragraphs the extractor skipped between two paragraphs it kept, restored.

trafilatura's precision mode drops link-dense paragraphs ("Miyazaki: <a>Takanabe</a>, <a>Shintomi</a>")
even in the middle of the article. A paragraph that sits between two kept paragraphs of the same
container belongs to the text as much as its neighbours; teasers among them are dropped later by the
clean-up (`cleanup._teaser_keys`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from .body import Body, document_of
from .sanitise import clean_line
from .text_key import text_key

logger = logging.getLogger(__name__)

MAX_GAP = 12
"""At most this many skipped sibling paragraphs are restored between two kept ones."""
MAX_WALK = 8 * MAX_GAP
"""At most this many siblings are walked from one kept paragraph looking for the next: the walk is
bounded per kept line, so a page of many paragraphs (or many repeated ones, which all map to the first)
costs linear time, not quadratic."""
_NOT_TEXT = re.compile(r"caption|credit|byline|copyright", re.I)
"""Classes of paragraphs that are no running text (image captions, credits, bylines)."""


def fill_gaps(body: Body, main: Any | None) -> None:
    """Insert, in place, the `<p>` siblings of the article element that the extractor skipped between
    two consecutive kept lines coming from paragraphs of the same parent."""
    if main is None or len(body.lines) < 2 or body.root is None:
        return
    index: dict[str, Any] = {}
    for p in main.iter("p"):
        key = text_key(p.text_content())
        if key:
            index.setdefault(key, p)
    kept = {text_key(line) for line in body.lines}
    lines: list[str] = []
    elements: list[Any] = []
    previous = None
    document = document_of(body.root)
    for line, element in zip(body.lines, body.elements, strict=False):
        current = index.get(text_key(line))
        missing = _skipped_between(previous, current, kept)
        if missing:
            anchor = elements[-1] if elements else None
            for text in missing:
                new = document.new_tag("p")
                new.string = text
                if anchor is not None and anchor.parent is not None:
                    anchor.insert_after(new)
                    anchor = new
                lines.append(text)
                elements.append(new)
            logger.debug("restored %d skipped paragraphs", len(missing))
        lines.append(line)
        elements.append(element)
        previous = current
    body.lines, body.elements = lines, elements


def _skipped_between(previous: Any | None, current: Any | None, kept: set[str]) -> list[str]:
    """The texts of the `<p>` siblings between `previous` and `current` (same parent, `current` after it)
    that were not kept; none when there are more than `MAX_GAP` of them or `current` is not found within
    `MAX_WALK` siblings."""
    if previous is None or current is None or previous is current or previous.getparent() is not current.getparent():
        return []
    missing: list[str] = []
    for walked, sibling in enumerate(previous.itersiblings()):
        if sibling is current:
            return missing if len(missing) <= MAX_GAP else []
        if len(missing) > MAX_GAP or walked >= MAX_WALK:
            return []
        if sibling.tag == "p" and not _NOT_TEXT.search(sibling.get("class") or ""):
            text = clean_line(sibling.text_content())
            if text and text_key(text) not in kept:
                missing.append(text)
    return []
