"""Retries that honour `Retry-After`: Scrapy's RetryMiddleware plus a wait.

For a retryable response (429, 503, ...) carrying `Retry-After` (seconds or an
HTTP date), the retry is sent after that delay, capped by
`ATTACHE_RETRY_AFTER_MAX` seconds (default 120); a longer demand is not
retried in this run.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


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

    def __init__(self, settings, max_wait: float = 120.0) -> None:  # type: ignore[no-untyped-def]
        super().__init__(settings)
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        mw = cls(crawler.settings, crawler.settings.getfloat("ATTACHE_RETRY_AFTER_MAX", 120.0))
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
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return super().process_response(request, response)
