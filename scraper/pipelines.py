"""Item pipelines: PageItem → normalise → tag → store.

Each stage is a small class; a bad record is dropped with `DropItem(reason)`
and counted by Scrapy's own `item_dropped_count` stat.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from .config import load_config
from .items import Article, PageItem
from .normalise import normalise
from .source import Source
from .store import Store, upsert_article
from .tagging import tag_article

logger = logging.getLogger(__name__)


class _CrawlerPipeline:
    """Base: keeps the crawler, whose spider knows the catalog `Source`."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def source(self) -> Source | None:
        return getattr(self.crawler.spider, "source", None)


class NormalisePipeline(_CrawlerPipeline):
    """Turns a fetched page into an `Article`; drops pages without a title or text."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, PageItem):
            return item
        source = self.source
        try:
            article = normalise(item.body, item.url, source=source, hints=item.hints)
        except Exception as exc:  # a page must never stop the crawl
            logger.exception("normalise failed for %s", item.url)
            raise DropItem(f"normalise failed for {item.url}: {exc}") from exc
        if not article.title:
            raise DropItem(f"no title found on {item.url}")
        if not (article.body_text or article.summary):
            raise DropItem(f"no article text found on {item.url}")
        article.source = item.source
        return _WithOrigin(article, item.url)


class _WithOrigin:
    """An article plus the URL it was fetched from (which may differ from its canonical URL)."""

    __slots__ = ("article", "fetched_url")

    def __init__(self, article: Article, fetched_url: str) -> None:
        self.article = article
        self.fetched_url = fetched_url


class TagPipeline(_CrawlerPipeline):
    """Fills countries and cooperation kinds."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, _WithOrigin):
            source = self.source
            try:
                tag_article(item.article, getattr(source, "country", None))
            except Exception:  # tagging is an enrichment; the record survives without it
                logger.exception("tagging failed for %s", item.article.url)
        return item


class StorePipeline(_CrawlerPipeline):
    """Upserts articles; counts new / updated / unchanged in Scrapy stats."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.database_url = load_config(crawler.settings).database_url
        self.stats: StatsCollector = crawler.stats  # type: ignore[assignment]
        self.store: Store | None = None
        self.seen: set[str] = set()

    def open_spider(self, spider: Any = None) -> None:
        self.store = Store(self.database_url)

    def close_spider(self, spider: Any = None) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, _WithOrigin):
            return item
        article = item.article
        if article.url in self.seen:
            raise DropItem(f"duplicate in this run: {article.url} (fetched as {item.fetched_url})")
        self.seen.add(article.url)
        assert self.store is not None
        country = self.source.country if self.source else None
        with self.store.session() as session:
            result = upsert_article(session, article, datetime.now(UTC), country, fetched_url=item.fetched_url)
        self.stats.inc_value(f"attache/{result}")
        logger.debug("%s: %s", result, article.url)
        return article
