"""Worker processes that read fetched pages beside the crawl, so one large source can use every core.

With `ATTACHE_NORMALISE_WORKERS=N` (N > 0) the crawl hands each fetched page to a pool of N
processes that normalise and tag it. They are forked by a `forkserver` (the crawl process runs threads and a
reactor, which `fork` would copy half-way): a fresh process that first loads and warms the reading modules
(`scraper.page_worker_server`), so the workers share one copy of the extractor, the language model and the
lexicons, copy-on-write; the crawl process keeps the downloads, the store and Scrapy's own work. A worker that
dies (a crash, the kernel's OOM killer) costs only the pages it held: the pool is started again and those pages
are dropped with the reason.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import active_children, forkserver, get_context
from multiprocessing.context import BaseContext

from .items import Article, PageItem
from .page_reading import read_and_tag_page
from .process_memory import proc_bytes
from .sources import Source

logger = logging.getLogger(__name__)

_SERVER_MODULE = "scraper.page_worker_server"
"""What the fork server imports before it forks a worker: the reading modules, loaded and warmed once."""


def _forkserver() -> BaseContext:
    """The `forkserver` context, its server preloading `_SERVER_MODULE`."""
    context = get_context("forkserver")
    context.set_forkserver_preload([_SERVER_MODULE])
    return context


def _stop_forkserver() -> None:
    """Stop the fork server and wait for it (its CPU time and its workers' then count as this process's
    children's), so that no server outlives the crawl; the next pool starts a new one."""
    forkserver._forkserver._stop()  # noqa: SLF001 - the standard library has no public call for this


def _proportional_set_size(pid: int) -> int:
    """The process's proportional set size in bytes (a page shared by n processes counts 1/n); 0 once it is gone."""
    return proc_bytes(f"/proc/{pid}/smaps_rollup", "Pss:") or 0


class WorkerCrashed(RuntimeError):
    """A worker process died while it held the page."""


class PageWorkers:
    """A pool of `count` worker processes reading pages (`read_and_tag_page`)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.count, mp_context=_forkserver())

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

    def memory_bytes(self) -> int:
        """What the workers and their fork server hold now: the sum of their proportional set sizes, so the
        modules and models they share, loaded once in the server, count once."""
        server = forkserver._forkserver._forkserver_pid  # noqa: SLF001 - no public call gives it
        workers = [child.pid for child in active_children() if child.pid is not None]
        return sum(_proportional_set_size(pid) for pid in ([server] if server else []) + workers)

    def close(self) -> None:
        """Stop the workers (pages still queued are abandoned: the crawl is over)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        _stop_forkserver()
