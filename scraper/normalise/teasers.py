"""Teasers for other pages inside the page: their texts (as comparison keys), for the clean-up."""

from __future__ import annotations

from typing import Any

from .text_key import text_key

LINK_LINE_CHARS = 150
LINK_SHARE = 0.7
_TEASER_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4")


def _flat(el: Any) -> str:
    return " ".join(el.text_content().split())


def teaser_keys(tree: Any) -> set[str]:
    """Texts of teasers for other pages: short paragraphs/list items that are mostly the text of one
    link ("Read also | Other story"), and headlines or paragraphs wrapped inside a link (teaser cards).
    In-page anchors do not count: a table of contents repeats the article's own sub-headings."""
    keys: set[str] = set()
    blocks: dict[Any, list[Any]] = {}
    for a in tree.iter("a"):
        if (a.get("href") or "#").startswith("#"):
            continue
        for inner in a.iter(*_TEASER_BLOCKS):
            keys.add(text_key(inner.text_content()))
        parent = a.getparent()
        for _ in range(3):  # the paragraph or list item holding the link
            if parent is None or parent.tag in ("p", "li"):
                break
            parent = parent.getparent()
        if parent is not None and parent.tag in ("p", "li"):
            blocks.setdefault(parent, []).append(a)
    for block, links in blocks.items():
        if len({a.get("href") for a in links}) > 1:
            continue  # a list of linked names, no teaser for one other page
        text = _flat(block)
        if text and len(text) <= LINK_LINE_CHARS and sum(map(len, map(_flat, links))) >= LINK_SHARE * len(text):
            keys.add(text_key(text))
    keys.discard("")
    return keys
