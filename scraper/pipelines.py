"""Item pipelines: PageItem → normalise → tag → store.

Each stage is a small class; a bad record is dropped with `DropItem(reason)`
and counted by Scrapy's own `item_dropped_count` stat. The source a stage
works for is the crawl's spider's catalog `Source`, read when the spider opens.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from .crawl_resources import CrawlResources, crawl_resources
from .items import Article, FetchedArticle, PageItem
from .page_demand import ReadingLoad
from .page_reading import PageRejected, read_page, tag_read_article
from .page_workers import PageWorkers, WorkerCrashed
from .sources import Source
from .store import (
    Store,
    article_count,
    set_tagger_version,
    stored_tagger_version,
    upsert_article,
    upsert_articles,
)
from .tagging.version import TAGGER_VERSION

logger = logging.getLogger(__name__)

BATCH_SIZE = 20
"""Articles per store transaction (`ATTACHE_STORE_BATCH`)."""
FLUSH_SECONDS = 0.25
"""The longest an article waits for its batch (`ATTACHE_STORE_FLUSH_SECONDS`)."""


class _SourcePipeline:
    """Base: knows the catalog `Source` of the crawl's spider once it opens."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.source: Source | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.source = getattr(self.crawler.spider, "source", None)


class NormalisePipeline(_SourcePipeline):
    """Turns a fetched page into a `FetchedArticle`; drops pages without a title or text.

    With page workers (`ATTACHE_NORMALISE_WORKERS`), a worker process reads and tags the page while the
    crawl goes on, and the item comes back tagged. With ``auto`` (the default) pages are read in the crawl
    process until reading them keeps it busy (`page_demand.ReadingLoad`); then workers are started for the rest of
    the crawl, one a usable core."""

    def __init__(self, crawler: Crawler, resources: CrawlResources | None = None) -> None:
        super().__init__(crawler)
        self.resources = resources
        self.workers: PageWorkers | None = resources.page_workers if resources is not None else None
        self.load = ReadingLoad() if resources is not None and resources.workers_on_demand else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        return cls(crawler, crawl_resources(crawler))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, PageItem):
            return item
        if self.workers is not None:
            return self._read_in_worker(item)
        started = time.perf_counter()
        try:
            article = read_page(item, self.source)
        except PageRejected as exc:
            raise DropItem(str(exc)) from None
        except Exception as exc:  # a page must never stop the crawl
            logger.exception("normalise failed for %s", item.url)
            raise DropItem(f"normalise failed for {item.url}: {exc}") from exc
        finally:
            if self.load is not None and self.load.add(time.perf_counter() - started):
                self._start_workers()
        return FetchedArticle(article, item.url)

    def _start_workers(self) -> None:
        """Reading pages keeps the crawl busy: the rest of its pages go to page workers started now."""
        assert self.resources is not None and self.load is not None
        load, self.load = self.load, None
        self.workers = self.resources.start_workers_on_demand()
        if self.workers is not None:
            logger.info("the crawl process was on a CPU %.0f%% of the time, %.0f%% reading pages: %d page workers "
                        "started for the rest", 100 * load.cpu_share, 100 * load.share, self.workers.count)
            self.crawler.stats.set_value("attache/page_workers_on_demand", self.workers.count)

    def _read_in_worker(self, item: PageItem) -> Any:
        assert self.workers is not None
        workers, source = self.workers, self.source

        async def read() -> FetchedArticle:
            try:
                article = await workers.read(item, source)
            except PageRejected as exc:
                raise DropItem(str(exc)) from None
            except WorkerCrashed as exc:
                raise DropItem(str(exc)) from exc
            except Exception as exc:  # a page must never stop the crawl
                logger.error("normalise failed for %s: %s", item.url, exc)
                raise DropItem(f"normalise failed for {item.url}: {exc}") from exc
            return FetchedArticle(article, item.url, tagged=True)
        return deferred_from_coro(read())


class TagPipeline(_SourcePipeline):
    """Fills countries and cooperation kinds (unless a page worker did, with the page)."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, FetchedArticle) and not item.tagged:
            tag_read_article(item.article, self.source)
        return item


class StorePipeline(_SourcePipeline):
    """Upserts articles in batches; counts new / updated / unchanged in Scrapy stats; passes on the `Article`.

    Articles wait in a batch until `ATTACHE_STORE_BATCH` of them are there or `ATTACHE_STORE_FLUSH_SECONDS`
    passed since the first, whichever comes first, and when the spider closes; each batch is one
    transaction (`store.upsert_articles`). An article is passed on (and counted, and seen by the crawl's
    run record) only once its batch is committed, so an acknowledged article is a stored one: a crash
    loses at most the articles of an open batch, unacknowledged and unknown, which the next crawl fetches
    again. A batch that fails is stored again article by article, so one bad record costs only itself."""

    def __init__(self, crawler: Crawler, store: Store) -> None:
        super().__init__(crawler)
        self.store = store
        self.stats: StatsCollector = crawler.stats  # type: ignore[assignment]
        self.seen: set[str] = set()
        self.batch_size = max(1, crawler.settings.getint("ATTACHE_STORE_BATCH", BATCH_SIZE))
        self.flush_seconds = max(0.0, crawler.settings.getfloat("ATTACHE_STORE_FLUSH_SECONDS", FLUSH_SECONDS))
        self.pending: dict[str, tuple[FetchedArticle, Deferred]] = {}
        self._timer: CallLaterResult | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, crawl_resources(crawler).store)

    def open_spider(self, spider: Any = None) -> None:
        """Also: a crawl into an empty store records the tagger version that tags it, so the daemon does
        not retag these articles at its next start as if an older tagger had tagged them."""
        super().open_spider(spider)
        try:
            with self.store.session() as session:
                if stored_tagger_version(session) is None and article_count(session) == 0:
                    set_tagger_version(session, TAGGER_VERSION)
        except SQLAlchemyError as exc:  # only a hint for the daemon's retag: the crawl goes on without it
            logger.warning("could not record the tagger version: %s", getattr(exc, "orig", None) or exc)

    def close_spider(self, spider: Any = None) -> None:
        """Store the open batch."""
        self.flush()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, FetchedArticle):
            return item
        article: Article = item.article
        if article.url in self.seen or article.url in self.pending:
            raise DropItem(f"duplicate in this run: {article.url} (fetched as {item.fetched_url})")
        stored: Deferred = Deferred()
        self.pending[article.url] = (item, stored)
        if len(self.pending) >= self.batch_size:
            self.flush()
        elif self._timer is None:
            self._timer = call_later(self.flush_seconds, self.flush)
        return stored

    def flush(self) -> None:
        """Store the open batch in one transaction and pass its articles on."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self.pending = list(self.pending.values()), {}
        if not batch:
            return
        country = self.source.country if self.source else None
        try:
            with self.store.session() as session:
                results = upsert_articles(session, [(item.article, item.fetched_url) for item, _ in batch],
                                          datetime.now(UTC), country)
        except Exception as exc:  # every waiting item must get an answer, or the crawl waits for ever
            logger.warning("could not store a batch of %d articles (%s): storing them one by one", len(batch),
                           type(getattr(exc, "orig", None) or exc).__name__)
            for item, stored in batch:
                self._store_one(item, stored)
            return
        for (item, stored), result in zip(batch, results, strict=True):
            self._stored(item, result, stored)

    def _store_one(self, item: FetchedArticle, stored: Deferred) -> None:
        article = item.article
        country = self.source.country if self.source else None
        try:
            with self.store.session() as session:
                result = upsert_article(session, article, datetime.now(UTC), country, fetched_url=item.fetched_url)
        except Exception as exc:  # not stored: the next crawl fetches it again (it is not known)
            cause = getattr(exc, "orig", None) or exc
            logger.error("could not store %s: %s: %s", article.url, type(cause).__name__, cause)
            stored.errback(Failure(DropItem(f"could not store {article.url}: {cause}")))
            return
        self._stored(item, result, stored)

    def _stored(self, item: FetchedArticle, result: str, stored: Deferred) -> None:
        self.seen.add(item.article.url)
        self.stats.inc_value(f"attache/{result}")
        logger.debug("%s: %s", result, item.article.url)
        stored.callback(item.article)
