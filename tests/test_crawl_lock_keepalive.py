"""On PostgreSQL a crawl's source lock lives on a database connection of its own: when that connection is dropped
mid-crawl (here: `pg_terminate_backend` from the test, as a server restart or a network cut would), the crawl
notices within its check interval, stops, and its run is failed with the reason, instead of crawling on unlocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.helpers.daemon_runs import daemon_catalog, db_rows, wait_for
from tests.helpers.databases import SessionDatabase
from tests.helpers.loopback_site import SlowSite
from tests.helpers.processes import REPO, run_scrapy, write_catalog
from tests.helpers.site_fixtures import make_articles, publish_site

pytestmark = pytest.mark.e2e


def _terminate_lock_sessions(url: str) -> int:
    """End the connections holding crawl locks (application_name `attache-lock …`) on the test's database."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            return len(conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name LIKE 'attache-lock %'")).all())
    finally:
        engine.dispose()


def test_a_crawl_whose_lock_connection_drops_stops_and_fails_its_run_naming_why(
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, session_postgres: SessionDatabase
) -> None:
    url = session_postgres.emptied()
    attache_env["ATTACHE_DATABASE_URL"] = url
    publish_site(slow_site, make_articles(5))
    slow_site.delays["/news/story-3.html"] = 60
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site)))
    log = tmp_path / "crawl.log"
    with open(log, "wb") as out:
        crawl = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "test-html",
                                  "-s", "ATTACHE_LOCK_CHECK_SECONDS=0.5"], cwd=REPO, env=attache_env,
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: slow_site.requests_for("/news/story-3", method="SLOW"), 60, "the crawl mid-run", log)
        assert _terminate_lock_sessions(url) == 1
        wait_for(lambda: "was lost with its database connection" in log.read_text(errors="replace"), 20,
                 "the crawl to notice", log)
        slow_site.release.set()  # the request in flight ends; the crawl closes
        crawl.wait(timeout=60)
    finally:
        slow_site.release.set()
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    (run,) = db_rows(attache_env, "SELECT status, last_error FROM crawl_runs")
    assert run["status"] == "failed", run
    assert run["last_error"].startswith("the lock on source 'test-html' was lost with its database connection"), run
    slow_site.delays.clear()
    again = run_scrapy(attache_env, "crawl", "test-html", timeout=120)  # nothing left locked or running
    assert again.returncode == 0, again.stderr[-3000:]
    assert [r["status"] for r in db_rows(attache_env, "SELECT status FROM crawl_runs ORDER BY id")] == ["failed", "ok"]
