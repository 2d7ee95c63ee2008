"""Article HTML that exists only inside a script (client-rendered pages: a JSON state object or a
streamed payload carrying the article's HTML as an escaped string)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from lxml import html as lxml_html

from .body import Body, body_from_elements

logger = logging.getLogger(__name__)

MIN_TEXT = 400
"""Characters of text the embedded HTML must hold to count as an article."""
_STRING = re.compile(r'"((?:[^"\\]|\\.){300,})"', re.S)
_TAG = re.compile(r"<[^>]+>")
_CAPTIONS = "//*[contains(@class, 'caption') or self::figcaption or self::figure or self::script or self::style]"


def _embedded_html(tree: Any) -> str | None:
    """The longest escaped HTML string with paragraphs found in the page's scripts."""
    best, best_len = None, MIN_TEXT
    for script in tree.xpath("//script[not(@type='application/ld+json')][not(@src)]"):
        code = script.text or ""
        if "u003cp" not in code and "<p" not in code:
            continue
        for match in _STRING.finditer(code):
            raw = match.group(1)
            if "u003cp" not in raw and "<p" not in raw:
                continue
            try:
                value = json.loads(f'"{raw}"')
            except ValueError:
                continue
            text_len = len(_TAG.sub("", value))
            if "<p" in value and text_len > best_len:
                best, best_len = value, text_len
    return best


def body_from_scripts(tree: Any, url: str) -> Body | None:
    """A body from article HTML embedded in a script, or None when there is none."""
    found = _embedded_html(tree)
    if not found:
        return None
    root = lxml_html.fragment_fromstring(found, create_parent="div")
    for el in root.xpath(_CAPTIONS):
        if el.getparent() is not None:
            el.drop_tree()
    body = body_from_elements([root], url)
    logger.debug("body taken from a script: %d lines", len(body.lines))
    return body if body.lines else None
