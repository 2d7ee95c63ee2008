"""`CatalogSpider`: what every source spider shares.

Spiders only navigate: they turn listings, feeds and sitemaps into article
requests, and article responses into `PageItem`s. Which article requests are
actually downloaded (not stored already, not repeated, under the per-run cap) is
decided by `scraper.middlewares.KnownArticlesMiddleware`, from the canonical URL
and lastmod each article request carries in its `meta`.
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from w3lib.encoding import http_content_type_encoding

from ..items import PageItem
from ..middlewares import ARTICLE_KEY, LASTMOD_KEY, NEXT_PAGE_KEY
from ..sources import Source
from ..urls import canonical_url, host_of

logger = logging.getLogger(__name__)


def failure_reason(failure: Any) -> str:
    """A readable reason for a failed request: the HTTP status, a body cut short, or the error's own message
    (Twisted's connection failures wrap their causes: a truncated body reads "[<Failure _DataLoss: >]")."""
    exc = failure.value
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status", 200) >= 400:
        return f"HTTP {response.status}"
    causes = [getattr(cause, "value", cause) for cause in getattr(exc, "reasons", None) or []]
    if any(type(cause).__name__ == "_DataLoss" for cause in causes):
        return "the connection closed before the whole body arrived (truncated response)"
    message = failure.getErrorMessage().strip()
    if causes and message.startswith("[<"):
        message = "; ".join(f"{type(cause).__name__}: {cause}".rstrip(": ") for cause in causes)
    return message or type(exc).__name__

REVALIDATE = {"Cache-Control": "max-age=0"}
"""Headers of navigation requests: the HTTP cache revalidates instead of trusting freshness."""


class CatalogSpider(scrapy.Spider):
    """Base class of the generated per-source spiders; subclasses set `source`."""

    source: ClassVar[Source]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = {host_of(url) for url in self.source.start_urls} | set(self.source.allowed_domains)
        self.allowed_domains = sorted(h for h in hosts if h)
        self.article_re = re.compile(self.source.article_pattern) if self.source.article_pattern else None
        self.attache_refused = False

    async def start(self) -> AsyncIterator[Any]:
        if self.attache_refused:
            return
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_start, errback=self.start_failed, dont_filter=True,
                          headers=REVALIDATE)

    def parse_start(self, response: Response) -> Any:
        raise NotImplementedError

    def start_failed(self, failure: Any) -> None:
        logger.error("start URL failed: %s: %s", failure.request.url, failure_reason(failure))

    def note_start_ok(self) -> None:
        self.crawler.stats.inc_value("attache/start_ok")

    def document_body(self, response: Response, what: str) -> bytes | None:
        """The body of a feed or sitemap: gunzipped when it is a gzip file (`.xml.gz`), at most
        `DOWNLOAD_MAXSIZE` bytes once decompressed, as Scrapy's own SitemapSpider reads them (a gzip
        bomb never expands in memory); None, with the cause logged as an error, when it cannot be read."""
        if not gzip_magic_number(response):
            return response.body
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        warn_size = response.meta.get("download_warnsize", self.settings.getint("DOWNLOAD_WARNSIZE"))
        try:
            body = gunzip(response.body, max_size=max_size)
        except ValueError:  # scrapy.utils._compression._DecompressionMaxSizeExceeded
            self.crawler.stats.inc_value("attache/decompression_over_maxsize")
            self.logger.error("%s %s: over DOWNLOAD_MAXSIZE (%d B) once decompressed (%d B compressed); not read",
                              what, response.url, max_size, len(response.body))
            return None
        except (OSError, EOFError, struct.error) as exc:
            self.logger.error("%s %s: not a readable gzip file: %s", what, response.url, exc)
            return None
        if warn_size and len(response.body) < warn_size <= len(body):
            self.logger.warning("%s %s: %d B once decompressed, over DOWNLOAD_WARNSIZE (%d B)",
                                what, response.url, len(body), warn_size)
        return body

    def article_request(self, url: str, hints: dict[str, Any] | None = None,
                        lastmod: datetime | None = None) -> Request:
        """A request for an article page, marked with its canonical URL (and the lastmod a feed or sitemap gave)."""
        meta = {"hints": hints or {}, "dont_cache": True, ARTICLE_KEY: canonical_url(url), LASTMOD_KEY: lastmod}
        return Request(url, callback=self.parse_article, meta=meta, errback=self.article_failed)

    def next_page_request(self, response: Response, href: str, meta: dict[str, Any] | None = None,
                          **kwargs: Any) -> Request:
        """A request for the next listing page (not followed when the page before had nothing new)."""
        return response.follow(href, headers=REVALIDATE, meta={NEXT_PAGE_KEY: True, **(meta or {})}, **kwargs)

    def article_failed(self, failure: Any) -> None:
        logger.error("article failed: %s: %s", failure.request.url, failure_reason(failure))

    def parse_article(self, response: Response) -> Any:
        hints = dict(response.meta.get("hints") or {})
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        charset = http_content_type_encoding(content_type)
        if charset:
            hints.setdefault("encoding", charset)
        yield PageItem(url=response.url, body=response.body, source=self.source.id, hints=hints)
