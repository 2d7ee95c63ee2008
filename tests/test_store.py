"""The store: upsert by canonical URL, unchanged pages, crawl runs; a real SQLite file and a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scraper.items import Article, Image
from scraper.store import (
    RunCounts,
    Store,
    finish_run,
    interrupt_stale_runs,
    known_urls,
    runs_for,
    start_run,
    upsert_article,
)
from scraper.store.schema import ArticleRow

T0 = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


def article(**kw: object) -> Article:
    values = {"url": "https://example.org/a/1", "title": "T", "body_text": "text", "content_hash": "h1",
              "published": datetime(2025, 1, 9, 10, 0, tzinfo=timezone(timedelta(hours=2)))}
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store on each database (`database_url`, tests/conftest.py)."""
    opened = Store(database_url)
    yield opened
    opened.close()


def test_new_unchanged_updated(store: Store) -> None:
    with store.session() as s:
        assert upsert_article(s, article(images=[Image("https://example.org/i.jpg", "cap")]), T0, "IT",
                              fetched_url="https://example.org/a/1?utm_source=x") == "new"
    with store.session() as s:
        assert upsert_article(s, article(), T0 + timedelta(hours=1)) == "unchanged"
        row = s.query(ArticleRow).one()
        assert row.images[0]["caption"] == "cap" and row.fetched_url == "https://example.org/a/1"
        assert row.updated is None and row.changed == T0 and row.last_seen == T0 + timedelta(hours=1)
    with store.session() as s:
        assert upsert_article(s, article(body_text="new text", content_hash="h2"), T0 + timedelta(hours=2)) == "updated"
    with store.session() as s:
        row = s.query(ArticleRow).one()
        assert row.body_text == "new text" and row.updated == T0 + timedelta(hours=2)
        assert row.published == datetime(2025, 1, 9, 8, 0, tzinfo=UTC)
        assert row.first_seen == T0 and row.publisher_country == "IT"
        assert row.images == []  # the new content has no image
        assert set(known_urls(s)) == {"https://example.org/a/1"}


def test_naive_datetime_is_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"), store.session() as s:
        upsert_article(s, article(published=datetime(2025, 1, 1)), T0)


def test_runs_and_stale_runs(store: Store) -> None:
    with store.session() as s:
        first = start_run(s, "src", T0, pid=1, node="node-a.example", job_id="6487ec79947edab326d6db28a2d86511")
        second = start_run(s, "src", T0 + timedelta(minutes=1), pid=2)
        finish_run(s, second, T0 + timedelta(minutes=2), "ok", RunCounts(new=3, errors=1, last_error="boom"))
    with store.session() as s:
        assert interrupt_stale_runs(s, T0 + timedelta(minutes=3), "src", "interrupted: gone") == 1
    with store.session() as s:
        runs = runs_for(s, "src")
        assert [r.id for r in runs] == [second, first]
        assert (runs[0].status, runs[0].new, runs[0].last_error) == ("ok", 3, "boom")
        assert runs[1].status == "interrupted" and runs[1].finished is not None
        assert (runs[1].node, runs[1].job_id) == ("node-a.example", "6487ec79947edab326d6db28a2d86511")
        assert (runs[0].node, runs[0].job_id) == (None, None)
    assert store.integrity_ok()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    from sqlalchemy import text

    store = Store(f"sqlite:///{tmp_path / 'db' / 'a.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()
