"""`CrawlRunRecorder` extension: the per-source lock, the crawl-run row and progress lines.

On spider open it takes the source's lock (a second crawl of the same source
is refused with a clear message) and opens a `crawl_runs` row; on close it
records status and counts from Scrapy's stats. While the crawl runs it logs a
progress line (prefix ``attache-progress``) at most every two seconds.
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

from .config import load_config
from .locks import SourceBusy, SourceLock
from .store import RunCounts, Store, fail_stale_runs, finish_run, start_run

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 2.0


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

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = load_config(crawler.settings)
        self.store: Store | None = None
        self.lock: SourceLock | None = None
        self.run_id: int | None = None
        self.last_error = _LastError()
        self.last_progress = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.progress, signal=signals.item_scraped)
        crawler.signals.connect(ext.progress, signal=signals.item_dropped)
        return ext

    def spider_opened(self, spider: Any) -> None:
        source = getattr(spider, "source", None)
        if source is None:
            return
        lock = SourceLock(self.config.data_dir, source.id)
        try:
            lock.acquire()
        except SourceBusy as exc:
            logger.error("%s; not crawling it again", exc)
            spider.attache_refused = True
            self.crawler.stats.set_value("attache/refused", 1)
            return
        self.lock = lock
        self.store = Store(self.config.database_url)
        now = datetime.now(UTC)
        with self.store.session() as session:
            # We hold the lock, so a run still marked 'running' belongs to a dead process.
            stale = fail_stale_runs(session, now, source.id, reason="interrupted (process ended without closing)")
            self.run_id = start_run(session, source.id, now, pid=os.getpid())
        if stale:
            logger.warning("marked %d interrupted run(s) of %s as failed", stale, source.id)
        logging.getLogger().addHandler(self.last_error)
        logger.info("crawl of %s started (run %s)", source.id, self.run_id)

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
        if self.run_id is None or self.store is None:
            return
        logging.getLogger().removeHandler(self.last_error)
        counts = self.counts()
        started_ok = self.crawler.stats.get_value("attache/start_ok", 0) > 0
        if reason != "finished":
            status = "failed"
            counts.last_error = counts.last_error or f"crawl ended: {reason}"
        elif not started_ok:
            status = "failed"
            counts.last_error = counts.last_error or "no start URL could be read"
        else:
            status = "partial" if counts.errors else "ok"
        try:
            with self.store.session() as session:
                finish_run(session, self.run_id, datetime.now(UTC), status, counts)
        finally:
            self.store.close()
            if self.lock is not None:
                self.lock.release()
        stats_file = self.crawler.settings.get("ATTACHE_STATS_FILE")
        if stats_file:
            _dump_stats(stats_file, self.crawler.stats.get_stats(), status)
        logger.info("crawl of %s ended: %s (new %d, updated %d, unchanged %d, dropped %d, errors %d)",
                    spider.name, status, counts.new, counts.updated, counts.unchanged, counts.dropped,
                    counts.errors)


def _dump_stats(path: str, stats: dict[str, Any], status: str) -> None:
    """Write the crawl's stats as JSON (used by `attache sources --check`)."""
    data = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in stats.items()}
    data["attache/status"] = status
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, default=str)
