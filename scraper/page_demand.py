"""When a crawl that reads its pages in its own process is held up by that reading: the signal that starts page
workers on demand (``ATTACHE_NORMALISE_WORKERS=auto``).

The crawl process reads (normalises and tags) each fetched page in its reactor thread, so while it reads it
neither downloads nor stores. A polite crawl (a download delay, AutoThrottle) leaves it idle most of the time and
gains nothing from workers; a crawl with politeness lifted, or a site that answers faster than the pages can be
read, keeps it reading nearly all the time, and then workers on the other cores pay (docs/performance.md, "The
first crawl"). `ReadingLoad` measures the share of wall time spent reading over consecutive windows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

WINDOW_SECONDS = 2.0
"""The span over which the share of time spent reading is measured."""
BUSY_SHARE = 0.75
"""The share of a window spent reading pages from which the crawl is held up by reading."""
MIN_PAGES = 10
"""Pages a window must hold to count: a few slow pages are no sign of a large, fast source."""


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ReadingLoad:
    """The share of wall time spent reading pages, window by window; `busy` once a full window held at least
    `MIN_PAGES` pages and `BUSY_SHARE` of its time was spent reading them."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._start: float | None = None
        self._reading = 0.0
        self._pages = 0
        self.busy = False
        self.share = 0.0
        """The share of the last full window spent reading."""

    def add(self, seconds: float) -> bool:
        """Count one page read in `seconds`, ending now; True when this page closed a busy window."""
        now = self.clock()
        if self._start is None:
            self._start = now - seconds
        self._reading += seconds
        self._pages += 1
        span = now - self._start
        if span < WINDOW_SECONDS:
            return False
        self.share = self._reading / span
        self.busy = self._pages >= MIN_PAGES and self.share >= BUSY_SHARE
        self._start, self._reading, self._pages = now, 0.0, 0
        return self.busy
