"""After an upgrade the daemon retags the stored articles by itself: real stores (SQLite files, PostgreSQL
databases) made with an old tagger version, `attache daemon` / `--once` as real subprocesses against a loopback
site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from scraper.tagging.version import TAGGER_VERSION
from tests.helpers.daemon_runs import assert_store_sound, daemon_catalog, db_rows, start_daemon, stop, wait_for
from tests.helpers.loopback_site import SlowSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.site_fixtures import make_articles, publish_site
from tests.helpers.stale_store import make_stale_store

pytestmark = pytest.mark.e2e


@pytest.fixture
def daemon_env(attache_env: dict[str, str], slow_site: SlowSite, tmp_path: Path) -> dict[str, str]:
    """The daemon's environment; on PostgreSQL too for the tests that take `database_url`."""
    attache_env.update({"ATTACHE_CRAWL_INTERVAL": "3600", "ATTACHE_HTTP_PORT": "0", "ATTACHE_MAX_PARALLEL_CRAWLS": "2"})
    publish_site(slow_site, make_articles(2))
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", daemon_catalog(slow_site)))
    return attache_env


def _stale_rows(env: dict[str, str]) -> dict[str, tuple[list[str], str | None, str]]:
    rows = db_rows(env, "SELECT url, parties, primary_kind, changed FROM articles WHERE source IN ('difesa', 'marina')")
    return {r["url"]: (json.loads(r["parties"]), r["primary_kind"], r["changed"]) for r in rows}


def _version(env: dict[str, str]) -> str | None:
    rows = db_rows(env, "SELECT value FROM store_meta WHERE key = 'tagger_version'")
    return rows[0]["value"] if rows else None


def _feed_links(env: dict[str, str], slug: str) -> set[str]:
    path = Path(env["ATTACHE_DATA_DIR"]) / "feeds" / f"{slug}.atom"
    if not path.exists():
        return set()
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {e.link for e in parsed.entries}


def test_once_after_an_upgrade_retags_records_the_version_and_publishes_pair_feeds(
    daemon_env: dict[str, str], database_url: str
) -> None:
    make_stale_store(daemon_env["ATTACHE_DATABASE_URL"], "old", count=2)
    before = _stale_rows(daemon_env)
    assert [parties for parties, _, _ in before.values()] == [[], []]
    result = run_attache(daemon_env, "daemon", "--once", timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(rf"retagged 2 articles \(tagger old → {re.escape(TAGGER_VERSION)}\): 2 changed", result.stderr), \
        result.stderr[-3000:]
    after = _stale_rows(daemon_env)
    assert sorted((tuple(p), k) for p, k, _ in after.values()) == [(("AZ", "IT"), "staff_talks"),
                                                                   (("FR", "IT"), "exercise")]
    assert all(after[url][2] > before[url][2] for url in before)  # `changed` moved: the feeds show the new tags
    assert _version(daemon_env) == TAGGER_VERSION
    staff_talks, frigates = sorted(before)
    assert staff_talks in _feed_links(daemon_env, "pairs/AZ-IT")
    assert frigates in _feed_links(daemon_env, "pairs/FR-IT")
    assert_store_sound(daemon_env)


def test_once_with_the_current_version_leaves_the_stored_tags_alone(daemon_env: dict[str, str],
                                                                    database_url: str) -> None:
    make_stale_store(daemon_env["ATTACHE_DATABASE_URL"], TAGGER_VERSION, count=2)
    before = _stale_rows(daemon_env)
    result = run_attache(daemon_env, "daemon", "--once", timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "retag" not in result.stderr, result.stderr[-3000:]
    assert _stale_rows(daemon_env) == before  # tags and `changed` untouched
    assert _version(daemon_env) == TAGGER_VERSION
    assert db_rows(daemon_env, "SELECT id FROM articles WHERE source = 'test-html'")  # the crawl did run


def test_a_fresh_store_only_records_the_version(daemon_env: dict[str, str], database_url: str) -> None:
    result = run_attache(daemon_env, "daemon", "--once", timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"tagger version {TAGGER_VERSION} recorded (empty store)" in result.stderr
    assert "retagged" not in result.stderr
    assert _version(daemon_env) == TAGGER_VERSION


def test_daemon_retags_in_the_background_then_republishes(daemon_env: dict[str, str], tmp_path: Path,
                                                          database_url: str) -> None:
    make_stale_store(daemon_env["ATTACHE_DATABASE_URL"], None, count=2)  # from before versions were recorded
    staff_talks, _ = sorted(_stale_rows(daemon_env))
    log = tmp_path / "daemon.out"
    proc = start_daemon(daemon_env, log)
    try:
        wait_for(lambda: "serving feeds at" in log.read_text(), 30, "the feed server", log)
        wait_for(lambda: staff_talks in _feed_links(daemon_env, "pairs/AZ-IT"), 60, "the retagged pair feed", log)
        rc, seconds = stop(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log.read_text()
    assert rc == 0 and seconds < 6, text[-3000:]
    assert re.search(rf"retagged 2 articles \(tagger unrecorded → {re.escape(TAGGER_VERSION)}\)", text), text[-3000:]
    assert re.search(r"retagged 2 articles.*\n(.*\n)*.*published all feeds", text), text[-3000:]
    assert _version(daemon_env) == TAGGER_VERSION
    assert "Traceback" not in text


def test_sigterm_stops_a_long_retag_promptly_and_leaves_the_version(daemon_env: dict[str, str], tmp_path: Path,
                                                                    database_url: str) -> None:
    """On SQLite and PostgreSQL: a retag of 6000 stored articles stops within seconds of SIGTERM."""
    make_stale_store(daemon_env["ATTACHE_DATABASE_URL"], "old", count=6000)  # seconds of tagging
    log = tmp_path / "daemon.out"
    proc = start_daemon(daemon_env, log, "--no-serve")
    try:
        wait_for(lambda: "retagging 6000 stored article(s) in the background" in log.read_text(), 60,
                 "the retag to start", log)
        rc, seconds = stop(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log.read_text()
    assert rc == 0, text[-3000:]
    assert seconds < 6, f"SIGTERM took {seconds:.1f} s"
    print(f"SIGTERM during the retag: exit 0 after {seconds:.2f} s")
    assert re.search(r"retag stopped after \d+ of 6000 article\(s\)", text), text[-3000:]
    assert _version(daemon_env) == "old"  # the next start retags again
    assert_store_sound(daemon_env)
