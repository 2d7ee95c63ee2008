"""Worker processes that read fetched pages beside the crawl, so one large source can use every core.

With `ATTACHE_NORMALISE_WORKERS=N` (N > 0) the crawl hands each fetched page to a pool of N
processes (started with `spawn`: the crawl process runs threads and a reactor, which `fork` would
copy half-way) that normalise and tag it; the crawl process keeps the downloads, the store and
Scrapy's own work. A worker that dies (a crash, the kernel's OOM killer) costs only the pages it held:
the pool is started again and those pages are dropped with the reason.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from .items import Article, PageItem
from .page_reading import read_and_tag_page
from .sources import Source

logger = logging.getLogger(__name__)

_WARM_UP_PAGE = (b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
                 b"<p>The defence ministers of Italy and Azerbaijan signed a cooperation plan in Rome.</p>"
                 b"</article></body></html>")


def _warm_up() -> None:
    """Load the extractor, the language model and the tagging lexicons before the first real page."""
    try:
        read_and_tag_page(PageItem("http://127.0.0.1/warm-up", _WARM_UP_PAGE), None)
    except Exception:  # a warm-up page is no article for the rules of some version: nothing is lost
        logger.debug("warm-up page not read", exc_info=True)


class WorkerCrashed(RuntimeError):
    """A worker process died while it held the page."""


class PageWorkers:
    """A pool of `count` worker processes reading pages (`read_and_tag_page`)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.count, mp_context=get_context("spawn"), initializer=_warm_up)

    async def read(self, item: PageItem, source: Source | None) -> Article:
        """The tagged article of `item`, read in a worker process (exceptions come back as raised there)."""
        pool = self._pool
        try:
            return await asyncio.wrap_future(pool.submit(read_and_tag_page, item, source))
        except BrokenProcessPool as exc:
            if pool is self._pool:  # the first page to see it starts the workers again
                logger.error("a page worker died while reading %s; starting the workers again", item.url)
                self._pool = self._start()
                pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerCrashed(f"a page worker died while reading {item.url}") from exc

    def close(self) -> None:
        """Stop the workers (pages still queued are abandoned: the crawl is over)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
