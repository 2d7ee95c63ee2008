"""After an upgrade: the daemon tags the stored articles again once when the tagger version changed.

Known pages are not fetched again, so without this an upgrade's better tagger would reach only new
articles. At start the daemon compares the store's recorded tagger version with `TAGGER_VERSION`; when
they differ (or none is recorded on a store with articles) it runs `retag_store` over every article in a
background thread, stopping between articles when the daemon stops; the caller then republishes. A
fresh, empty store only records the version.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from scraper.app.retagging import RetagResult, record_tagger_version, retag_store, tagger_check
from scraper.store import Store

logger = logging.getLogger(__name__)


def retag_after_upgrade(store: Store, cancelled: Callable[[], bool]) -> RetagResult | None:
    """Retag every stored article when the store's tagger version is not the current one.

    Returns the result, or None when there was nothing to do (same version, or an empty store, which
    only gets the version recorded).
    """
    check = tagger_check(store)
    if check.up_to_date:
        return None
    if not check.needs_retag:
        record_tagger_version(store)
        logger.info("tagger version %s recorded (empty store)", check.current)
        return None
    versions = f"tagger {check.stored or 'unrecorded'} → {check.current}"
    logger.info("retagging %d stored article(s) in the background (%s)", check.articles, versions)
    started = time.monotonic()
    result = retag_store(store, cancelled=cancelled)
    seconds = time.monotonic() - started
    failed = f", {result.failed} failed (kept their tags)" if result.failed else ""
    if result.stopped:
        logger.info("retag stopped after %d of %d article(s) (%s); it starts again with the next daemon",
                    result.done, result.total, versions)
    else:
        logger.info("retagged %d articles (%s): %d changed%s in %.1f s", result.done, versions, result.changed,
                    failed, seconds)
    return result
