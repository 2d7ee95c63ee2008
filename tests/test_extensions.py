"""Extensions in process: CrawlRunRecorder (source lock, crawl_runs row, progress) and the HTTP-cache parts.

The recorder is built with `build_from_crawler` on a `get_crawler` crawler of a catalog source's spider
and driven by the engine's signals (spider_opened, item_scraped, spider_closed, engine_stopped); the
crawl_runs rows are read back from the real SQLite file in tmp_path.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request
from scrapy.utils.misc import build_from_crawler

from scraper import crawl_resources as crawl_resources_module
from scraper.config import WORKER_MEMORY_MB
from scraper.crawl_resources import crawl_resources
from scraper.extensions import CrawlRunRecorder, DataDirCacheStorage, PeakMemoryUsage, RevalidatingRFC2616Policy
from scraper.locks import SourceLock
from scraper.store import CrawlRun, runs_for, start_run
from tests.helpers.scrapy_components import (
    BASE,
    close_spider,
    component_crawler,
    make_response,
    make_source,
    open_spider,
    send,
    start_requests,
)


def recorder(tmp_path: Path, **settings: object) -> tuple[Crawler, CrawlRunRecorder]:
    crawler = component_crawler(make_source(), tmp_path, **settings)
    return crawler, build_from_crawler(CrawlRunRecorder, crawler)


def runs(crawler: Crawler) -> list[CrawlRun]:
    """The source's runs, oldest first."""
    with crawl_resources(crawler).store.session() as session:
        return list(reversed(runs_for(session, "test-html")))


def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def finish(crawler: Crawler, reason: str = "finished", **stats: int) -> CrawlRun:
    """Set the crawl's stats, close it, and read its run back (from a new store: the crawl's is closed)."""
    for name, value in stats.items():
        crawler.stats.set_value(name.replace("__", "/"), value)
    close_spider(crawler, reason)
    return runs(crawler)[-1]


def test_a_run_is_opened_and_closed_with_the_counts_from_the_stats(tmp_path: Path) -> None:
    crawler, _ = recorder(tmp_path)
    open_spider(crawler)
    (running,) = runs(crawler)
    assert (running.status, running.pid, running.finished) == ("running", os.getpid(), None)
    run = finish(crawler, attache__start_ok=1, attache__links_found=9, attache__new=4, attache__updated=2,
                 attache__unchanged=3, item_dropped_count=1, downloader__request_count=12)
    assert run.id == running.id
    assert (run.status, run.new, run.updated, run.unchanged, run.dropped, run.errors, run.requests) == (
        "ok", 4, 2, 3, 1, 0, 12)
    assert run.finished is not None and run.last_error is None
    with SourceLock(data_dir(tmp_path), "test-html"):  # released at close
        pass


def test_logged_errors_make_a_partial_run_with_the_last_error(tmp_path: Path) -> None:
    crawler, ext = recorder(tmp_path)
    open_spider(crawler)
    assert ext.last_error in logging.getLogger().handlers
    logging.getLogger("scraper.spiders.test").error("article failed: %s: %s", BASE + "/news/1.html", "timeout")
    logging.getLogger("scraper.spiders.test").error("article failed: %s: %s", BASE + "/news/2.html", "refused")
    run = finish(crawler, attache__start_ok=1, attache__links_found=1, attache__new=1, log_count__ERROR=2)
    assert (run.status, run.errors, run.new) == ("partial", 2, 1)
    assert run.last_error == f"article failed: {BASE}/news/2.html: refused"
    assert ext.last_error not in logging.getLogger().handlers  # the handler goes with the crawl


def test_a_crawl_that_read_no_start_url_failed(tmp_path: Path) -> None:
    crawler, _ = recorder(tmp_path)
    open_spider(crawler)
    run = finish(crawler)
    assert (run.status, run.last_error) == ("failed", "no start URL could be read")


def test_a_crawl_that_ended_early_failed_with_the_reason(tmp_path: Path) -> None:
    crawler, _ = recorder(tmp_path)
    open_spider(crawler)
    run = finish(crawler, "shutdown", attache__start_ok=1, attache__new=2)
    assert (run.status, run.new, run.last_error) == ("failed", 2, "crawl ended: shutdown")


def test_a_crawl_that_found_no_article_link_is_empty_with_the_reason(tmp_path: Path) -> None:
    crawler, _ = recorder(tmp_path)
    open_spider(crawler)
    run = finish(crawler, attache__start_ok=1, downloader__request_count=2)
    assert run.status == "empty"
    assert run.last_error is not None and "no link on the listing pages matches article_pattern" in run.last_error
    assert crawler.spider.source.article_pattern in run.last_error


def test_a_crawl_whose_links_were_all_known_is_ok_not_empty(tmp_path: Path) -> None:
    crawler, _ = recorder(tmp_path)
    open_spider(crawler)
    run = finish(crawler, attache__start_ok=1, attache__links_found=6, attache__known_skipped=6)
    assert (run.status, run.new, run.last_error) == ("ok", 0, None)


def test_a_second_holder_of_the_source_lock_is_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    crawler, _ = recorder(tmp_path)
    with SourceLock(data_dir(tmp_path), "test-html"):  # another crawl of the source holds it
        open_spider(crawler)
        assert crawler.spider.attache_refused is True
        assert crawler.stats.get_value("attache/refused") == 1
        assert f"source 'test-html' is already being crawled by pid {os.getpid()}; not crawling it again" in caplog.text
        assert start_requests(crawler.spider) == []
        close_spider(crawler)
        assert runs(crawler) == [], "the refused crawl records no run"
        assert SourceLock(data_dir(tmp_path), "test-html").holder() == os.getpid()  # still the other holder's


def test_a_stale_running_row_is_marked_interrupted(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    crawler, _ = recorder(tmp_path)
    with crawl_resources(crawler).store.session() as session:
        stale = start_run(session, "test-html", datetime.now(UTC) - timedelta(hours=1), pid=2**22 + 1)
        start_run(session, "another-source", datetime.now(UTC) - timedelta(hours=1), pid=2**22 + 2)
    open_spider(crawler)
    old, new = runs(crawler)
    assert old.id == stale and (old.status, old.last_error) == ("interrupted",
                                                                "interrupted (process ended without closing)")
    assert old.finished is not None and new.status == "running"
    assert "marked 1 run(s) of test-html left running by a dead process as interrupted" in caplog.text
    with crawl_resources(crawler).store.session() as session:
        assert runs_for(session, "another-source")[0].status == "running", "only the locked source's rows"
    assert finish(crawler, attache__start_ok=1, attache__links_found=1).status == "ok"


def test_stats_file_has_the_stats_and_the_status(tmp_path: Path) -> None:
    stats_file = tmp_path / "stats.json"
    crawler, _ = recorder(tmp_path, ATTACHE_STATS_FILE=str(stats_file))
    open_spider(crawler)
    crawler.stats.set_value("start_time", datetime(2025, 1, 1, tzinfo=UTC))
    finish(crawler, attache__start_ok=1, attache__links_found=5)
    data = json.loads(stats_file.read_text("utf-8"))
    assert data["attache/status"] == "ok" and data["attache/links_found"] == 5
    assert data["start_time"] == "2025-01-01T00:00:00+00:00"


def test_progress_lines_at_most_every_two_seconds(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("scraper.extensions.time.monotonic", lambda: clock[0])
    crawler, _ = recorder(tmp_path)
    open_spider(crawler)
    crawler.stats.set_value("downloader/request_count", 3)
    crawler.stats.set_value("attache/new", 2)
    with caplog.at_level(logging.INFO, logger="scraper.extensions"):
        send(crawler, signals.item_scraped, item={}, response=None, spider=crawler.spider)
        clock[0] += 1.9
        send(crawler, signals.item_dropped, item={}, response=None, exception=None, spider=crawler.spider)
        clock[0] += 0.2
        crawler.stats.set_value("attache/new", 3)
        send(crawler, signals.item_scraped, item={}, response=None, spider=crawler.spider)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("attache-progress")]
    assert lines == [
        "attache-progress: 3 requests, new 2, updated 0, unchanged 0, dropped 0, errors 0",
        "attache-progress: 3 requests, new 3, updated 0, unchanged 0, dropped 1, errors 0",  # Scrapy counts drops
    ]
    close_spider(crawler)


# --- HTTP cache -----------------------------------------------------------------------------------
def test_cache_storage_lives_in_the_data_directory(tmp_path: Path) -> None:
    crawler = component_crawler(make_source(), tmp_path)
    storage = DataDirCacheStorage(crawler.settings)
    assert Path(storage.cachedir) == data_dir(tmp_path) / "httpcache"
    storage.open_spider(crawler.spider)
    request = Request(BASE + "/news/")
    storage.store_response(crawler.spider, request, make_response(request.url, "<html>listing</html>",
                                                                  request=request))
    cached = storage.retrieve_response(crawler.spider, request)
    assert cached is not None and cached.body == b"<html>listing</html>"
    assert list((data_dir(tmp_path) / "httpcache" / "test-html").rglob("response_body"))
    storage.close_spider(crawler.spider)


def cached_page(cache_control: str) -> tuple[Request, object]:
    request = Request(BASE + "/news/")
    cached = make_response(request.url, "<html></html>", request=request, headers={
        "Cache-Control": cache_control, "ETag": '"v1"', "Last-Modified": "Mon, 03 Mar 2025 10:00:00 GMT",
        "Date": "Mon, 03 Mar 2025 10:00:00 GMT"})
    return request, cached


def test_no_cache_pages_are_revalidated_with_their_validators(tmp_path: Path) -> None:
    crawler = component_crawler(make_source(), tmp_path)
    request, cached = cached_page("no-cache")
    assert RevalidatingRFC2616Policy(crawler.settings).is_cached_response_fresh(cached, request) is False
    assert request.headers.get("If-None-Match") == b'"v1"'
    assert request.headers.get("If-Modified-Since") == b"Mon, 03 Mar 2025 10:00:00 GMT"
    plain, cached = cached_page("no-cache")
    assert RFC2616Policy(crawler.settings).is_cached_response_fresh(cached, plain) is False
    assert plain.headers.get("If-None-Match") is None, "Scrapy's own policy downloads such pages whole"


def test_fresh_pages_are_served_from_the_cache_without_validators(tmp_path: Path) -> None:
    crawler = component_crawler(make_source(), tmp_path)
    request, cached = cached_page("max-age=31536000")
    cached.headers["Date"] = cached.headers["Last-Modified"] = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert RevalidatingRFC2616Policy(crawler.settings).is_cached_response_fresh(cached, request) is True
    assert request.headers.get("If-None-Match") is None


def test_the_memory_limit_grows_for_page_workers_started_on_demand_and_only_then(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ATTACHE_NORMALISE_WORKERS=auto``: the limit (and its warning) stay as set while pages are read in process and
    grow by `WORKER_MEMORY_MB` for each worker started on demand and once more (the crawl process has loaded the
    reading modules too), so the workers' PSS, which the measure adds, does not stop the crawl."""
    monkeypatch.setattr(crawl_resources_module, "usable_cores", lambda: 2)
    crawler = component_crawler(make_source(), tmp_path, ATTACHE_NORMALISE_WORKERS="auto", MEMUSAGE_ENABLED=True,
                                MEMUSAGE_LIMIT_MB=512, MEMUSAGE_WARNING_MB=448)
    extension = build_from_crawler(PeakMemoryUsage, crawler)
    resources = crawl_resources(crawler)
    mb = 1024 * 1024
    measured = [100 * mb]  # what the crawl holds, set here: the test process's own peak is whatever pytest reached
    monkeypatch.setattr(extension, "get_virtual_size", lambda: measured[0])
    extension._check_warning()  # noqa: SLF001 - the checks Scrapy runs every MEMUSAGE_CHECK_INTERVAL_SECONDS
    extension._check_limit()  # noqa: SLF001
    assert (extension.limit, extension.warning) == (512 * mb, 448 * mb)
    assert resources.workers_on_demand == 2
    workers = resources.start_workers_on_demand()
    try:
        assert workers is not None and workers.count == 2 and resources.workers_on_demand == 0
        measured[0] = 700 * mb  # over the limit as set, under the limit the workers raise
        extension._check_warning()  # noqa: SLF001
        extension._check_limit()  # noqa: SLF001
        grown = 3 * WORKER_MEMORY_MB * mb
        assert extension.limit == 512 * mb + grown
        assert extension.warning == 448 * mb + grown * 7 // 8
        assert not crawler.stats.get_value("memusage/limit_reached")
        assert not crawler.stats.get_value("memusage/warning_reached")
    finally:
        resources.close()


def test_workers_set_by_number_start_with_the_crawl_and_never_on_demand(tmp_path: Path) -> None:
    crawler = component_crawler(make_source(), tmp_path, ATTACHE_NORMALISE_WORKERS="0")
    resources = crawl_resources(crawler)
    assert resources.workers_on_demand == 0 and resources.start_workers_on_demand() is None
    assert resources.memory_allowance_mb == 0
