"""The page as trafilatura should see it: the shared tree with the elements that are never article
text cut out in place for the duration of a `with` block, and put back exactly afterwards.

trafilatura copies the tree it is given, so cutting in place and restoring costs far less than a
copy of its own (the cut itself is what `lxml.html`'s `drop_tree` does: a tail joins the previous
sibling or the parent's text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any

from lxml import etree

NOT_CONTENT = frozenset(
    ("svg", "nav", "footer", "aside", "style", "noscript", "template", "iframe", "select", "script"))
"""Elements trafilatura deletes before it looks for the article (its MANUALLY_CLEANED list): cut from
the tree it sees up front, so its many pruning XPath passes walk a smaller tree."""
SIDE_CLASS = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fact-?box|info-?box")
"""Embedded social posts and fact/info boxes: third-party or side material, not the article's text."""


def not_content(tree: Any) -> list[Any]:
    """The outermost elements of the page body that are never article text, in document order
    (one pass that skips what lies inside them; no XPath)."""
    found = []
    for body in tree.iter("body"):
        walk = etree.iterwalk(body, events=("start",))
        for _event, el in walk:
            if el is not body and (el.tag in NOT_CONTENT or SIDE_CLASS.search(el.get("class") or "")):
                found.append(el)
                walk.skip_subtree()
    return found


def _heads(tree: Any) -> list[Any]:
    """The document's `<head>` (trafilatura deletes it before it looks for the article, but only after
    its first XPath passes over the whole page)."""
    return [head for head in tree.iter("head") if head.getparent() is not None]


def _cut(el: Any) -> tuple[Any, Any, int, Any, bool, str | None]:
    """Detach `el` as `lxml.html`'s `drop_tree` does; returns what `_put_back` needs."""
    parent = el.getparent()
    previous = el.getprevious()
    holder = parent if previous is None else previous
    old = parent.text if previous is None else previous.tail
    if el.tail:
        if previous is None:
            parent.text = (old or "") + el.tail
        else:
            previous.tail = (old or "") + el.tail
    index = parent.index(el)
    parent.remove(el)
    return el, parent, index, holder, previous is None, old


def _put_back(el: Any, parent: Any, index: int, holder: Any, in_text: bool, old: str | None) -> None:
    parent.insert(index, el)
    if el.tail:
        if in_text:
            holder.text = old
        else:
            holder.tail = old


@contextmanager
def content_only(tree: Any) -> Iterator[Any]:
    """`tree` without its `not_content` elements inside the block; restored exactly on exit."""
    if sum(1 for _ in tree.iter("body")) > 1:  # not from lxml's parser; cuts could nest: use a copy
        copied = deepcopy(tree)
        for el in not_content(copied):
            if el.getparent() is not None:
                _cut(el)
        yield copied
        return
    undo = []
    try:
        for el in [*_heads(tree), *not_content(tree)]:
            undo.append(_cut(el))
        yield tree
    finally:
        for record in reversed(undo):
            _put_back(*record)
