"""Story-grouping features kept in the store: one record per article, valid while its digest matches;
and each story feed's grouping of its window, valid while the window's digest matches.

A crawl computes the `StoryFeatures` of each text it stores (where the tagger is loaded anyway) and
they are kept here with the article (`keep_in`); the feeds (`feeds/story_groups.py`) compute those still
missing at publish time and keep them too, so a publish reads them instead of tagging and hashing texts. Records are
opaque bytes to the store; a record whose digest differs from the article's current text is stale
and is replaced. Writes go through a short transaction of their own (never the caller's, which may be
a long read), with a short lock wait: the cache is an optimisation, a busy database only skips it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import Connection, Engine, delete, insert, select, text
from sqlalchemy.orm import Session

from .engine import SQLITE_BUSY_TIMEOUT_MS
from .schema import StoryGroupingRow, StorySignatureRow

logger = logging.getLogger(__name__)

CHUNK = 500
"""Ids per statement (well under SQLite's bound-parameter limit)."""
WRITE_WAIT_MS = 2000
"""How long a save waits for SQLite's write lock before giving up (the records are then not kept)."""


def load_story_features(session: Session, article_ids: Collection[int]) -> dict[int, tuple[str, bytes]]:
    """Stored records by article id: (digest, data); ids without one are absent."""
    ids = sorted(set(article_ids))
    found: dict[int, tuple[str, bytes]] = {}
    table = StorySignatureRow
    for start in range(0, len(ids), CHUNK):
        query = select(table.article_id, table.digest, table.data).where(table.article_id.in_(ids[start:start + CHUNK]))
        for article_id, digest, data in session.execute(query):
            found[article_id] = (digest, bytes(data))
    return found


def keep_in(session: Session, records: Sequence[tuple[int, str, bytes]]) -> None:
    """Replace the records of these articles (article id, digest, data) in the caller's transaction: the
    features a crawl computed, stored with their article."""
    _replace_features(session, {article_id: (digest, data) for article_id, digest, data in records})


def _replace_features(executor: Session | Connection, latest: Mapping[int, tuple[str, bytes]]) -> None:
    """Delete the records of the articles of `latest` and insert theirs, in the executor's transaction."""
    ids = sorted(latest)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        executor.execute(delete(StorySignatureRow).where(StorySignatureRow.article_id.in_(chunk)))
        executor.execute(insert(StorySignatureRow), [
            {"article_id": i, "digest": latest[i][0], "data": latest[i][1]} for i in chunk
        ])


def can_keep(engine: Engine) -> bool:
    """False for in-memory SQLite, where another connection would not see (or would share) the data."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return True
    return bool(url.database) and url.database != ":memory:" and url.query.get("mode") != "memory"


def save_story_features(engine: Engine, records: Sequence[tuple[int, str, bytes]]) -> int:
    """Replace the records of these articles (article id, digest, data) in a transaction of their own.

    Returns how many were written; 0 when the engine cannot keep them. Raises SQLAlchemy errors
    (a locked database, an article deleted meanwhile): callers log them and go on.
    """
    latest = {article_id: (digest, data) for article_id, digest, data in records}
    if not latest or not can_keep(engine):
        return 0
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.execute(text(f"PRAGMA busy_timeout={WRITE_WAIT_MS}"))
            conn.commit()
        try:
            with conn.begin():
                _replace_features(conn, latest)
        finally:
            if sqlite:
                conn.execute(text(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"))
                conn.commit()
    return len(latest)


def load_groupings(session: Session, feeds: Collection[str]) -> dict[str, tuple[str, str]]:
    """Kept groupings by feed: (window digest, JSON groups); feeds without one are absent."""
    names = sorted(set(feeds))
    found: dict[str, tuple[str, str]] = {}
    table = StoryGroupingRow
    for start in range(0, len(names), CHUNK):
        query = select(table.feed, table.digest, table.groups).where(table.feed.in_(names[start:start + CHUNK]))
        found.update((feed, (digest, groups)) for feed, digest, groups in session.execute(query))
    return found


def save_groupings(engine: Engine, records: Sequence[tuple[str, str, str]]) -> int:
    """Replace the groupings of these feeds (feed, window digest, JSON groups) in a transaction of their own.

    Returns how many were written; 0 when the engine cannot keep them. Raises SQLAlchemy errors."""
    latest = {feed: (digest, groups) for feed, digest, groups in records}
    if not latest or not can_keep(engine):
        return 0
    names = sorted(latest)
    with engine.begin() as conn:
        for start in range(0, len(names), CHUNK):
            chunk = names[start:start + CHUNK]
            conn.execute(delete(StoryGroupingRow).where(StoryGroupingRow.feed.in_(chunk)))
            conn.execute(insert(StoryGroupingRow), [
                {"feed": f, "digest": latest[f][0], "groups": latest[f][1]} for f in chunk
            ])
    return len(names)
