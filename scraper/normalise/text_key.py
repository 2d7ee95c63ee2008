"""The comparison key of a text, shared by the normalisation steps that match lines against each other."""

from __future__ import annotations

import functools
import re

_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=4096)
def text_key(text: str) -> str:
    """`text` case-folded with everything but letters and digits removed ("Read more:" → "readmore").
    Cached: the same lines are compared by several steps of one page."""
    return _NOT_WORD.sub("", text.casefold())
