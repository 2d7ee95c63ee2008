"""Absurdly nested pages: wrappers deeper than any article's markup are unwrapped, so the text inside is kept.

libxml2 drops whatever lies deeper than 256 elements (2,048 with `huge_tree`), and the body extractor
discards the text of deep trees: 3,000 nested `<div><span>` before the paragraphs lost the article. The
page is parsed with `huge_tree`; wrapper elements (div, span, ...) deeper than `MAX_DEPTH` are unwrapped
(their text and children stay in place); a page deeper than the parser's own limit is parsed again with
its wrapper tags removed from the markup.
"""

from __future__ import annotations

import logging
import re
from typing import Any, TypeVar

from lxml import etree

logger = logging.getLogger(__name__)

MAX_DEPTH = 100
"""Wrapper elements deeper than this are unwrapped (real article pages nest 20 to 60 deep)."""
PARSER_DEPTH = 2000
"""A tree this deep reached libxml2's own limit (2,048 with huge_tree): content below it was lost."""
WRAPPERS = frozenset({"div", "span", "section", "font", "center", "b", "i", "u", "em", "strong", "small", "big",
                      "article", "main", "aside", "header", "footer", "nav", "a", "label", "tt", "s", "ins", "del",
                      "blockquote", "q", "sub", "sup", "abbr", "cite", "code", "mark", "bdi", "bdo"})
WRAPPER_TAGS = re.compile(r"</?(?:div|span|section|font|center|b|i|u|em|strong|small|big|ins|del|mark)\b[^>]*>", re.I)
WRAPPER_TAGS_BYTES = re.compile(WRAPPER_TAGS.pattern.encode(), re.I)
Page = TypeVar("Page", str, bytes)


def depth_of(tree: Any) -> int:
    """The depth of the deepest element of `tree` (iteratively: no recursion on a deep tree)."""
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def deeper_than(tree: Any, depth: int) -> bool:
    """True when some element of `tree`'s document lies deeper than `depth` (one XPath in libxml2: each step
    of `/*/*/…` visits one level of the tree once, so no Python object is made per element)."""
    return bool(tree.xpath("boolean(" + "/*" * (depth + 1) + ")"))


def too_deep_for_the_parser(tree: Any) -> bool:
    return depth_of(tree) >= PARSER_DEPTH


def without_wrapper_tags(text: Page) -> Page:
    """`text` (or bytes) without the start and end tags of wrapper elements (their contents stay)."""
    if isinstance(text, bytes):
        return WRAPPER_TAGS_BYTES.sub(b" ", text)
    return WRAPPER_TAGS.sub(" ", text)


def flatten(tree: Any, url: str, limit: int = MAX_DEPTH) -> None:
    """Unwrap the wrapper elements of `tree` deeper than `limit` (logged when there are any)."""
    depth = 0
    deep: list[Any] = []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limit and isinstance(element.tag, str) and element.tag in WRAPPERS:
                deep.append(element)
        else:
            depth -= 1
    for element in reversed(deep):
        element.drop_tag()
    if deep:
        logger.warning("page %s nests deeper than %d elements: %d wrapper elements unwrapped", url, limit, len(deep))
