"""Page worker processes (`ATTACHE_NORMALISE_WORKERS`): the same records as in process, a dead worker costs
only its page, and a real crawl through them stores every article, tagged."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.items import PageItem
from scraper.page_reading import PageRejected, read_and_tag_page
from scraper.page_workers import PageWorkers, WorkerCrashed
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_scrapy, run_scrapy_measured, write_catalog
from tests.helpers.site_fixtures import article_html, html_source_toml, make_articles, publish_site

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def workers() -> Iterator[PageWorkers]:
    pool = PageWorkers(1)
    yield pool
    pool.close()


def fixture_page(number: int = 1) -> PageItem:
    story = make_articles(number)[-1]
    return PageItem(BASE + story.path, article_html(story, BASE).encode(), source="test-html")


def test_a_worker_reads_a_page_into_the_same_tagged_record_as_the_crawl_process(workers: PageWorkers) -> None:
    page = fixture_page()
    in_worker = asyncio.run(workers.read(page, None))
    in_process = read_and_tag_page(page, None)
    assert in_worker.title == in_process.title
    assert in_worker.body_text == in_process.body_text
    assert in_worker.parties == in_process.parties
    assert {"AZ", "IT"} <= set(in_worker.parties)


def test_a_page_without_an_article_comes_back_rejected_with_its_reason(workers: PageWorkers) -> None:
    empty = PageItem(BASE + "/empty.html", b"<html><body></body></html>")
    with pytest.raises(PageRejected, match=r"on http://127\.0\.0\.1:8000/empty\.html"):
        asyncio.run(workers.read(empty, None))


def test_a_killed_worker_costs_its_page_only_and_the_workers_start_again(workers: PageWorkers) -> None:
    asyncio.run(workers.read(fixture_page(1), None))  # the worker is up
    (child,) = multiprocessing.active_children()
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)

    async def after_the_kill() -> list[object]:
        return await asyncio.gather(workers.read(fixture_page(2), None), return_exceptions=True)

    (outcome,) = asyncio.run(after_the_kill())
    if not isinstance(outcome, WorkerCrashed):  # the pool saw the death only after taking this page
        assert outcome.title  # type: ignore[attr-defined]
    later = asyncio.run(workers.read(fixture_page(3), None))
    assert later.title.endswith("(report 3)")


def crawled_records(env: dict[str, str], workers: int, data_dir: Path) -> tuple[list[tuple], tuple]:
    env = dict(env, ATTACHE_NORMALISE_WORKERS=str(workers), ATTACHE_DATA_DIR=str(data_dir),
               ATTACHE_DATABASE_URL=f"sqlite:///{data_dir / 'attache.sqlite3'}")
    result = run_scrapy(env, "crawl", "test-html")
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(data_dir / "attache.sqlite3") as conn:
        stored = conn.execute("SELECT url, title, body_text, parties, mentioned, cooperation, primary_kind,"
                              " organisations FROM articles ORDER BY url").fetchall()
        run = conn.execute("SELECT status, new FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    return stored, run


@pytest.mark.e2e
def test_a_crawl_through_two_workers_stores_the_same_tagged_records_as_one_in_process(
        site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    publish_site(site, make_articles(7))
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", html_source_toml(site)))
    through_workers, run = crawled_records(attache_env, 2, tmp_path / "workers")
    in_process, _ = crawled_records(attache_env, 0, tmp_path / "in-process")
    assert run == ("ok", 7)
    assert len(through_workers) == 7
    assert through_workers == in_process
    assert any('"AZ"' in row[3] and '"IT"' in row[3] for row in through_workers)  # tagged, not only read


def crawl_peak_mb(env: dict[str, str], workers: int, data_dir: Path) -> float:
    env = dict(env, ATTACHE_NORMALISE_WORKERS=str(workers), ATTACHE_DATA_DIR=str(data_dir),
               ATTACHE_DATABASE_URL=f"sqlite:///{data_dir / 'attache.sqlite3'}")
    result, peak = run_scrapy_measured(env, "crawl", "test-html")
    assert result.returncode == 0, result.stderr[-2000:]
    return peak


@pytest.mark.e2e
def test_the_crawl_memory_limit_counts_the_page_workers(
        site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    """The crawl's measured peak (what `ATTACHE_CRAWL_MEMORY_MB` is checked against) includes the workers and their
    fork server: a crawl process plus two workers holding the reading modules cannot weigh less than one process
    doing all the work, as it did when only the crawl process was measured."""
    publish_site(site, make_articles(7))
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", html_source_toml(site)))
    in_process = crawl_peak_mb(attache_env, 0, tmp_path / "in-process")
    through_workers = crawl_peak_mb(attache_env, 2, tmp_path / "workers")
    assert through_workers > in_process + 50


def test_the_workers_memory_is_their_servers_and_their_own_with_shared_pages_counted_once(
        workers: PageWorkers) -> None:
    asyncio.run(workers.read(fixture_page(), None))
    (child,) = multiprocessing.active_children()
    with open(f"/proc/{child.pid}/status", encoding="ascii") as status:
        worker_rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    measured = workers.memory_bytes()
    assert measured > 100 * 1024 * 1024  # the reading modules, the language model and the lexicons
    assert measured < 2 * worker_rss  # the server's copy, shared with its worker, is not counted twice
