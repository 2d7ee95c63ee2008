"""A database locked during a crawl still gets its run recorded: the crawl tries again for a bounded time, and when
the lock outlasts that, it stores nothing and a clear failed run is recorded (never articles without their run).

A real second SQLite connection holds the write lock (BEGIN IMMEDIATE); the database URL's ``?timeout=1`` sets
SQLite's busy timeout to one second so the bound is a few seconds, not minutes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.store import Store
from tests.helpers.daemon_runs import wait_for
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import REPO, run_attache, write_catalog
from tests.helpers.site_fixtures import html_source_toml, make_articles, publish_site

pytestmark = pytest.mark.e2e


@pytest.fixture
def locked_env(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    publish_site(site, make_articles(5))
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", html_source_toml(site)))
    db = Path(attache_env["ATTACHE_DATA_DIR"]) / "attache.sqlite3"
    attache_env["ATTACHE_DATABASE_URL"] = f"sqlite:///{db}?timeout=1"
    Store(attache_env["ATTACHE_DATABASE_URL"]).close()  # the tables exist before the lock is taken
    return attache_env


def _db(env: dict[str, str]) -> Path:
    return Path(env["ATTACHE_DATA_DIR"]) / "attache.sqlite3"


def _write_lock(env: dict[str, str]) -> sqlite3.Connection:
    holder = sqlite3.connect(_db(env), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held until ROLLBACK
    return holder


def _rows(env: dict[str, str], sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(_db(env), timeout=30) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def _start(env: dict[str, str], out: Path, *args: str) -> subprocess.Popen[bytes]:
    with open(out, "wb") as handle:
        return subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, stdout=handle,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def test_a_lock_shorter_than_the_bound_delays_the_run_and_loses_nothing(
    locked_env: dict[str, str], site: LoopbackSite, tmp_path: Path
) -> None:
    holder = _write_lock(locked_env)
    out = tmp_path / "crawl.out"
    proc = _start(locked_env, out, "-m", "scrapy", "crawl", "test-html", "-L", "INFO")
    try:  # the crawl's first try to open its run met the lock: let go before its last try
        wait_for(lambda: "trying again (2 of 3)" in out.read_text(errors="replace"), 90, "a retry", out)
        holder.execute("ROLLBACK")
        assert proc.wait(timeout=120) == 0, out.read_text()[-3000:]
    finally:
        holder.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    runs = _rows(locked_env, "SELECT * FROM crawl_runs")
    assert [(r["status"], r["new"]) for r in runs] == [("ok", 5)], [dict(r) for r in runs]
    assert len(_rows(locked_env, "SELECT url FROM articles")) == 5


def test_a_lock_that_outlasts_the_bound_gives_a_clear_failed_run_and_stores_nothing(
    locked_env: dict[str, str], site: LoopbackSite, tmp_path: Path
) -> None:
    holder = _write_lock(locked_env)
    out = tmp_path / "crawl.out"
    proc = _start(locked_env, out, "-m", "scraper.app.cli", "crawl", "test-html")
    try:  # the crawl gave up; the lock goes before `attache crawl` records the failed run
        wait_for(lambda: "cannot record its run" in out.read_text(errors="replace"), 120, "the crawl giving up", out)
        holder.execute("ROLLBACK")
        rc = proc.wait(timeout=120)
    finally:
        holder.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = out.read_text(errors="replace")
    assert rc == 1 and "Traceback" not in text, text
    runs = _rows(locked_env, "SELECT * FROM crawl_runs")
    assert len(runs) == 1 and runs[0]["status"] == "failed", [dict(r) for r in runs]
    assert "cannot record its run" in runs[0]["last_error"] and "database is locked" in runs[0]["last_error"], \
        runs[0]["last_error"]
    assert "database is locked" in text, text  # the summary table's last error says why
    assert _rows(locked_env, "SELECT url FROM articles") == [], "articles were stored without their run"

    again = run_attache(locked_env, "crawl", "test-html")  # unlocked: the next crawl stores everything
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(_rows(locked_env, "SELECT url FROM articles")) == 5
