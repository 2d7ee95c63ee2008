"""The store keeps what tagging decides (parties, mentioned, primary kind, organisations) and migrates
databases made before those columns (and before Alembic migrations) existed: a real SQLite file is upgraded
on open; a PostgreSQL database is refused with one line until `attache db upgrade`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    inspect,
)

from scraper.items import Article
from scraper.store import Store, row_to_article, upsert_article
from scraper.store.migrations import SchemaBehind, head_revision
from scraper.store.schema import ArticleRow
from tests.helpers.databases import fresh_postgres

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
NEW_COLUMNS = {"parties", "mentioned", "primary_kind", "organisations"}


def old_articles_table(metadata: MetaData) -> Table:
    """The `articles` table exactly as the schema before parties/mentioned/primary_kind/organisations made it."""
    return Table(
        "articles", metadata,
        Column("id", Integer, primary_key=True),
        Column("url", String(2048), unique=True, nullable=False),
        Column("fetched_url", String(2048), index=True),
        Column("source", String(100), index=True),
        Column("title", Text, nullable=False),
        Column("summary", Text, nullable=False),
        Column("body_text", Text, nullable=False),
        Column("body_html", Text, nullable=False),
        Column("published", DateTime, index=True),
        Column("updated", DateTime),
        Column("authors", JSON, nullable=False),
        Column("language", String(20), index=True),
        Column("images", JSON, nullable=False),
        Column("rights", Text),
        Column("tags", JSON, nullable=False),
        Column("countries", JSON, nullable=False),
        Column("cooperation", JSON, nullable=False),
        Column("cooperation_score", Float, nullable=False),
        Column("publisher_country", String(2), index=True),
        Column("content_hash", String(64), nullable=False),
        Column("first_seen", DateTime, nullable=False, index=True),
        Column("last_seen", DateTime, nullable=False),
        Column("changed", DateTime, nullable=False, index=True),
    )


def make_old_database(url: str) -> None:
    """An old-schema database holding one article, written with plain SQL (no current model involved)."""
    engine = create_engine(url)
    metadata = MetaData()
    table = old_articles_table(metadata)
    metadata.create_all(engine)
    naive = T0.replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(table.insert().values(
            url="https://old.example.org/1", source="old", title="Old staff talks", summary="", body_text="Old text.",
            body_html="", published=naive, authors=[], images=[], tags=[], countries=["AZ", "IT"],
            cooperation=["staff_talks"], cooperation_score=0.8, content_hash="old1",
            first_seen=naive, last_seen=naive, changed=naive,
        ))
    engine.dispose()


def cooperation_article(**kw: object) -> Article:
    values: dict[str, object] = {
        "url": "https://new.example.org/1", "source": "new", "title": "Italy and Azerbaijan hold staff talks",
        "body_text": "Staff talks in Baku; Turkey and Georgia were mentioned.", "content_hash": "n1",
        "published": T0, "countries": ["AZ", "GE", "IT", "TR"], "parties": ["AZ", "IT"], "mentioned": ["GE", "TR"],
        "cooperation": ["staff_talks", "training"], "primary_kind": "staff_talks", "organisations": ["NATO"],
        "cooperation_score": 0.93,
    }
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def check_migrated_store(url: str) -> None:
    """Open an old database with the current code: it gains the columns, keeps its row, stores the new fields."""
    store = Store(url)
    try:
        columns = {c["name"] for c in inspect(store.engine).get_columns("articles")}
        assert columns >= NEW_COLUMNS
        with store.session() as session:
            old = row_to_article(session.query(ArticleRow).one())
            assert (old.url, old.countries, old.cooperation) == ("https://old.example.org/1", ["AZ", "IT"],
                                                                 ["staff_talks"])
            assert (old.parties, old.mentioned, old.primary_kind, old.organisations) == ([], [], None, [])
            assert upsert_article(session, cooperation_article(), T0, "IT") == "new"
        with store.session() as session:
            back = row_to_article(session.query(ArticleRow).filter_by(url="https://new.example.org/1").one())
        assert back.to_dict() == cooperation_article().to_dict()
    finally:
        store.close()
    Store(url).close()  # opening a migrated database again changes nothing (and does not fail)


def test_an_old_sqlite_file_gains_the_columns_on_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    make_old_database(url)
    columns = {c["name"] for c in inspect(create_engine(url)).get_columns("articles")}
    assert not NEW_COLUMNS & columns  # really the old schema
    check_migrated_store(url)


def test_an_old_postgresql_database_is_refused_until_attache_db_upgrade(tmp_path: Path) -> None:
    """A shared database is never changed behind its other users' backs: opening it says what to run, in one
    line; `attache db upgrade` brings it up to date, keeping its rows."""
    with fresh_postgres(upgraded=False) as url:
        make_old_database(url)
        with pytest.raises(SchemaBehind) as refused:
            Store(url)
        assert str(refused.value) == (
            "the database schema is at revision none (an empty database, or one made before migrations), "
            f"this Attaché needs {head_revision()}: run `attache db upgrade`")
        env = {**os.environ, "ATTACHE_DATABASE_URL": url, "ATTACHE_DATA_DIR": str(tmp_path / "data"),
               "HOME": str(tmp_path)}
        (tmp_path / "data").mkdir()
        behind = subprocess.run([sys.executable, "-m", "scraper.app.cli", "articles"], env=env, capture_output=True,
                                text=True, timeout=60)
        assert behind.returncode == 2 and "Traceback" not in behind.stderr
        assert behind.stderr.strip().endswith("run `attache db upgrade`") and behind.stderr.count("\n") == 1
        done = subprocess.run([sys.executable, "-m", "scraper.app.cli", "db", "upgrade"], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert f"from revision none to {head_revision()}" in done.stdout
        check_migrated_store(url)
        again = subprocess.run([sys.executable, "-m", "scraper.app.cli", "db", "upgrade"], env=env,
                               capture_output=True, text=True, timeout=60)
        assert again.returncode == 0 and "is up to date" in again.stdout


def test_changed_tags_on_the_same_text_update_the_article(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    try:
        with store.session() as session:
            assert upsert_article(session, cooperation_article(parties=[], primary_kind=None, cooperation=[]),
                                  T0) == "new"
        later = T0 + timedelta(hours=1)
        with store.session() as session:
            assert upsert_article(session, cooperation_article(), later) == "updated"  # a better tagger
        with store.session() as session:
            row = session.query(ArticleRow).one()
            assert (row.parties, row.primary_kind, row.changed) == (["AZ", "IT"], "staff_talks", later)
            assert row.updated is None  # readers see no new version of the article: its text is the same
            assert upsert_article(session, cooperation_article(), later + timedelta(hours=1)) == "unchanged"
    finally:
        store.close()
