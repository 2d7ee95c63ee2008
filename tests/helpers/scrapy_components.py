"""In-process Scrapy components: a crawler per test, real responses from fixture pages, no network.

`component_crawler` builds a crawler with `scrapy.utils.test.get_crawler` for a catalog source's
spider class (`spider_class_for`), its data directory and SQLite store in `tmp_path`. `OfflineSite`
holds pages like `LoopbackSite` (so `site_fixtures.publish_site` fills it) but answers a `Request`
with a real `HtmlResponse` / `XmlResponse` / `TextResponse` / `Response`, chosen from the content
type as Scrapy's downloader does, with the request attached (so `response.meta` works).
`follow` walks a spider's requests through `KnownArticlesMiddleware` like the engine would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from scraper.items import PageItem
from scraper.middlewares import ARTICLE_KEY, KnownArticlesMiddleware
from scraper.sources import Source
from scraper.spiders.base import CatalogSpider
from scraper.spiders.loader import spider_class_for

BASE = "http://127.0.0.1:8765"
"""Base URL of offline pages (never contacted: responses are built in-process)."""


def make_source(source_id: str = "test-html", kind: str = "html", start: str | tuple[str, ...] = "/news/",
                **fields: Any) -> Source:
    """A catalog `Source` whose start URLs are `start` path(s) on the offline site (defaults: the fixture
    site's paginated listing)."""
    values: dict[str, Any] = {"name": f"Test {source_id}", "country": "IT", "language": "en"}
    if kind == "html":
        values.update(article_pattern=r"/news/story-\d+\.html", next_page="a[rel=next]", max_pages=5)
    values.update(fields)
    starts = (start,) if isinstance(start, str) else start
    return Source(id=source_id, kind=kind, start_urls=tuple(BASE + path for path in starts),  # type: ignore[arg-type]
                  **values)


def crawl_settings(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    """Settings of a crawl whose data directory and SQLite store are in `tmp_path`."""
    data = tmp_path / "data"
    return {
        "ATTACHE_DATA_DIR": str(data),
        "ATTACHE_DATABASE_URL": f"sqlite:///{data / 'attache.sqlite3'}",
        "LOGSTATS_INTERVAL": 0,  # the periodic stats logger and the memory watch need a running reactor
        "MEMUSAGE_ENABLED": False,
        "ATTACHE_STORE_BATCH": 1,  # each article stored as it comes: a batch's flush timer needs a running reactor
        **extra,
    }


def component_crawler(source: Source, tmp_path: Path, **settings: Any) -> Crawler:
    """A crawler (not started) for `source`'s spider, with `crawler.spider` set."""
    spidercls = spider_class_for(source)
    crawler = get_crawler(spidercls, crawl_settings(tmp_path, **settings))
    crawler.spider = spidercls.from_crawler(crawler)
    return crawler


def send(crawler: Crawler, signal: object, **kwargs: Any) -> None:
    """Send a signal as the engine does; a failing handler fails the test."""
    for handler, result in crawler.signals.send_catch_log(signal, **kwargs):
        if hasattr(result, "raiseException"):
            raise AssertionError(f"{handler} failed") from result.value


def open_spider(crawler: Crawler) -> None:
    send(crawler, signals.spider_opened, spider=crawler.spider)


def close_spider(crawler: Crawler, reason: str = "finished") -> None:
    send(crawler, signals.spider_closed, spider=crawler.spider, reason=reason)
    send(crawler, signals.engine_stopped)


def start_requests(spider: CatalogSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def call(request: Request, response: Response) -> list[Any]:
    """What the request's callback yields for `response` (an async generator callback is run to its end)."""
    assert request.callback is not None
    output = request.callback(response, **request.cb_kwargs)
    if isinstance(output, AsyncIterator):
        async def drain() -> list[Any]:
            return [item async for item in output]

        return asyncio.run(drain())
    return list(output or [])


def articles(outputs: Iterable[Any]) -> list[Request]:
    return [o for o in outputs if isinstance(o, Request) and ARTICLE_KEY in o.meta]


def navigation(outputs: Iterable[Any]) -> list[Request]:
    return [o for o in outputs if isinstance(o, Request) and ARTICLE_KEY not in o.meta]


def make_response(url: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
                  request: Request | None = None, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """A response of the class Scrapy's downloader would pick, with `request` attached."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    all_headers = Headers({"Content-Type": content_type, **(headers or {})})
    cls = responsetypes.from_args(headers=all_headers, url=url, body=data)
    return cls(url=url, status=status, headers=all_headers, body=data,
               request=request if request is not None else Request(url))


@dataclass
class OfflineSite:
    """Pages by path, answered in-process (the `add` / `base` / `url` interface of `LoopbackSite`)."""

    base: str = BASE
    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = (body.encode("utf-8") if isinstance(body, str) else body, content_type)

    def respond(self, request: Request) -> Response:
        path = request.url.removeprefix(self.base).split("?", 1)[0] or "/"
        self.fetched.append(path)
        body, content_type = self.pages.get(path, (b"not found", "text/plain"))
        status = 200 if path in self.pages else 404
        return make_response(request.url, body, content_type, request=request, status=status)


@dataclass
class Walk:
    """What `follow` saw: pages fetched (in order) and items yielded."""

    fetched: list[str]
    items: list[PageItem]


def follow(crawler: Crawler, site: OfflineSite, middleware: KnownArticlesMiddleware | None = None) -> Walk:
    """Run the spider over `site` like the engine: start requests, callbacks, the spider middleware.

    Requests are followed in order (breadth first); a path the site does not have is skipped."""
    spider = crawler.spider
    assert isinstance(spider, CatalogSpider)
    queue = start_requests(spider)
    items: list[PageItem] = []
    before = len(site.fetched)
    while queue:
        request = queue.pop(0)
        response = site.respond(request)
        if response.status != 200:
            continue
        outputs: Iterable[Any] = call(request, response)
        if middleware is not None:
            outputs = middleware.process_spider_output(response, outputs)
        for output in outputs:
            if isinstance(output, Request):
                queue.append(output)
            else:
                items.append(output)
    return Walk(site.fetched[before:], items)
