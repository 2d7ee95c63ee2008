"""The comparison key of a text, shared by the normalisation steps that match lines against each other."""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """`text` case-folded with everything but letters and digits removed ("Read more:" → "readmore")."""
    return _NOT_WORD.sub("", text.casefold())
