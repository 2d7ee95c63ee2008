"""When a crawl that reads its pages in its own process is held up by that reading: the signal that starts page
workers on demand (``ATTACHE_NORMALISE_WORKERS=auto``).

The crawl process reads (normalises and tags) each fetched page in its reactor thread, so while it reads it
neither downloads nor stores. A polite crawl (a download delay, AutoThrottle) leaves it idle most of the time and
gains nothing from workers; a crawl with politeness lifted, or a site that answers faster than the pages can be
read, keeps it busy, most of the time reading, and then workers on the other cores pay (docs/performance.md, "The
first crawl"). `ReadingLoad` measures, over consecutive windows, the share of wall time the process spent on a
CPU and the share it spent reading pages.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

WINDOW_SECONDS = 2.0
"""The span over which the share of time spent reading is measured."""
CPU_SHARE = 0.85
"""The share of a window the crawl process spent on a CPU from which it is busy (Scrapy, the store and reading
together: a crawl held up by reading spends 75-85 % of its time reading, the rest on downloads and the store)."""
READING_SHARE = 0.5
"""The share of a window spent reading pages from which reading is what keeps it busy."""
MIN_PAGES = 10
"""Pages a window must hold to count: a few slow pages are no sign of a large, fast source."""


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ReadingLoad:
    """The shares of wall time spent on a CPU and reading pages, window by window; `busy` once a full window held at
    least `MIN_PAGES` pages, `CPU_SHARE` of its time on a CPU and `READING_SHARE` reading."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 cpu_clock: Callable[[], float] = time.process_time) -> None:
        self.clock = clock
        self.cpu_clock = cpu_clock
        self._start: float | None = None
        self._cpu_start = 0.0
        self._reading = 0.0
        self._pages = 0
        self.busy = False
        self.share = 0.0
        """The share of the last full window spent reading."""
        self.cpu_share = 0.0
        """The share of the last full window the process spent on a CPU."""

    def add(self, seconds: float) -> bool:
        """Count one page read in `seconds`, ending now; True when this page closed a busy window."""
        now, cpu = self.clock(), self.cpu_clock()
        if self._start is None:
            self._start, self._cpu_start = now - seconds, cpu - seconds
        self._reading += seconds
        self._pages += 1
        span = now - self._start
        if span < WINDOW_SECONDS:
            return False
        self.share, self.cpu_share = self._reading / span, (cpu - self._cpu_start) / span
        self.busy = self._pages >= MIN_PAGES and self.share >= READING_SHARE and self.cpu_share >= CPU_SHARE
        self._start, self._cpu_start, self._reading, self._pages = now, cpu, 0.0, 0
        return self.busy
