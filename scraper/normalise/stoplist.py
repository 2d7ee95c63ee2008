"""One copy of the stop words trafilatura's justext fallback uses when a page's language is not given.

Without a language, trafilatura (`external.try_justext`) classifies paragraphs with the stop words of all
of justext's 100 languages: a tuple of 154,000 words, which justext (`core.define_stoplist`) keeps again,
lower-cased, as a frozenset cached per tuple: 33 MB in each crawl process that meets one page the fallback
reads. Here the lower-cased frozenset is made (at that first page) and given to trafilatura in place of the
tuple, and justext takes it as it is: the same words, classified the same way, held once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


@functools.cache
def share_stoplist() -> bool:
    """Install the shared stop words (once per process); False, and nothing changed, when the libraries no
    longer have the shape this relies on."""
    try:
        import justext.core
        import trafilatura.external
        from justext.utils import get_stoplist, get_stoplists
    except ImportError:
        return False
    if (getattr(trafilatura.external, "JT_STOPLIST", ()) is not None
            or not callable(getattr(trafilatura.external, "jt_stoplist_init", None))
            or not callable(getattr(justext.core, "define_stoplist", None))):
        return False
    original: Callable[[Any], frozenset[str]] = justext.core.define_stoplist

    @functools.cache
    def all_words() -> frozenset[str]:
        """The words, made at the first page that needs them (most pages never do)."""
        words = frozenset(word.lower() for language in get_stoplists() for word in get_stoplist(language))
        trafilatura.external.JT_STOPLIST = words
        logger.debug("justext's all-language stop words made once: %d words", len(words))
        return words

    def define_stoplist(stoplist: Any) -> frozenset[str]:
        return stoplist if stoplist is all_words() else original(stoplist)

    trafilatura.external.jt_stoplist_init = all_words
    justext.core.define_stoplist = define_stoplist
    return True
