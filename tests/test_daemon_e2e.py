"""The daemon as a real subprocess against a loopback site: feeds appear and refresh, SIGTERM, kill -9 and restart."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.daemon_runs import (
    alive,
    assert_store_sound,
    daemon_catalog,
    db_rows,
    feed_stories,
    start_daemon,
    stop,
    stories,
    wait_for,
)
from tests.helpers.loopback_site import SlowSite
from tests.helpers.processes import REPO, run_attache, write_catalog
from tests.helpers.site_fixtures import make_articles, publish_site

pytestmark = pytest.mark.e2e


@pytest.fixture
def daemon_env(attache_env: dict[str, str], database_url: str) -> dict[str, str]:
    """The daemon's environment, on SQLite and on PostgreSQL (`database_url`)."""
    attache_env.update({"ATTACHE_CRAWL_INTERVAL": "2", "ATTACHE_HTTP_PORT": "0", "ATTACHE_MAX_PARALLEL_CRAWLS": "2"})
    return attache_env


def test_daemon_publishes_refreshes_serves_and_stops_cleanly_on_sigterm(
    slow_site: SlowSite, daemon_env: dict[str, str], tmp_path: Path
) -> None:
    publish_site(slow_site, make_articles(5))
    daemon_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site)))
    log = tmp_path / "daemon.out"
    proc = start_daemon(daemon_env, log)
    try:
        wait_for(lambda: feed_stories(daemon_env) == stories(1, 2, 3, 4, 5), 40, "the first feeds", log)
        url = wait_for(lambda: re.search(r"serving feeds at (\S+)", log.read_text()), 5, "server URL", log)[1]

        second = subprocess.run([sys.executable, "scheduler.py", "--once"], cwd=REPO, env=daemon_env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1 and "already running" in second.stderr, second.stderr

        publish_site(slow_site, make_articles(6))  # a new article appears on the site
        wait_for(lambda: "/news/story-6.html" in feed_stories(daemon_env), 30, "the new article", log)
        with urllib.request.urlopen(url + "all.atom", timeout=10) as response:
            assert "/news/story-6.html" in response.read().decode()
        with urllib.request.urlopen(url, timeout=10) as response:
            index = response.read().decode()
        assert 'id="source-health"' in index and "test-html" in index

        slow_site.delays["/news/story-7.html"] = 60  # the next crawl hangs on this page
        publish_site(slow_site, make_articles(7))
        wait_for(lambda: slow_site.requests_for("/news/story-7", method="SLOW"), 30, "the slow request", log)
        rc, seconds = stop(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log.read_text()
    assert rc == 0, text[-3000:]
    assert seconds < 6, f"SIGTERM took {seconds:.1f} s"
    assert "Traceback" not in text, text[-3000:]
    interrupted = db_rows(daemon_env, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert interrupted["status"] == "interrupted", dict(interrupted)
    assert interrupted["last_error"].startswith("interrupted"), dict(interrupted)
    assert not alive(interrupted["pid"])
    assert_store_sound(daemon_env)
    feeds = Path(daemon_env["ATTACHE_DATA_DIR"]) / "feeds"
    assert not list(feeds.glob(".*.tmp")), "no half-written feed file is left behind"
    logged = (Path(daemon_env["ATTACHE_DATA_DIR"]) / "logs" / "daemon.log").read_text()
    assert re.search(r"crawl started: test-html", logged)
    assert re.search(r"crawl ended: test-html ok in [\d.]+ s: new \d+, updated \d+, unchanged \d+", logged)
    status = run_attache(daemon_env, "status")
    assert status.returncode == 0 and re.search(r"^test-html\s", status.stdout, re.M), status.stdout


def test_kill_9_mid_crawl_then_restart_recovers_without_duplicates(
    slow_site: SlowSite, daemon_env: dict[str, str], tmp_path: Path
) -> None:
    publish_site(slow_site, make_articles(5))
    slow_site.delays["/news/story-3.html"] = 60
    daemon_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site)))
    log = tmp_path / "daemon.out"
    first = start_daemon(daemon_env, log, "--no-serve")
    try:
        wait_for(lambda: slow_site.requests_for("/news/story-3", method="SLOW"), 40, "the slow request", log)
        run = wait_for(lambda: db_rows(daemon_env, "SELECT * FROM crawl_runs WHERE status = 'running'"), 30,
                       "a running crawl", log)[0]
        first.kill()
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    orphan = run["pid"]
    assert alive(orphan), "the crawl outlives a kill -9 of the daemon (own process group)"

    slow_site.delays.clear()
    second = start_daemon(daemon_env, log, "--no-serve")
    try:
        wait_for(lambda: db_rows(daemon_env, "SELECT id FROM crawl_runs WHERE status = 'ok' AND id > :id",
                                 id=run["id"]),
                 40, "a good crawl after the restart", log)
        wait_for(lambda: feed_stories(daemon_env) == stories(1, 2, 3, 4, 5), 60, "all five in the feed", log)
        rc, _ = stop(second)
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    assert rc == 0
    assert not alive(orphan), "the orphaned crawl is stopped at restart"
    killed = db_rows(daemon_env, "SELECT * FROM crawl_runs WHERE id = :id", id=run["id"])[0]
    assert killed["status"] == "interrupted" and "killed" in killed["last_error"], dict(killed)
    assert len(db_rows(daemon_env, "SELECT id FROM articles WHERE source = 'test-html'")) == 5
    assert_store_sound(daemon_env)


def test_once_crawls_every_source_publishes_and_reports_failures(
    slow_site: SlowSite, daemon_env: dict[str, str], tmp_path: Path
) -> None:
    publish_site(slow_site, make_articles(4))
    broken = f"""
[sources.test-broken]
name = "Gone"
kind = "feed"
start_urls = ["{slow_site.url('/no-such-feed.xml')}"]
"""
    daemon_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site, broken)))
    result = run_attache(daemon_env, "daemon", "--once", timeout=90)
    assert result.returncode == 1, result.stderr[-3000:]  # one source failed
    assert feed_stories(daemon_env) == stories(1, 2, 3, 4)
    status = run_attache(daemon_env, "status")
    assert status.returncode == 0, status.stderr
    lines = {line.split()[0]: line for line in status.stdout.splitlines() if line.startswith("test-")}
    assert "ok" in lines["test-html"].split()[1]
    assert "failing (1×)" in lines["test-broken"]
    index = (Path(daemon_env["ATTACHE_DATA_DIR"]) / "feeds" / "index.html").read_text()
    assert "test-broken" in index and "failing (1×)" in index
    assert_store_sound(daemon_env)
    assert os.path.exists(Path(daemon_env["ATTACHE_DATA_DIR"]) / "logs" / "daemon.log")
