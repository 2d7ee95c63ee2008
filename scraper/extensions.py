"""Attaché's extensions and HTTP-cache components.

- `CrawlRunRecorder`: the per-source lock, the crawl-run row and progress lines. On
  spider open it takes the source's lock (a second crawl of the same source is refused
  with a clear message) and opens a `crawl_runs` row; on close it records status and
  counts from Scrapy's stats: ``empty`` (the warning state, with the reason in
  ``last_error``) when the start pages were read but no article link was found
  (``attache/links_found`` is 0; known links count as found). While the crawl runs it logs a progress line (prefix
  ``attache-progress``) at most every two seconds. On PostgreSQL the lock is an advisory lock held by a
  connection of its own: every ``ATTACHE_LOCK_CHECK_SECONDS`` (default 10) the crawl asks that connection whether
  the lock is still its own; when the connection was dropped (so another crawl of the source could start) the
  crawl stops at once and its run is failed with the reason (``lock_lost``), instead of going on unlocked.
- `PeakMemoryUsage`: Scrapy's memusage extension (``MEMUSAGE_LIMIT_MB`` stops the crawl), measuring the
  crawl's own peak RSS (``VmHWM``) instead of ``ru_maxrss``, which on Linux carries the peak of the
  process that started the crawl (execve keeps it): a crawl started by a large process was stopped at once.
  With page workers, what the workers and their fork server hold (their summed PSS) is added: the limit
  guards the whole crawl, not its first process only; workers started on demand
  (``ATTACHE_NORMALISE_WORKERS=auto``) raise the limit and the warning by ``WORKER_MEMORY_MB`` each.
- `DataDirCacheStorage` and `RevalidatingRFC2616Policy`: Scrapy's HTTP cache, kept in
  the data directory, with an RFC 2616 policy that also revalidates ``no-cache`` pages.
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.extensions.memusage import MemoryUsage
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro

from .config import Config, load_config, memory_warning
from .crawl_resources import crawl_resources
from .locks import SourceBusy, SourceLock
from .process_memory import proc_bytes
from .store import (
    EMPTY,
    RunCounts,
    RunNotRecorded,
    Store,
    finish_run,
    interrupt_stale_runs,
    start_run,
    this_node,
    write_run,
)
from .store.source_lock import AdvisoryLock, source_lock

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 2.0
LOCK_CHECK_SECONDS = 10.0
"""How often a crawl on PostgreSQL checks that its source lock's connection still holds the lock (a setting:
ATTACHE_LOCK_CHECK_SECONDS)."""
LOCK_LOST = "lock_lost"
"""The close reason of a crawl whose source lock went with its database connection."""
RUN_NOT_RECORDED = "cannot record its run"
"""Marks the error line of a crawl whose run row could not be written (the database stayed locked); the
crawl's parent (`scraper.app.crawls`) then records the failed run itself."""


class _LastError(logging.Handler):
    """Remembers the last ERROR-level message logged during the crawl."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.message: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.message = record.getMessage()[:2000]
        except Exception:  # a broken log call must not break the crawl
            self.message = str(record.msg)[:2000]


class CrawlRunRecorder:
    """Records each crawl run in the store and guards it with the source lock."""

    def __init__(self, crawler: Crawler, config: Config, store: Store, stats_file: str | None = None) -> None:
        self.crawler = crawler
        self.config = config
        self.store = store
        self.stats_file = stats_file
        self.lock: SourceLock | AdvisoryLock | None = None
        self.run_id: int | None = None
        self.last_error = _LastError()
        self.last_progress = 0.0
        self.lock_check: Any = None
        """Scrapy's looping call (asyncio's or Twisted's, as the reactor is) of `check_lock`."""
        self.lock_lost: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        resources = crawl_resources(crawler)
        ext = cls(crawler, resources.config, resources.store, crawler.settings.get("ATTACHE_STATS_FILE"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.progress, signal=signals.item_scraped)
        crawler.signals.connect(ext.progress, signal=signals.item_dropped)
        return ext

    def spider_opened(self, spider: Any) -> None:
        source = getattr(spider, "source", None)
        if source is None:
            return
        lock = source_lock(self.config.data_dir, self.config.database_url, source.id)
        try:
            lock.acquire()
        except SourceBusy as exc:
            logger.error("%s; not crawling it again", exc)
            spider.attache_refused = True
            self.crawler.stats.set_value("attache/refused", 1)
            return
        self.lock = lock
        now = datetime.now(UTC)
        # On a Scrapyd node: the node's URL (ATTACHE_NODE, set by the scheduler) and the job id (`_job`).
        node, job_id = self.crawler.settings.get("ATTACHE_NODE") or None, getattr(spider, "_job", None)

        def begin(session: Any) -> tuple[int, int]:
            # We hold the lock, so a run still marked 'running' belongs to a dead process.
            stale = interrupt_stale_runs(session, now, source.id, "interrupted (process ended without closing)")
            return stale, start_run(session, source.id, now, pid=os.getpid(), node=node or this_node(), job_id=job_id)

        try:
            stale, self.run_id = write_run(self.store.session, begin)
        except RunNotRecorded as exc:  # nothing is stored without its run: this crawl stops before it starts
            logger.error("%s %s: the database stayed locked: %s; not crawling", source.id, RUN_NOT_RECORDED, exc)
            spider.attache_refused = True
            self.crawler.stats.set_value("attache/refused", 1)
            lock.release()
            self.lock = None
            return
        if stale:
            logger.warning("marked %d run(s) of %s left running by a dead process as interrupted", stale, source.id)
        logging.getLogger().addHandler(self.last_error)
        logger.info("crawl of %s started (run %s)", source.id, self.run_id)
        if isinstance(lock, AdvisoryLock):
            every = self.crawler.settings.getfloat("ATTACHE_LOCK_CHECK_SECONDS", LOCK_CHECK_SECONDS)
            self.lock_check = create_looping_call(self.check_lock, spider)
            self.lock_check.start(every, now=False)

    def check_lock(self, spider: Any) -> None:
        """The keepalive of an advisory source lock: stop the crawl when its connection no longer holds it."""
        if self.lock is None or self.lock_lost is not None or self.lock.held():
            return
        self.lock_lost = (f"the lock on source {spider.source.id!r} was lost with its database connection "
                          "(server restart, network cut or terminated session); stopped rather than crawl unlocked")
        logger.error("%s", self.lock_lost)
        if self.lock_check is not None and self.lock_check.running:
            self.lock_check.stop()
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=LOCK_LOST))

    def counts(self) -> RunCounts:
        stats = self.crawler.stats
        get = stats.get_value
        return RunCounts(
            new=get("attache/new", 0), updated=get("attache/updated", 0),
            unchanged=get("attache/unchanged", 0), dropped=get("item_dropped_count", 0),
            errors=get("log_count/ERROR", 0), requests=get("downloader/request_count", 0),
            last_error=self.last_error.message,
        )

    def progress(self, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        if now - self.last_progress < PROGRESS_EVERY_SECONDS:
            return
        self.last_progress = now
        c = self.counts()
        logger.info("attache-progress: %d requests, new %d, updated %d, unchanged %d, dropped %d, errors %d",
                    c.requests, c.new, c.updated, c.unchanged, c.dropped, c.errors)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None:
            return
        logging.getLogger().removeHandler(self.last_error)
        if self.lock_check is not None and self.lock_check.running:
            self.lock_check.stop()
        counts = self.counts()
        started_ok = self.crawler.stats.get_value("attache/start_ok", 0) > 0
        if reason == "closespider_pagecount":  # the crawl's response bound: what it stored stays
            status = "partial"
            counts.last_error = (f"stopped after {self.crawler.settings.getint('CLOSESPIDER_PAGECOUNT')} responses "
                                 "(ATTACHE_CRAWL_MAX_RESPONSES)")
        elif reason == LOCK_LOST:
            status = "failed"
            counts.last_error = self.lock_lost
        elif reason != "finished":
            status = "failed"
            counts.last_error = counts.last_error or f"crawl ended: {reason}"
        elif not started_ok:
            status = "failed"
            counts.last_error = counts.last_error or "no start URL could be read"
        elif not self.crawler.stats.get_value("attache/links_found", 0):
            status = EMPTY
            counts.last_error = _empty_reason(spider.source) + (
                f" (last error: {counts.last_error})" if counts.last_error else "")
        else:
            status = "partial" if counts.errors else "ok"
        run_id, finished = self.run_id, datetime.now(UTC)
        try:
            write_run(self.store.session, lambda session: finish_run(session, run_id, finished, status, counts))
        except RunNotRecorded as exc:  # the parent process records the run as failed, with this line
            logger.error("%s %s (run %d, %s: new %d, updated %d, unchanged %d): the database stayed locked: %s",
                         spider.source.id, RUN_NOT_RECORDED, run_id, status, counts.new, counts.updated,
                         counts.unchanged, exc)
        finally:
            if self.lock is not None:
                self.lock.release()
        if self.stats_file:
            _dump_stats(self.stats_file, self.crawler.stats.get_stats(), status)
        logger.info("crawl of %s ended: %s (new %d, updated %d, unchanged %d, dropped %d, errors %d)",
                    spider.name, status, counts.new, counts.updated, counts.unchanged, counts.dropped,
                    counts.errors)


class PeakMemoryUsage(MemoryUsage):
    """Scrapy's `MemoryUsage` on this process's own peak RSS plus its page workers' current PSS (see the module
    docstring); the peak is also taken when the spider closes, so ``memusage/max`` in the crawl's stats covers the
    whole crawl."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.resources = crawl_resources(crawler)
        self._set_limit, self._set_warning = self.limit, self.warning
        crawler.signals.connect(self.update, signal=signals.spider_closed)

    def _check_limit(self) -> None:
        self._allow_for_workers()
        super()._check_limit()

    def _check_warning(self) -> None:
        self._allow_for_workers()
        super()._check_warning()

    def _allow_for_workers(self) -> None:
        """The limit and the warning grow by `WORKER_MEMORY_MB` for each page worker started on demand."""
        extra = self.resources.memory_allowance_mb * 1024 * 1024
        if self._set_limit:
            self.limit = self._set_limit + extra
        if self._set_warning:
            self.warning = self._set_warning + memory_warning(extra)

    def get_virtual_size(self) -> int:
        workers = self.resources.running_page_workers
        return self._own_peak() + (workers.memory_bytes() if workers is not None else 0)

    def _own_peak(self) -> int:
        peak = proc_bytes("/proc/self/status", "VmHWM:")
        return peak if peak is not None else super().get_virtual_size()


def _empty_reason(source: Any) -> str:
    """Why a crawl that read its start pages found no article link (the `empty` warning's text)."""
    if source.kind == "html":
        return (f"no article link: no link on the listing pages matches article_pattern '{source.article_pattern}' "
                "(has the site changed?)")
    what = "feed" if source.kind == "feed" else "sitemap"
    if source.article_pattern:
        return f"no article link: the {what} had no entry matching article_pattern '{source.article_pattern}'"
    return f"no article link: the {what} had no entries"


def _dump_stats(path: str, stats: dict[str, Any], status: str) -> None:
    """Write the crawl's stats as JSON (used by `attache sources --check`)."""
    data = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in stats.items()}
    data["attache/status"] = status
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, default=str)


class DataDirCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache, stored under ``<data dir>/httpcache``."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.cachedir = str(load_config(settings).data_dir / "httpcache")


class RevalidatingRFC2616Policy(RFC2616Policy):
    """Scrapy's RFC 2616 policy, also revalidating responses marked ``no-cache``.

    Scrapy's policy treats a ``Cache-Control: no-cache`` response as stale but
    returns before adding ``If-None-Match`` / ``If-Modified-Since``, so such
    pages (common on news sites) are downloaded whole every time. RFC 7234
    says no-cache means "revalidate before use", which this does.
    """

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        fresh = super().is_cached_response_fresh(cachedresponse, request)
        if not fresh:
            self._set_conditional_validators(request, cachedresponse)
        return fresh
