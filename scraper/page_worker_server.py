"""Imported by the page workers' fork server (`scraper.page_workers`), and only there: reading it warms the
reading modules once, before any worker is forked.

The fork server is a fresh, single-threaded process; it imports this module (its `preload`), then forks one
process per page worker. Whatever it loaded here — the extractor's modules, py3langid's model, every tagging
lexicon, the warm-up page's caches — each worker starts with, shared copy-on-write instead of read again in
every worker. `gc.freeze()` keeps the collector from writing to those objects (and so copying their pages).
"""

from __future__ import annotations

import gc
import logging

from .items import PageItem
from .languages import language_identifier
from .page_reading import read_and_tag_page
from .tagging.data_files import role_lexicon
from .tagging.lexicon import LANGUAGES, lexicon_for

logger = logging.getLogger(__name__)

WARM_UP_PAGE = (b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
                b"<p>The defence ministers of Italy and Azerbaijan signed a cooperation plan in Rome.</p>"
                b"</article></body></html>")


def warm_up() -> None:
    """Load the extractor, the language model and every tagging lexicon, and read one page through them."""
    language_identifier()
    for language in LANGUAGES:
        lexicon_for(language)
        role_lexicon(language)
    try:
        read_and_tag_page(PageItem("http://127.0.0.1/warm-up", WARM_UP_PAGE), None)
    except Exception:  # a warm-up page is no article for the rules of some version: nothing is lost
        logger.debug("warm-up page not read", exc_info=True)


warm_up()
gc.freeze()
