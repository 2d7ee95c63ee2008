"""Two crawls at once, real subprocesses, on SQLite and on PostgreSQL: a second crawl of the same source refuses
(per-source lock) and nothing is corrupted; crawls of two sources storing the same articles at once leave one row
per article and both runs recorded."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scraper.app.daemon.service import CrawlService
from scraper.config import load_config
from scraper.sources import load_catalog
from scraper.store import Store
from tests.helpers.daemon_runs import assert_store_sound, daemon_catalog, db_rows, wait_for
from tests.helpers.loopback_site import SlowSite
from tests.helpers.processes import REPO, run_attache, write_catalog
from tests.helpers.site_fixtures import html_source_toml, make_articles, publish_site

pytestmark = pytest.mark.e2e


def test_attache_crawl_refuses_while_scrapy_crawl_of_the_same_source_runs(
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    publish_site(slow_site, make_articles(5))
    slow_site.delays["/news/story-3.html"] = 30
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site)))
    first = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "test-html"], cwd=REPO, env=attache_env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: slow_site.requests_for("/news/story-3", method="SLOW"), 30, "the first crawl mid-run")
        second = run_attache(attache_env, "crawl", "test-html", timeout=60)
        assert "already being crawled" in second.stdout, second.stdout + second.stderr
        assert second.returncode == 1
        running = db_rows(attache_env, "SELECT * FROM crawl_runs")
        assert [r["status"] for r in running] == ["running"], "the refused crawl records no run"
        slow_site.release.set()  # let the slow page answer
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    runs = db_rows(attache_env, "SELECT status, new FROM crawl_runs")
    assert [r["status"] for r in runs] in (["ok"], ["partial"]), [dict(r) for r in runs]
    assert len(db_rows(attache_env, "SELECT id FROM articles WHERE source = 'test-html'")) == runs[0]["new"]
    assert_store_sound(attache_env)


def test_daemon_crawl_of_a_source_being_crawled_is_reported_busy(
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    database_url: str
) -> None:
    publish_site(slow_site, make_articles(3))
    slow_site.delays["/news/story-2.html"] = 30
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site)))
    config = load_config(env=attache_env)
    store = Store(config.database_url)
    service = CrawlService(config, store, load_catalog(config.sources), republish=False)
    outcomes = []
    first = threading.Thread(target=lambda: outcomes.append(service.crawl("test-html")))
    for key in ("ATTACHE_DOWNLOAD_DELAY", "HOME"):  # crawl subprocesses inherit the environment
        monkeypatch.setenv(key, attache_env[key])
    try:
        first.start()
        wait_for(lambda: slow_site.requests_for("/news/story-2", method="SLOW"), 30, "the first crawl mid-run")
        busy = service.crawl("test-html")
        slow_site.release.set()
        first.join(timeout=60)
    finally:
        slow_site.release.set()
        store.close()
    assert busy is not None and busy.status == "busy" and busy.run is None
    assert outcomes and outcomes[0].status in ("ok", "partial")
    assert len(db_rows(attache_env, "SELECT id FROM crawl_runs")) == 1
    assert_store_sound(attache_env)


def test_two_crawls_storing_the_same_articles_at_once_leave_one_row_each_and_both_runs(
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    """Two sources listing the same site, crawled by two `scrapy crawl` processes held at the listing until both
    are there, then released together: they fetch and store the same 12 articles at the same time."""
    publish_site(slow_site, make_articles(12))
    slow_site.delays["/news/"] = 30
    catalog = daemon_catalog(slow_site, html_source_toml(slow_site, "test-twin"))
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", catalog))
    crawls = [subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", sid], cwd=REPO, env=attache_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for sid in ("test-html", "test-twin")]
    try:
        wait_for(lambda: len(slow_site.requests_for("/news/", method="SLOW")) >= 2, 60, "both crawls at the listing")
        assert [r["status"] for r in db_rows(attache_env, "SELECT status FROM crawl_runs")] == ["running"] * 2
        slow_site.release.set()
        errors = [crawl.communicate(timeout=90)[1] for crawl in crawls]
    finally:
        slow_site.release.set()
        for crawl in crawls:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    assert [crawl.returncode for crawl in crawls] == [0, 0], [e[-2000:] for e in errors]
    runs = db_rows(attache_env, "SELECT source, status, new FROM crawl_runs ORDER BY source")
    assert [(r["source"], r["status"]) for r in runs] == [("test-html", "ok"), ("test-twin", "ok")], runs
    urls = [r["url"] for r in db_rows(attache_env, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(slow_site.url(f"/news/story-{n}.html") for n in range(1, 13))  # one row each
    assert sum(r["new"] for r in runs) == 12, runs  # each article new exactly once, whichever crawl stored it
    assert_store_sound(attache_env)
