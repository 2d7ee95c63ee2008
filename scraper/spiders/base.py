"""`CatalogSpider`: what every source spider shares.

It knows which article URLs are already stored (they are not downloaded again
unless a feed or sitemap says the page changed since), caps the number of
articles per run, and turns article responses into `PageItem`s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, ClassVar

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from w3lib.encoding import http_content_type_encoding

from ..config import load_config
from ..items import PageItem
from ..source import Source
from ..store import Store, known_urls
from ..urls import canonical_url, host_of

logger = logging.getLogger(__name__)

DEFAULT_MAX_ARTICLES = 100
REVALIDATE = {"Cache-Control": "max-age=0"}
"""Headers of navigation requests: the HTTP cache revalidates instead of trusting freshness."""


class CatalogSpider(scrapy.Spider):
    """Base class of the generated per-source spiders; subclasses set `source`."""

    source: ClassVar[Source]

    def __init__(self, *args: Any, refresh: str | bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refresh = str(refresh).lower() in ("1", "true", "yes")
        hosts = {host_of(url) for url in self.source.start_urls} | set(self.source.allowed_domains)
        self.allowed_domains = sorted(h for h in hosts if h)
        self.article_re = re.compile(self.source.article_pattern) if self.source.article_pattern else None
        self.known: dict[str, datetime] = {}
        self.requested: set[str] = set()
        self.max_articles = self.source.max_articles or DEFAULT_MAX_ARTICLES
        self.attache_refused = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CatalogSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        cap = crawler.settings.getint("ATTACHE_MAX_ARTICLES", 0)
        if cap > 0:
            spider.max_articles = min(spider.max_articles, cap)
        config = load_config(crawler.settings)
        store = Store(config.database_url)
        try:
            with store.session() as session:
                spider.known = known_urls(session)
        finally:
            store.close()
        return spider

    async def start(self) -> AsyncIterator[Any]:
        if self.attache_refused:
            return
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_start, errback=self.start_failed, dont_filter=True,
                          headers=REVALIDATE)

    def parse_start(self, response: Response) -> Any:
        raise NotImplementedError

    def start_failed(self, failure: Any) -> None:
        logger.error("start URL failed: %s: %s", failure.request.url, failure.getErrorMessage())

    def note_start_ok(self) -> None:
        self.crawler.stats.inc_value("attache/start_ok")

    def wants(self, key: str, lastmod: datetime | None = None) -> bool:
        """Whether the article link with canonical URL `key` should be downloaded in this run."""
        self.crawler.stats.inc_value("attache/links_found")
        if key in self.requested or len(self.requested) >= self.max_articles:
            return False
        seen = self.known.get(key)
        if seen is not None and not self.refresh and (lastmod is None or lastmod <= seen):
            self.crawler.stats.inc_value("attache/known_skipped")
            return False
        return True

    def article_request(self, url: str, hints: dict[str, Any] | None = None,
                        lastmod: datetime | None = None) -> Request | None:
        """A request for an article page, or None when it is known, repeated or over the cap."""
        key = canonical_url(url)
        if not self.wants(key, lastmod):
            return None
        self.requested.add(key)
        return Request(url, callback=self.parse_article, meta={"hints": hints or {}, "dont_cache": True},
                       errback=self.article_failed)

    def article_failed(self, failure: Any) -> None:
        logger.error("article failed: %s: %s", failure.request.url, failure.getErrorMessage())

    def parse_article(self, response: Response) -> Any:
        hints = dict(response.meta.get("hints") or {})
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        charset = http_content_type_encoding(content_type)
        if charset:
            hints.setdefault("encoding", charset)
        yield PageItem(url=response.url, body=response.body, source=self.source.id, hints=hints)
