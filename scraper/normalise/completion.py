"""Completing a body the extractor cut short, by agreement with the page's own JSON-LD articleBody.

Some pages split the article over several containers (ads or widgets in between) and the main-content
extractor keeps only the first. When the page's JSON-LD `articleBody` is much longer than what was
extracted and agrees with it, the body becomes the page's own paragraphs and headings whose text the
articleBody contains, in document order — markup kept, nothing the publisher did not call the article.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from .body import Body, body_from_elements
from .sanitise import clean_line
from .text_key import text_key

logger = logging.getLogger(__name__)

MIN_GROWTH = 1.3
"""articleBody must be this much longer than the extracted text before it is considered."""
MIN_AGREEMENT = 0.6
MIN_COVER = 0.6
"""Share of articleBody the rebuilt body must reach."""
"""Share of the extracted text that articleBody must contain (else they describe different things)."""
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_BLOCKS = "//body//*[self::p or self::h2 or self::h3 or self::h4 or self::li or self::blockquote]"


def complete_body(body: Body, tree: Any, article_body: Any, url: str) -> Body:
    """`body`, or a fuller body rebuilt from the page's blocks that articleBody vouches for."""
    if not isinstance(article_body, str) or len(article_body) < 500:
        return body
    reference = text_key(_MARKDOWN_LINK.sub(r"\1", html.unescape(article_body)))
    extracted = text_key(body.text)
    if len(reference) < MIN_GROWTH * len(extracted) or not extracted:
        return body
    long_lines = [text_key(line) for line in body.lines if len(line) >= 40]
    if not long_lines or sum(k in reference for k in long_lines) < MIN_AGREEMENT * len(long_lines):
        return body
    picked: list[Any] = []
    seen: set[str] = set()
    for el in tree.xpath(_BLOCKS):
        if el.xpath("ancestor::script or ancestor::noscript or .//p"):
            continue
        key = text_key(el.text_content())
        if len(key) >= 15 and key in reference and key not in seen:
            seen.add(key)
            picked.append(el)
    covered = sum(len(text_key(el.text_content())) for el in picked)
    if covered < max(len(extracted) * MIN_GROWTH, MIN_COVER * len(reference)):
        return body
    logger.debug("body completed from articleBody: %d → %d characters", len(extracted), covered)
    fuller = body_from_elements(picked, url)
    fuller.lines = [clean_line(line) for line in fuller.lines]
    return fuller
