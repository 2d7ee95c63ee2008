"""Two crawls of the same source at once: the second refuses (per-source lock), nothing is corrupted."""

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
from tests.helpers.site_fixtures import make_articles, publish_site

pytestmark = pytest.mark.e2e


def test_attache_crawl_refuses_while_scrapy_crawl_of_the_same_source_runs(
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path
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
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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
