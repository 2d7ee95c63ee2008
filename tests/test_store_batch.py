"""Batched upserts (`upsert_articles`, one transaction per batch of the crawl's StorePipeline) store exactly what
one `upsert_article` per article stores — rows, feed membership, dirty marks — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import scraper.store.articles as articles_module
from scraper.items import Article, Image
from scraper.store import Store, upsert_article, upsert_articles
from scraper.store.schema import ArticleRow, DirtyFeedRow, FeedMemberRow

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
_SKIP = {"id"}


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store on each database (`database_url`, tests/conftest.py)."""
    opened = Store(database_url)
    yield opened
    opened.close()


def article(number: int, **kw: Any) -> Article:
    values: dict[str, Any] = {
        "url": f"https://example.org/a/{number}", "title": f"Title {number}", "body_text": f"text {number}",
        "content_hash": f"h{number}", "language": "en", "source": "example",
        "published": T0 - timedelta(hours=number) if number % 2 else None,
        "countries": ["IT", "AZ"], "parties": ["AZ", "IT"], "cooperation": ["agreement"],
        "primary_kind": "agreement", "images": [Image(f"https://example.org/{number}.jpg", "cap")],
    }
    values.update(kw)
    return Article(**values)


def snapshot(session: Session) -> tuple[list[dict[str, Any]], set[tuple[str, str]], set[str]]:
    """Every stored row (without its id), membership as (feed, url), and the dirty feeds."""
    rows = [{c: getattr(row, c) for c in (col.name for col in ArticleRow.__table__.columns) if c not in _SKIP}
            for row in session.scalars(select(ArticleRow).order_by(ArticleRow.url))]
    members = set(tuple(r) for r in session.execute(select(FeedMemberRow.feed, ArticleRow.url)
                                  .join(ArticleRow, ArticleRow.id == FeedMemberRow.article_id)).all())
    dirty = set(session.scalars(select(DirtyFeedRow.feed)))
    return rows, members, dirty


def empty(store: Store) -> None:
    with store.session() as session:
        for table in (FeedMemberRow, DirtyFeedRow, ArticleRow):
            session.execute(delete(table))


def test_a_batch_stores_what_one_upsert_per_article_stores(store: Store) -> None:
    stored_before = [article(1), article(2)]
    batch = [(article(1), None),  # unchanged
             (article(2, body_text="changed", content_hash="h2b", countries=["GE"]), None),  # updated
             (article(3), "https://example.org/a/3?utm_source=feed"), (article(4, published=None), None),
             (article(5, cooperation=[], primary_kind=None, parties=[]), None),
             (article(3, title="again", content_hash="h3b"), None)]  # a URL twice: the second updates the first
    results = {}
    for how in ("one by one", "batch"):
        empty(store)
        with store.session() as session:
            for old in stored_before:
                upsert_article(session, old, T0)
        with store.session() as session:
            if how == "batch":
                outcome = upsert_articles(session, batch, T0 + timedelta(hours=1), "IT")
            else:
                outcome = [upsert_article(session, new, T0 + timedelta(hours=1), "IT", fetched_url=fetched)
                           for new, fetched in batch]
        with store.session() as session:
            results[how] = (outcome, snapshot(session))
    outcome, (rows, members, dirty) = results["batch"]
    assert outcome == ["unchanged", "updated", "new", "new", "new", "updated"]
    assert results["batch"] == results["one by one"]
    assert [row["url"] for row in rows] == [f"https://example.org/a/{n}" for n in range(1, 6)]
    assert rows[2]["fetched_url"] == "https://example.org/a/3" and rows[2]["title"] == "again"
    assert ("pairs/AZ-IT", "https://example.org/a/3") in members
    assert not any(url.endswith("/5") and feed == "cooperation" for feed, url in members)
    assert {"all", "cooperation", "countries/GE", "pairs/AZ-IT", "from/IT"} <= dirty


def test_a_url_another_writer_stored_meanwhile_is_updated_not_lost(store: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch read its URLs as new; another transaction stores one of them before the batch's INSERT … ON
    CONFLICT, which skips it (no id returned); the article then takes the update path."""
    if store.engine.dialect.name == "sqlite":
        pytest.skip("on SQLite a batch holds the write lock from its first read (store.engine.begin_write): no other "
                    "writer can store between its read and its insert (two processes at once: test_store_nodes.py)")
    real_insert = articles_module._insert_new

    def other_writer_first(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
        with store.session() as other:
            upsert_article(other, article(7, body_text="other writer", content_hash="x"), T0)
        ids = real_insert(session, rows)
        assert set(ids) == {article(8).url}
        return ids

    monkeypatch.setattr(articles_module, "_insert_new", other_writer_first)
    with store.session() as session:
        assert upsert_articles(session, [(article(7), None), (article(8), None)], T0 + timedelta(hours=1)) == [
            "updated", "new"]
    with store.session() as session:
        texts = {url: text for url, text in session.execute(select(ArticleRow.url, ArticleRow.body_text))}
        assert texts == {article(7).url: "text 7", article(8).url: "text 8"}


def test_an_article_without_content_hash_is_refused_before_anything_is_written(store: Store) -> None:
    with pytest.raises(ValueError, match="has no content_hash"), store.session() as session:
        upsert_articles(session, [(article(1), None), (article(2, content_hash=""), None)], T0)
    with store.session() as session:
        assert session.scalar(select(ArticleRow.id)) is None
