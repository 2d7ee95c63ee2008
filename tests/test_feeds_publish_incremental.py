"""An incremental publish (`publish(changed=True)`, with the entries kept by earlier runs in the feed entry
cache) writes exactly the files a full publish of the same data writes from nothing: after new articles, an
edited article, a retag that empties a pair feed, and a tagger version change. And it builds no entry it
built before."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

import feeds.build
import feeds.entry_cache
import feeds.model
import feeds.story_groups
from bench.bench_publish import T0, fill, synthetic
from feeds.entry_cache import CACHE_NAME
from feeds.publish import publish
from scraper.store import Store, upsert_article
from scraper.store.schema import ArticleRow
from tests.helpers.feed_store import make_config

STORED = 240


def files(root: Path) -> dict[str, bytes]:
    """Every published file (gzip copies included) -> its bytes."""
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def from_nothing(store: Store, folder: Path) -> dict[str, bytes]:
    """The files a full publish writes into an empty feeds folder, with an empty entry cache."""
    config = make_config(folder, ATTACHE_DATABASE_URL=store.engine.url.render_as_string(hide_password=False))
    publish(config, store)
    return files(config.feeds_dir)


def assert_same_as_full(config, store: Store, folder: Path) -> None:  # type: ignore[no-untyped-def]
    published, expected = files(config.feeds_dir), from_nothing(store, folder)
    assert sorted(published) == sorted(expected)
    different = [name for name in expected if published[name] != expected[name]]
    assert not different, different[:10]


def _published_story_store(tmp_path: Path, url: str):  # type: ignore[no-untyped-def]
    """The publish benchmark's synthetic articles (many sources, one in six a repeat of a recent story), published."""
    store = Store(url)
    config = make_config(tmp_path / "daemon", ATTACHE_DATABASE_URL=url)
    fill(store, synthetic(0, STORED, 7))
    publish(config, store)
    assert (config.data_dir / CACHE_NAME).is_file()
    return config, store


@pytest.fixture
def story_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    config, store = _published_story_store(tmp_path, f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        yield config, store
    finally:
        store.close()


@pytest.fixture
def story_store_on_each_database(tmp_path: Path, database_url: str):  # type: ignore[no-untyped-def]
    """`story_store` on SQLite, then on PostgreSQL."""
    config, store = _published_story_store(tmp_path, database_url)
    try:
        yield config, store
    finally:
        store.close()


def _edited(store: Store, article_id: int, **fields: object) -> None:
    """Store the article `article_id` again with `fields` changed (a new content hash when its text changes)."""
    from scraper.items import Article

    with store.session() as session:
        row = session.get(ArticleRow, article_id)
        assert row is not None
        values = {f.name: getattr(row, f.name) for f in dataclasses.fields(Article)
                  if hasattr(row, f.name) and f.name not in ("images", "story_features")}
        values.update(fields)
        article = Article(**values)  # type: ignore[arg-type]
        if "body_text" in fields or "title" in fields:
            article.content_hash = f"edited-{article.content_hash}"[:64]
        upsert_article(session, article, T0 + timedelta(days=30))


def test_an_incremental_publish_after_new_and_edited_articles_writes_the_bytes_of_a_full_one(
        story_store_on_each_database, tmp_path):
    config, store = story_store_on_each_database
    fill(store, synthetic(STORED, 12, 8, source="src-007"))
    publish(config, store, changed=True)
    assert_same_as_full(config, store, tmp_path / "full-1")
    _edited(store, 5, body_text="An edited text about the frigate exercise. " * 20,
            body_html="<p>An edited text about the frigate exercise.</p>", title="Edited title")
    _edited(store, 9, tags=["defence", "retagged"], countries=["IT", "TR"], parties=[], cooperation=[],
            primary_kind=None, cooperation_score=0.0)  # the same text, other tags: a retag
    publish(config, store, changed=True)
    assert_same_as_full(config, store, tmp_path / "full-2")


def test_an_incremental_publish_after_a_retag_that_empties_a_feed_removes_its_files(story_store, tmp_path):
    config, store = story_store
    with store.session() as session:
        items = [(row.id, row.parties) for row in session.query(ArticleRow) if row.parties]
    pairs: dict[str, list[int]] = {}
    for article_id, parties in items:
        codes = sorted(set(parties))
        for i, first in enumerate(codes):
            for second in codes[i + 1:]:
                pairs.setdefault(f"{first}-{second}", []).append(article_id)
    pair, ids = min(pairs.items(), key=lambda item: (len(item[1]), item[0]))
    assert (config.feeds_dir / f"pairs/{pair}.atom").is_file()
    for article_id in ids:
        _edited(store, article_id, parties=[], cooperation=[], primary_kind=None, cooperation_score=0.0,
                tags=["no-longer-cooperation"])
    report = publish(config, store, changed=True)
    assert f"pairs/{pair}.atom" in report.removed
    assert_same_as_full(config, store, tmp_path / "full")


def test_an_incremental_publish_after_a_tagger_version_change_writes_the_bytes_of_a_full_one(
        story_store, tmp_path, monkeypatch):
    config, store = story_store
    monkeypatch.setattr(feeds.story_groups, "TAGGER_VERSION", "a-newer-tagger")
    for article_id in (3, 4, 30):
        _edited(store, article_id, tags=["defence", "tagger-2"])
    fill(store, synthetic(STORED, 5, 9, source="src-021"))
    publish(config, store, changed=True)
    assert_same_as_full(config, store, tmp_path / "full")


def test_entries_kept_by_other_code_are_not_used(story_store, tmp_path, monkeypatch):
    """An upgrade that changes how entries are made: the keys include the code's digest, so nothing kept
    by the old code is served. (With the old digest, the stale summaries would be published.)"""
    config, store = story_store
    monkeypatch.setattr(feeds.model, "SUMMARY_CHARS", 60)
    monkeypatch.setattr(feeds.entry_cache, "CODE_DIGEST", b"another version of the entry code")
    publish(config, store)
    assert_same_as_full(config, store, tmp_path / "full")


def test_an_incremental_publish_builds_only_the_entries_of_new_or_changed_articles(story_store, monkeypatch):
    config, store = story_store
    fill(store, synthetic(STORED, 6, 8, source="src-007"))
    _edited(store, 12, tags=["defence", "retagged"])
    built: list[str] = []
    make = feeds.model.entry_from_row

    def counted(row, base):  # type: ignore[no-untyped-def]
        built.append(row.url)
        return make(row, base)

    monkeypatch.setattr(feeds.build, "entry_from_row", counted)
    report = publish(config, store, changed=True)
    assert len(report.feeds) > 5
    with store.session() as session:
        changed = {row.url for row in session.query(ArticleRow).filter(
            (ArticleRow.id > STORED) | (ArticleRow.id == 12))}
    assert built and set(built) <= changed


def test_regrouping_a_changed_story_window_reads_the_texts_of_new_or_changed_candidates_only(story_store, monkeypatch):
    config, store = story_store
    fill(store, synthetic(STORED, 6, 8, source="src-007"))
    _edited(store, 20, body_text="A new text of the report about the frigate exercise. " * 10)
    read: list[int] = []
    rows_by_id = feeds.story_groups.rows_by_id

    def counted(session, ids, columns):  # type: ignore[no-untyped-def]
        read.extend(ids)
        return rows_by_id(session, ids, columns)

    monkeypatch.setattr(feeds.story_groups, "rows_by_id", counted)
    report = publish(config, store, changed=True)
    assert "cooperation" in report.feeds or "all" in report.feeds
    assert read and set(read) <= set(range(STORED + 1, STORED + 7)) | {20}
