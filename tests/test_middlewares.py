"""Middlewares in process: which article links are downloaded (KnownArticlesMiddleware) and Retry-After.

Each middleware is built with `build_from_crawler` on a `get_crawler` crawler of a catalog source's spider,
whose store is a real SQLite file in tmp_path; responses are real Scrapy responses with their request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler

import scraper.middlewares
from scraper.crawl_resources import crawl_resources
from scraper.items import Article, PageItem
from scraper.middlewares import (
    DEFAULT_MAX_ARTICLES,
    REFETCH_KEY,
    KnownArticlesMiddleware,
    RetryAfterMiddleware,
)
from scraper.pipelines import NormalisePipeline, StorePipeline, TagPipeline
from scraper.store import upsert_article
from tests.helpers.scrapy_components import (
    BASE,
    OfflineSite,
    call,
    close_spider,
    component_crawler,
    follow,
    make_response,
    make_source,
    open_spider,
    start_requests,
)
from tests.helpers.site_fixtures import make_articles, publish_site

SEEN = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
"""When the stored articles were last fetched."""


def remember(crawler: Crawler, path: str, fetched_path: str | None = None, when: datetime = SEEN) -> None:
    """Store an article at BASE+path (fetched from BASE+fetched_path) as last fetched at `when`."""
    article = Article(url=BASE + path, source="test-html", title="Stored", body_text="text", content_hash=path)
    fetched = BASE + fetched_path if fetched_path else None
    with crawl_resources(crawler).store.session() as session:
        upsert_article(session, article, when, fetched_url=fetched)


def known_articles(tmp_path: Path, *stored: str, **settings: Any) -> tuple[Crawler, KnownArticlesMiddleware]:
    """A crawler whose store knows `stored` paths, and its opened KnownArticlesMiddleware."""
    source_fields = settings.pop("source", {})
    crawler = component_crawler(make_source(**source_fields), tmp_path, **settings)
    for path in stored:
        remember(crawler, path)
    middleware = build_from_crawler(KnownArticlesMiddleware, crawler)
    open_spider(crawler)  # the middleware reads the stored URLs and the source's cap when the spider opens
    return crawler, middleware


def links(crawler: Crawler, *paths: str, lastmod: datetime | None = None) -> list[Request]:
    return [crawler.spider.article_request(BASE + p, lastmod=lastmod) for p in paths]


def listing() -> Response:
    return make_response(BASE + "/news/", "<html></html>")


def kept(middleware: KnownArticlesMiddleware, outputs: Iterable[Any], response: Response | None = None) -> list[Any]:
    return list(middleware.process_spider_output(response or listing(), outputs))


def urls(outputs: Iterable[Any]) -> list[str]:
    return [o.url.removeprefix(BASE) for o in outputs if isinstance(o, Request)]


def stat(crawler: Crawler, name: str) -> int:
    return crawler.stats.get_value(f"attache/{name}", 0)


# --- known articles -------------------------------------------------------------------------------
def test_known_article_is_skipped_and_a_new_one_kept(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path, "/news/story-1.html")
    requests = links(crawler, "/news/story-1.html?utm_source=listing#top", "/news/story-2.html")
    assert urls(kept(middleware, requests)) == ["/news/story-2.html"]
    assert (stat(crawler, "links_found"), stat(crawler, "known_skipped")) == (2, 1)


def test_an_article_known_by_the_url_it_was_fetched_from_is_skipped(tmp_path: Path) -> None:
    crawler = component_crawler(make_source(), tmp_path)
    remember(crawler, "/articles/canonical-3", fetched_path="/news/story-3.html")
    middleware = build_from_crawler(KnownArticlesMiddleware, crawler)
    open_spider(crawler)
    assert kept(middleware, links(crawler, "/news/story-3.html", "/articles/canonical-3")) == []
    assert stat(crawler, "known_skipped") == 2


def test_a_newer_lastmod_refetches_a_known_article(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path, "/news/story-1.html", "/news/story-2.html", "/news/story-3.html")
    requests = [
        *links(crawler, "/news/story-1.html", lastmod=SEEN + timedelta(minutes=1)),  # changed since fetched
        *links(crawler, "/news/story-2.html", lastmod=SEEN),  # not newer
        *links(crawler, "/news/story-3.html", lastmod=SEEN - timedelta(days=1)),
    ]
    assert urls(kept(middleware, requests)) == ["/news/story-1.html"]
    assert stat(crawler, "known_skipped") == 2


def test_refresh_setting_downloads_known_articles_again(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path, "/news/story-1.html", ATTACHE_REFRESH="1")
    assert urls(kept(middleware, links(crawler, "/news/story-1.html", "/news/story-2.html"))) == [
        "/news/story-1.html", "/news/story-2.html"]
    assert stat(crawler, "known_skipped") == 0


def test_refetch_meta_downloads_one_known_article_again(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path, "/news/story-1.html", "/news/story-2.html")
    requests = links(crawler, "/news/story-1.html", "/news/story-2.html")
    requests[1].meta[REFETCH_KEY] = True
    assert urls(kept(middleware, requests)) == ["/news/story-2.html"]
    assert stat(crawler, "known_skipped") == 1


def test_a_link_is_requested_once_per_run(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path)
    first = kept(middleware, links(crawler, "/news/story-1.html", "/news/story-1.html?utm_medium=x",
                                   "/news/story-2.html"))
    again = kept(middleware, links(crawler, "/news/story-2.html", "/news/story-3.html"))  # a later page
    assert (urls(first), urls(again)) == (["/news/story-1.html", "/news/story-2.html"], ["/news/story-3.html"])
    assert (stat(crawler, "links_found"), stat(crawler, "known_skipped")) == (5, 0)


@pytest.mark.parametrize(("source_cap", "setting", "expected"), [
    (2, None, 2),  # the source's max_articles
    (3, "1", 1),  # ATTACHE_MAX_ARTICLES lower than the source's: the setting
    (2, "5", 2),  # the setting never raises a source's own cap
    (None, "4", 4),
    (None, None, DEFAULT_MAX_ARTICLES),
])
def test_cap_per_run(tmp_path: Path, source_cap: int | None, setting: str | None, expected: int) -> None:
    settings: dict[str, Any] = {"source": {"max_articles": source_cap}}
    if setting is not None:
        settings["ATTACHE_MAX_ARTICLES"] = setting
    crawler, middleware = known_articles(tmp_path, "/news/story-0.html", **settings)
    paths = [f"/news/story-{n}.html" for n in range(DEFAULT_MAX_ARTICLES + 5)]
    result = kept(middleware, links(crawler, *paths[:3])) + kept(middleware, links(crawler, *paths[3:]))
    # the known story-0 is skipped and does not count against the cap; the newest links win
    assert urls(result) == paths[1:expected + 1]
    assert stat(crawler, "links_found") == len(paths)


def test_other_outputs_pass_untouched_and_in_order(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path, "/news/story-1.html")
    item = PageItem(url=BASE + "/news/story-9.html", body=b"<html></html>")
    other = Request(BASE + "/robots-sitemap.xml")
    outputs = [item, *links(crawler, "/news/story-1.html"), other, {"a": 1}]
    assert kept(middleware, outputs) == [item, other, {"a": 1}]


def test_the_async_path_decides_the_same(tmp_path: Path) -> None:
    crawler, middleware = known_articles(tmp_path, "/news/story-1.html")
    next_page = crawler.spider.next_page_request(listing(), "/news/page-2.html")

    async def run() -> list[Any]:
        async def outputs() -> AsyncIterator[Any]:
            for output in [*links(crawler, "/news/story-1.html", "/news/story-2.html", "/news/story-2.html"),
                           next_page]:
                yield output

        return [o async for o in middleware.process_spider_output_async(listing(), outputs())]

    assert urls(asyncio.run(run())) == ["/news/story-2.html", "/news/page-2.html"]
    assert (stat(crawler, "links_found"), stat(crawler, "known_skipped")) == (3, 1)


# --- next listing pages ---------------------------------------------------------------------------
def spider_pages(tmp_path: Path, *stored: str, **settings: Any) -> tuple[Crawler, KnownArticlesMiddleware,
                                                                         OfflineSite]:
    site = OfflineSite()
    publish_site(site, make_articles(7))  # type: ignore[arg-type]
    crawler, middleware = known_articles(tmp_path, *stored, **settings)
    return crawler, middleware, site


def first_page(crawler: Crawler, middleware: KnownArticlesMiddleware, site: OfflineSite) -> list[str]:
    (start,) = start_requests(crawler.spider)
    response = site.respond(start)
    return urls(kept(middleware, call(start, response), response))


def test_next_page_is_dropped_when_every_link_on_the_page_was_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler, middleware, site = spider_pages(tmp_path, *(f"/news/story-{n}.html" for n in (5, 6, 7)))
    with caplog.at_level(logging.INFO, logger="scraper.middlewares"):
        assert first_page(crawler, middleware, site) == []
    assert f"nothing new on {BASE}/news/: not following further listing pages" in caplog.text


def test_next_page_is_followed_when_one_link_was_new(tmp_path: Path) -> None:
    crawler, middleware, site = spider_pages(tmp_path, "/news/story-7.html", "/news/story-6.html")
    assert first_page(crawler, middleware, site) == ["/news/story-5.html?utm_source=listing", "/news/page-2.html"]


def test_next_page_is_followed_from_a_page_without_article_links(tmp_path: Path) -> None:
    crawler, middleware, site = spider_pages(tmp_path)
    site.add("/news/", '<html><body><a href="/about.html">About</a><a rel="next" href="/news/page-2.html">Next</a>')
    assert first_page(crawler, middleware, site) == ["/news/page-2.html"]


def test_next_page_is_dropped_when_the_cap_left_nothing_to_fetch(tmp_path: Path) -> None:
    crawler, middleware, site = spider_pages(tmp_path, source={"max_articles": 1})
    kept(middleware, links(crawler, "/news/elsewhere-1.html"))  # the cap is used up
    assert first_page(crawler, middleware, site) == []


def test_next_page_is_followed_on_refresh(tmp_path: Path) -> None:
    crawler, middleware, site = spider_pages(tmp_path, *(f"/news/story-{n}.html" for n in range(1, 8)),
                                             ATTACHE_REFRESH="true")
    assert first_page(crawler, middleware, site)[-1] == "/news/page-2.html"


def test_a_whole_recrawl_downloads_nothing_known_and_then_only_the_new_article(tmp_path: Path) -> None:
    """The spider, this middleware and the pipelines over the fixture site, twice, then once more with a new article."""
    site = OfflineSite()
    publish_site(site, make_articles(7))  # type: ignore[arg-type]

    def crawl() -> tuple[list[str], Crawler]:
        crawler = component_crawler(make_source(), tmp_path)
        middleware = build_from_crawler(KnownArticlesMiddleware, crawler)
        stages = [build_from_crawler(cls, crawler) for cls in (NormalisePipeline, TagPipeline, StorePipeline)]
        open_spider(crawler)
        for stage in stages:
            stage.open_spider()
        walk = follow(crawler, site, middleware)
        for item in walk.items:
            for stage in stages:
                item = stage.process_item(item)
        close_spider(crawler)
        return walk.fetched, crawler

    fetched, crawler = crawl()
    assert len([p for p in fetched if p.startswith("/news/story-")]) == 7 and stat(crawler, "new") == 7
    fetched, crawler = crawl()
    assert fetched == ["/news/"], "the known listing's further pages and articles are not requested"
    assert (stat(crawler, "known_skipped"), stat(crawler, "new")) == (3, 0)
    publish_site(site, make_articles(8))  # type: ignore[arg-type]
    fetched, crawler = crawl()
    assert fetched == ["/news/", "/news/story-8.html", "/news/page-2.html"]
    assert stat(crawler, "new") == 1


# --- Retry-After ----------------------------------------------------------------------------------
@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the middleware slept (really awaited, for no time)."""
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(scraper.middlewares, "sleep", sleep)
    return slept


def retry_middleware(tmp_path: Path, **settings: Any) -> tuple[Crawler, RetryAfterMiddleware]:
    crawler = component_crawler(make_source(kind="feed", start="/feed.xml"), tmp_path,
                                RETRY_HTTP_CODES=[429, 503], RETRY_TIMES=2, **settings)
    return crawler, build_from_crawler(RetryAfterMiddleware, crawler)


def answer(middleware: RetryAfterMiddleware, request: Request, status: int,
           headers: dict[str, str] | None = None) -> Request | Response:
    response = make_response(request.url, b"busy", "text/plain", request=request, status=status, headers=headers)
    return asyncio.run(middleware.process_response(request, response))


def test_retry_waits_the_seconds_the_server_asked(tmp_path: Path, waits: list[float]) -> None:
    crawler, middleware = retry_middleware(tmp_path)
    request = Request(BASE + "/feed.xml")
    retry = answer(middleware, request, 503, {"Retry-After": "7"})
    assert isinstance(retry, Request) and retry.url == request.url and retry.dont_filter
    assert retry.meta["retry_times"] == 1
    assert waits == [7.0]
    assert crawler.stats.get_value("retry/count") == 1


def test_retry_waits_until_an_http_date(tmp_path: Path, waits: list[float]) -> None:
    _, middleware = retry_middleware(tmp_path)
    when = datetime.now(UTC) + timedelta(seconds=30)
    retry = answer(middleware, Request(BASE + "/feed.xml"), 429,
                   {"Retry-After": when.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    assert isinstance(retry, Request)
    assert len(waits) == 1 and 27 <= waits[0] <= 30


def test_retry_really_sleeps_a_small_delay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrapy's own sleep, for real: the clock reads 0.1 s before the HTTP date the server gave."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Clock:
            return cls(2025, 1, 1, 11, 59, 59, 900_000, tzinfo=UTC)

    monkeypatch.setattr(scraper.middlewares, "datetime", Clock)
    _, middleware = retry_middleware(tmp_path)
    started = time.monotonic()
    retry = answer(middleware, Request(BASE + "/feed.xml"), 503, {"Retry-After": "Wed, 01 Jan 2025 12:00:00 GMT"})
    assert isinstance(retry, Request)
    assert 0.09 <= time.monotonic() - started < 5


def test_no_retry_when_the_server_asks_for_longer_than_the_maximum(
    tmp_path: Path, waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    crawler, middleware = retry_middleware(tmp_path, ATTACHE_RETRY_AFTER_MAX=60)
    request = Request(BASE + "/feed.xml")
    response = answer(middleware, request, 503, {"Retry-After": "61"})
    assert isinstance(response, Response) and response.status == 503
    assert waits == [] and crawler.stats.get_value("retry/count") is None
    assert "asks to retry after 61 s (over 60 s): not retrying in this run" in caplog.text
    assert isinstance(answer(middleware, request, 503, {"Retry-After": "60"}), Request)  # the maximum itself is fine
    assert waits == [60.0]


def test_retry_without_the_header_or_an_unreadable_one_is_immediate(tmp_path: Path, waits: list[float]) -> None:
    _, middleware = retry_middleware(tmp_path)
    assert isinstance(answer(middleware, Request(BASE + "/a"), 503), Request)
    assert isinstance(answer(middleware, Request(BASE + "/b"), 503, {"Retry-After": "soon"}), Request)
    assert waits == []


def test_no_retry_for_other_statuses_dont_retry_or_after_the_last_try(tmp_path: Path, waits: list[float]) -> None:
    _, middleware = retry_middleware(tmp_path)
    ok = answer(middleware, Request(BASE + "/a"), 200, {"Retry-After": "5"})
    assert isinstance(ok, Response) and ok.status == 200
    assert isinstance(answer(middleware, Request(BASE + "/a"), 404, {"Retry-After": "5"}), Response)
    assert isinstance(answer(middleware, Request(BASE + "/a", meta={"dont_retry": True}), 503,
                             {"Retry-After": "5"}), Response)
    assert waits == []
    last = answer(middleware, Request(BASE + "/a", meta={"retry_times": 2}), 503, {"Retry-After": "1"})
    assert isinstance(last, Response) and last.status == 503  # RETRY_TIMES=2 used up: given up after the wait
    assert waits == [1.0]
