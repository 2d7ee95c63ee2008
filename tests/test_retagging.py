"""The retag loop (`scraper.app.retagging`) and `attache retag`: stored articles get the current tagger's
tags, and a full retag that ran to the end records the tagger version in the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scraper.app.retagging import retag_store, tagger_check
from scraper.config import Config
from scraper.store import Store, stored_tagger_version
from scraper.store.schema import ArticleRow
from scraper.tagging.version import TAGGER_VERSION
from tests.helpers.processes import run_attache
from tests.helpers.stale_store import make_stale_store


def _tags(store: Store) -> dict[str, tuple[list[str], str | None]]:
    with store.session() as session:
        return {r.url: (list(r.parties), r.primary_kind) for r in session.query(ArticleRow)}


def test_a_full_retag_tags_every_article_and_records_the_version(config: Config) -> None:
    make_stale_store(config.database_url, "old", count=5)
    store = Store(config.database_url)
    try:
        assert tagger_check(store).needs_retag and tagger_check(store).stored == "old"
        result = retag_store(store, batch=2)
        assert (result.total, result.done, result.changed, result.failed, result.stopped) == (5, 5, 5, 0, False)
        assert result.recorded == TAGGER_VERSION
        tags = _tags(store)
        assert {tuple(p) for p, _ in tags.values()} == {("AZ", "IT"), ("FR", "IT")}
        assert {k for _, k in tags.values()} == {"staff_talks", "exercise"}
        with store.session() as session:
            assert stored_tagger_version(session) == TAGGER_VERSION
        assert not tagger_check(store).needs_retag
        again = retag_store(store)
        assert (again.changed, again.unchanged) == (0, 5)  # nothing moves twice
    finally:
        store.close()


def test_one_source_or_a_stopped_retag_leaves_the_version_as_it_was(config: Config) -> None:
    make_stale_store(config.database_url, "old", count=6)
    store = Store(config.database_url)
    try:
        one = retag_store(store, "marina")
        assert (one.total, one.changed, one.recorded) == (3, 3, None)
        with store.session() as session:
            assert stored_tagger_version(session) == "old"  # the other source still has old tags

        calls = [0]

        def cancelled() -> bool:
            calls[0] += 1
            return calls[0] > 3  # one check before the batch, one per article: stop before the third

        stopped = retag_store(store, batch=4, cancelled=cancelled)
        assert stopped.stopped and stopped.done == 2 and stopped.recorded is None
        assert stopped.changed == 1  # article 1 (difesa) was stale; 2 (marina) was retagged above
        with store.session() as session:
            assert stored_tagger_version(session) == "old"
        assert sum(1 for parties, _ in _tags(store).values() if parties) == 4
    finally:
        store.close()


def test_an_empty_or_older_database_has_no_version_until_recorded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()  # a database from before store_meta existed: the table is added on open
    store = Store(f"sqlite:///{path}")
    try:
        check = tagger_check(store)
        assert (check.stored, check.articles, check.needs_retag, check.up_to_date) == (None, 0, False, False)
    finally:
        store.close()
    assert "store_meta" in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}


def test_attache_retag_retags_and_records_the_version(attache_env: dict[str, str]) -> None:
    make_stale_store(attache_env["ATTACHE_DATABASE_URL"], None, count=2)
    partial = run_attache(attache_env, "retag", "--source", "difesa")
    assert partial.returncode == 0, partial.stderr
    assert "retagged 1 article(s): 1 changed, 0 unchanged" in partial.stdout
    assert "recorded" not in partial.stdout
    full = run_attache(attache_env, "retag")
    assert full.returncode == 0, full.stderr
    assert "retagged 2 article(s): 1 changed, 1 unchanged" in full.stdout, full.stdout
    assert f"tagger version {TAGGER_VERSION} recorded" in full.stdout
    assert "attache publish" in full.stdout
    db = Path(attache_env["ATTACHE_DATA_DIR"]) / "attache.sqlite3"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT value FROM store_meta WHERE key = 'tagger_version'").fetchall() == [
            (TAGGER_VERSION,)]
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE parties = '[]'").fetchone() == (0,)
    finally:
        conn.close()


def test_attache_retag_names_a_misspelt_source(attache_env: dict[str, str]) -> None:
    make_stale_store(attache_env["ATTACHE_DATABASE_URL"], None, count=2)
    typo = run_attache(attache_env, "retag", "--source", "difesa-typo")
    assert typo.returncode == 2
    assert "unknown source(s): difesa-typo" in typo.stderr and "Traceback" not in typo.stderr
