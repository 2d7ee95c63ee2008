"""A quick check of a page's declared language by its stop words, so most pages need no language model.

justext's stop-word lists (about 100 languages, shipped with trafilatura's dependencies; codes mapped by
trafilatura's `JUSTEXT_LANGUAGES`; a variant list such as Simple English read as its language) are read
once into one index, word → the languages listing it. A
declaration is confirmed when the sample's words are mostly running text of that language
(`MIN_SHARE` of them on its list) and no other language's list covers more of them; anything else
(no list for the language, too little text, a closer language) is left to the model.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter

logger = logging.getLogger(__name__)

MIN_WORDS = 30
"""Fewer words than this in the sample: no quick answer."""
MIN_SHARE = 0.2
"""The share of the sample's words that must be stop words of the declared language."""
_WORD = re.compile(r"\w+")
SAME_LANGUAGE = {"Simple_English": "English", "Norwegian_Nynorsk": "Norwegian_Bokmal",
                 "Belarusian_Taraskievica": "Belarusian"}
"""justext lists that are a variant of another language's list: read as that language."""


@functools.cache
def _index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(language code → justext list name, lower-cased stop word → the list names holding it)."""
    try:
        from justext.utils import get_stoplist, get_stoplists
        from trafilatura.external import JUSTEXT_LANGUAGES
    except ImportError:  # the libraries changed shape: every page goes to the model
        return {}, {}
    names = {code: name for code, name in JUSTEXT_LANGUAGES.items() if name in get_stoplists()}
    holders: dict[str, set[str]] = {}
    for name in sorted(get_stoplists()):
        for word in {word.lower() for word in get_stoplist(name)}:
            holders.setdefault(word, set()).add(SAME_LANGUAGE.get(name, name))
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    index = {word: shared.setdefault(tuple(sorted(found)), tuple(sorted(found))) for word, found in holders.items()}
    logger.debug("stop-word index: %d words of %d lists", len(index), len(get_stoplists()))
    return names, index


def confirms(code: str | None, sample: str) -> bool:
    """True when `sample` reads as running text of the language `code` (a primary subtag) by its stop words."""
    names, index = _index()
    name = names.get(code or "")
    if name is None:
        return False
    words = Counter(word.lower() for word in _WORD.findall(sample))
    total = sum(words.values())
    if total < MIN_WORDS:
        return False
    hits: Counter[str] = Counter()
    for word, count in words.items():
        for holder in index.get(word, ()):
            hits[holder] += count
    own = hits[name]
    return own >= MIN_SHARE * total and own >= max(hits.values())
