"""A quick check of a page's declared language by its stop words, so most pages need no language model.

The check reads justext's stop-word list of the declared language (shipped with trafilatura's
dependencies; codes mapped by trafilatura's `JUSTEXT_LANGUAGES`), one small list per language met, and
confirms the declaration when at least `MIN_SHARE` of the sample's words are on it: running text of that
language, not a page in another language behind a template's `lang`. Anything else (no list for the
language, too little text, too few of its stop words) is left to the language model. Close relatives
(Norwegian and Danish, Czech and Slovak) share their stop words: a page declaring one and written in the
other keeps its declaration, as it would whenever the model is not confident.
"""

from __future__ import annotations

import functools
import logging
import pkgutil
import re
from collections import Counter

logger = logging.getLogger(__name__)

MIN_WORDS = 30
"""Fewer words than this in the sample: no quick answer."""
MIN_SHARE = 0.2
"""The share of the sample's words that must be stop words of the declared language."""
_WORD = re.compile(r"\w+")


@functools.cache
def _names() -> dict[str, str]:
    """Language code → the name of its justext list."""
    try:
        from justext.utils import get_stoplists
        from trafilatura.external import JUSTEXT_LANGUAGES
    except ImportError:  # the libraries changed shape: every page goes to the model
        return {}
    lists = get_stoplists()
    return {code: name for code, name in JUSTEXT_LANGUAGES.items() if name in lists}


@functools.cache
def _stop_words(name: str) -> frozenset[str]:
    """The words of one justext list (justext's own `get_stoplist`, read in one pass of C)."""
    data = pkgutil.get_data("justext", f"stoplists/{name}.txt") or b""
    return frozenset(data.decode("utf-8").lower().splitlines())


def confirms(code: str | None, sample: str) -> bool:
    """True when `sample` reads as running text of the language `code` (a primary subtag) by its stop words."""
    name = _names().get(code or "")
    if name is None:
        return False
    words = Counter(word.lower() for word in _WORD.findall(sample))
    total = sum(words.values())
    if total < MIN_WORDS:
        return False
    stop = _stop_words(name)
    return sum(count for word, count in words.items() if word in stop) >= MIN_SHARE * total
