"""A quick check of a page's declared language by its stop words, so most pages need no language model.

justext's stop-word lists (about 100 languages, shipped with trafilatura's dependencies; codes mapped by
trafilatura's `JUSTEXT_LANGUAGES`; a variant list such as Simple English read as its language) are read
once per process. A declaration is confirmed when the sample's words are mostly running text of that
language (`MIN_SHARE` of them on its list) and no other language's list covers more of them; anything
else (no list for the language, too little text, a closer language) is left to the model.
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
SAME_LANGUAGE = {"Simple_English": "English", "Norwegian_Nynorsk": "Norwegian_Bokmal",
                 "Belarusian_Taraskievica": "Belarusian"}
"""justext lists that are a variant of another language's list: read as that language."""


@functools.cache
def _lists() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """(language code → justext list name, list name → its words); a variant list is merged into its language's."""
    try:
        from justext.utils import get_stoplists
        from trafilatura.external import JUSTEXT_LANGUAGES
    except ImportError:  # the libraries changed shape: every page goes to the model
        return {}, {}
    words: dict[str, frozenset[str]] = {}
    for name in sorted(get_stoplists()):
        # justext's own `get_stoplist`, read in one pass of C rather than a generator over 178,000 words
        data = pkgutil.get_data("justext", f"stoplists/{name}.txt") or b""
        language = SAME_LANGUAGE.get(name, name)
        words[language] = words.get(language, frozenset()) | frozenset(data.decode("utf-8").lower().splitlines())
    names = {code: name for code, name in JUSTEXT_LANGUAGES.items() if name in words}
    logger.debug("stop-word lists of %d languages read", len(words))
    return names, words


def confirms(code: str | None, sample: str) -> bool:
    """True when `sample` reads as running text of the language `code` (a primary subtag) by its stop words."""
    names, lists = _lists()
    name = names.get(code or "")
    if name is None:
        return False
    words = Counter(word.lower() for word in _WORD.findall(sample))
    total = sum(words.values())
    if total < MIN_WORDS:
        return False
    distinct = set(words)  # small: each intersection below walks it, not the list
    own = sum(words[word] for word in distinct & lists[name])
    if own < MIN_SHARE * total:
        return False
    return all(sum(words[word] for word in distinct & stop) <= own for other, stop in lists.items() if other != name)
