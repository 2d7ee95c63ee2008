"""The page blocks that extracted lines come from: paragraphs, list items, headings, quotes, rows."""

from __future__ import annotations

from typing import Any

BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "pre", "tr")
"""Page elements a line of text comes from (the nearest of them around a link is its block)."""


def blocks_with_links(tree: Any) -> list[Any]:
    """The blocks of `tree` holding at least one link, each once, in document order (without computing
    their text: most are never needed)."""
    blocks = dict.fromkeys(next(a.iterancestors(*BLOCK_TAGS), None) for a in tree.iter("a"))
    blocks.pop(None, None)
    return list(blocks)
