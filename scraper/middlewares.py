"""Attaché's middlewares.

- `RetryAfterMiddleware` (downloader): Scrapy's RetryMiddleware plus a wait. For a
  retryable response (429, 503, ...) carrying `Retry-After` (seconds or an HTTP date),
  the retry is sent after that delay, capped by `ATTACHE_RETRY_AFTER_MAX` seconds
  (default 120); a longer demand is not retried in this run.
- `KnownArticlesMiddleware` (spider, deltafetch-style): which article links a crawl
  downloads. Spiders mark article requests with `meta[ARTICLE_KEY]` (the canonical URL)
  and, when a feed or sitemap gives one, `meta[LASTMOD_KEY]`; a next listing page with
  `meta[NEXT_PAGE_KEY]`. A stored article is not downloaded again unless its lastmod is
  newer than its last fetch, a link is requested once per run, at most the source's
  `max_articles` (capped by `ATTACHE_MAX_ARTICLES`) are requested, and a listing page
  whose article links were all skipped is not followed further. `ATTACHE_REFRESH`
  downloads known articles again; `meta[REFETCH_KEY] = True` does so for one request.
  Counts go to the stats (`attache/links_found`, `attache/known_skipped`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.spiders import Spider
from scrapy.utils.asyncio import sleep

from .crawl_resources import crawl_resources
from .store import Store, known_urls

logger = logging.getLogger(__name__)

ARTICLE_KEY = "attache_article"
LASTMOD_KEY = "attache_lastmod"
NEXT_PAGE_KEY = "attache_next_page"
REFETCH_KEY = "attache_refetch"
DEFAULT_MAX_ARTICLES = 100


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header value, or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits as long as the server asked before retrying."""

    def __init__(self, settings: BaseSettings, max_wait: float = 120.0) -> None:
        super().__init__(settings)
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is off: failed requests are not retried, Retry-After is not honoured")
        max_wait = settings.getfloat("ATTACHE_RETRY_AFTER_MAX", 120.0)
        if max_wait < 0:
            raise ValueError(f"ATTACHE_RETRY_AFTER_MAX must be a number of seconds ≥ 0, got {max_wait}")
        mw = cls(settings, max_wait)
        mw.crawler = crawler
        return mw

    async def process_response(self, request: Request, response: Response, spider=None):  # type: ignore[no-untyped-def,override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None, datetime.now(UTC))
        if wait is not None:
            if wait > self.max_wait:
                logger.warning("%s asks to retry after %.0f s (over %.0f s): not retrying in this run",
                               request.url, wait, self.max_wait)
                return response
            logger.info("%s answered %d; retrying after %.1f s as asked", request.url, response.status, wait)
            await sleep(wait)
        return super().process_response(request, response)


@dataclass
class _PageLinks:
    """Article links of one response: seen, and kept for download."""

    found: int = 0
    kept: int = 0


class KnownArticlesMiddleware:
    """Skips article links already stored, repeated in this run, or over the per-run cap."""

    def __init__(self, crawler: Crawler, store: Store, *, refresh: bool = False, cap: int = 0) -> None:
        self.crawler = crawler
        self.store = store
        self.refresh = refresh
        self.cap = cap
        self.max_articles = cap or DEFAULT_MAX_ARTICLES
        self.known: dict[str, datetime] = {}
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownArticlesMiddleware:
        settings = crawler.settings
        middleware = cls(crawler, crawl_resources(crawler).store, refresh=settings.getbool("ATTACHE_REFRESH"),
                         cap=settings.getint("ATTACHE_MAX_ARTICLES", 0))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        """Read the stored article URLs once, and the source's own cap."""
        source = getattr(spider, "source", None)
        own = (source.max_articles if source is not None else None) or DEFAULT_MAX_ARTICLES
        self.max_articles = min(own, self.cap) if self.cap > 0 else own
        with self.store.session() as session:
            self.known = known_urls(session)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        page = _PageLinks()
        for output in result:
            if not isinstance(output, Request) or (output := self._decide(output, response, page)) is not None:
                yield output
        self._log(response, page)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        page = _PageLinks()
        async for output in result:
            if not isinstance(output, Request) or (output := self._decide(output, response, page)) is not None:
                yield output
        self._log(response, page)

    def _decide(self, request: Request, response: Response, page: _PageLinks) -> Request | None:
        key = request.meta.get(ARTICLE_KEY)
        if key is not None:
            return request if self._wanted(key, request, page) else None
        if request.meta.get(NEXT_PAGE_KEY) and page.found and not page.kept and not self.refresh:
            logger.info("nothing new on %s: not following further listing pages", response.url)
            return None
        return request

    def _wanted(self, key: str, request: Request, page: _PageLinks) -> bool:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("attache/links_found")
        page.found += 1
        if key in self.requested or len(self.requested) >= self.max_articles:
            return False
        seen = self.known.get(key)
        lastmod: datetime | None = request.meta.get(LASTMOD_KEY)
        refetch = self.refresh or request.meta.get(REFETCH_KEY, False)
        if seen is not None and not refetch and (lastmod is None or lastmod <= seen):
            stats.inc_value("attache/known_skipped")
            return False
        self.requested.add(key)
        page.kept += 1
        return True

    @staticmethod
    def _log(response: Response, page: _PageLinks) -> None:
        if page.found:
            logger.info("%s: %d article links, %d to fetch", response.url, page.found, page.kept)
