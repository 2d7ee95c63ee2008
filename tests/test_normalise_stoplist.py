"""trafilatura's justext fallback keeps its all-language stop words once (`scraper.normalise.stoplist`)."""

from __future__ import annotations

import justext.core
import trafilatura.external
from justext.utils import get_stoplist, get_stoplists

from scraper.normalise import normalise
from scraper.normalise.stoplist import share_stoplist

SHORT_PAGE = ("<html><head><title>Staff talks held in Baku</title></head><body><article><h1>Staff talks held in "
              "Baku</h1><p>Delegations met for round 1 of the staff talks on training and exercises.</p>"
              "<p>Defence ministers met in Rome to review bilateral cooperation and training.</p>"
              "</article></body></html>")


def test_the_fallback_stop_words_are_the_same_words_held_once() -> None:
    """A short page takes trafilatura's justext fallback: its stop words are justext's own for all languages,
    lower-cased (what `define_stoplist` made of trafilatura's tuple), and justext uses that set as it is
    instead of a second, lower-cased copy (33 MB → 20 MB in a crawl process)."""
    assert share_stoplist()
    article = normalise(SHORT_PAGE.encode(), "http://127.0.0.1:1/news/talks.html")
    assert "Delegations met for round 1" in article.body_text
    words = trafilatura.external.JT_STOPLIST
    assert isinstance(words, frozenset)
    stock = frozenset(word.lower() for word in {w for language in get_stoplists() for w in get_stoplist(language)})
    assert words == stock and len(words) > 100_000
    assert justext.core.define_stoplist(words) is words
    assert justext.core.define_stoplist(("The", "And")) == frozenset({"the", "and"})
