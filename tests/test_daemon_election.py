"""Several daemons sharing one PostgreSQL store elect one publisher: two real `attache daemon` processes, each with
its own data folder, one database and one feeds folder. The first holds the publisher lock and publishes; the
second crawls, says once which daemon publishes, and never publishes; when the first is killed the second takes
over and publishes everything."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from scraper.app.daemon.election import PublisherElection
from scraper.store.advisory import SessionLock, advisory_key
from tests.helpers.daemon_runs import daemon_catalog, db_rows, start_daemon, stop, wait_for
from tests.helpers.databases import SessionDatabase, fresh_postgres
from tests.helpers.loopback_site import LoopbackSite, SlowSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.site_fixtures import make_articles, publish_site, three_kinds_catalog

pytestmark = pytest.mark.e2e


def test_on_sqlite_every_daemon_publishes(tmp_path: Path) -> None:
    """No election on one machine: the data folder's daemon lock and the feeds folder's publish lock stay."""
    election = PublisherElection(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert not election.contested and election.may_publish() and election.publishing()
    election.close()


def test_a_lock_held_in_another_database_of_the_server_is_neither_held_nor_named_here() -> None:
    """Advisory locks belong to one database while pg_locks lists the whole server's: two deployments sharing a
    PostgreSQL server (two databases) each elect their own publisher and name only their own holder."""
    key = advisory_key("attache-test-holder")
    with fresh_postgres(upgraded=False) as first_url, fresh_postgres(upgraded=False) as second_url:
        first, first_again = SessionLock(first_url, key, "attache-test"), SessionLock(first_url, key, "attache-test")
        second = SessionLock(second_url, key, "attache-test")
        try:
            assert first.try_take()
            assert first_again.holder() == f"pid {os.getpid()} on {first.host}"
            assert not first_again.try_take()
            assert second.holder() is None and second.holder_pid() is None  # not the other database's holder
            assert second.try_take() and second.held() and first.held()
        finally:
            for lock in (first, first_again, second):
                lock.release()


def test_two_daemons_on_one_database_elect_one_publisher_and_the_second_takes_over_when_the_first_dies(
    slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, session_postgres: SessionDatabase
) -> None:
    url = session_postgres.emptied()
    publish_site(slow_site, make_articles(3))
    catalog = write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site))
    envs, logs = [], []
    for name in ("a", "b"):
        (tmp_path / f"data-{name}").mkdir()
        envs.append({**attache_env, "ATTACHE_DATA_DIR": str(tmp_path / f"data-{name}"), "ATTACHE_DATABASE_URL": url,
                     "ATTACHE_FEEDS_DIR": str(tmp_path / "feeds"), "ATTACHE_SOURCES": str(catalog),
                     "ATTACHE_CRAWL_INTERVAL": "2"})
        logs.append(tmp_path / f"daemon-{name}.out")
    first = start_daemon(envs[0], logs[0], "--no-serve")
    second = None
    try:
        wait_for(lambda: "crawl ended: test-html" in logs[0].read_text(), 60, "the first daemon's crawl", logs[0])
        first_log = logs[0].read_text()
        assert "this daemon publishes the feeds" in first_log and "published all feeds" in first_log, first_log
        second = start_daemon(envs[1], logs[1], "--no-serve")
        wait_for(lambda: "daemon started" in logs[1].read_text(), 60, "the second daemon", logs[1])
        wait_for(lambda: "crawl ended: test-html" in logs[1].read_text(), 60, "the second daemon's crawl", logs[1])
        said = re.findall(r"another daemon publishes the feeds \(pid (\d+) on ", logs[1].read_text())
        assert said == [str(first.pid)], logs[1].read_text()  # said once, naming the publisher
        assert "published" not in logs[1].read_text()

        first.kill()  # the publisher dies: the server drops its lock with its connection
        first.wait(timeout=10)
        wait_for(lambda: "published all feeds" in logs[1].read_text(), 60, "the second daemon to take over", logs[1])
        assert f"this daemon publishes the feeds (taking over from pid {first.pid} on " in logs[1].read_text()
        rc, _ = stop(second)
        assert rc == 0, logs[1].read_text()[-3000:]
    finally:  # SIGTERM: a daemon stops its crawls too (a killed one would leave them holding source locks)
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    assert "Traceback" not in logs[0].read_text() + logs[1].read_text()
    assert (tmp_path / "feeds" / "all.atom").is_file()


def test_a_hand_crawl_leaves_publishing_to_the_daemon_that_publishes(
    site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path, session_postgres: SessionDatabase
) -> None:
    """`attache crawl` on a shared PostgreSQL store takes part in the election: while another process holds the
    publisher lock it stores its articles and writes no feed file; once nobody publishes, it publishes itself."""
    url = session_postgres.emptied()
    publish_site(site, make_articles(3))
    feeds = tmp_path / "feeds"
    env = {**attache_env, "ATTACHE_DATABASE_URL": url, "ATTACHE_FEEDS_DIR": str(feeds),
           "ATTACHE_SOURCES": str(write_catalog(tmp_path / "sources.toml", three_kinds_catalog(site)))}
    publisher = PublisherElection(url)
    try:
        assert publisher.may_publish()  # this test process stands for the publishing daemon
        held = run_attache(env, "crawl", "test-feed")
        assert held.returncode == 0, held.stdout + held.stderr
        assert re.search(rf"not published here: pid {os.getpid()} on \S+ publishes the feeds", held.stdout), held.stdout
        assert not feeds.exists() or not any(feeds.iterdir()), sorted(feeds.iterdir())
        assert len(db_rows(env, "SELECT id FROM articles WHERE source = 'test-feed'")) == 3
    finally:
        publisher.close()
    free = run_attache(env, "crawl", "test-feed")
    assert free.returncode == 0, free.stdout + free.stderr
    assert "not published" not in free.stdout and re.search(r"published \d+ feed", free.stdout), free.stdout
    assert (feeds / "index.html").exists() and (feeds / "feeds.opml").exists()
