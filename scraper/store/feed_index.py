"""Feed membership: which built-in feeds an article belongs to, kept in `feed_members` on every write.

Each published feed is a window of the newest n articles of one feed slug. With a row per
(feed, article) and the index (feed, sort_time, article_id), a window walks the index backwards and
stops after n rows, whatever the store's size; `articles.upsert_article` and `articles.update_tags`
keep the rows (and mark the feeds dirty, `dirty.py`) in the same transaction as the article.

`member_feeds` is the one rule. It follows the conditions of `feed_queries.FeedFilter` exactly, as
SQLite evaluates them (codes compared upper case), for the built-in families of `feeds.catalog`:
`all`, `cooperation`, `sources/<id>`, `from/<CC>`, `lang/<xx>`, `countries/<CC>` (a subject country:
among `countries` and not only `mentioned`) and `pairs/<AA>-<BB>` (both parties of a cooperation item,
codes in alphabetical order). A test checks each built-in feed's window against its filter query.
`party/<CC>` is no feed: it indexes the parties of cooperation items, for the activity counts that
order the pair and country feeds (`feed_queries.feed_activity`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from .meta import set_feed_index_version, stored_feed_index_version
from .schema import ArticleRow, FeedMemberRow

FEED_INDEX_VERSION = "1"
"""Bump when `member_feeds` changes: the next open of the store rebuilds `feed_members` (`refresh_feed_index`)."""
_LANG_SPLIT = re.compile(r"[-_]")
CHUNK = 500
"""Ids per statement (well under SQLite's bound-parameter limit)."""


def article_sort_time(published: datetime | None, first_seen: datetime) -> datetime:
    """The time feeds sort by: published, else first seen."""
    return published or first_seen


def _codes(values: Iterable[Any] | None) -> list[str]:
    return [v.upper() for v in values or () if isinstance(v, str) and v]


def member_feeds(row: Any) -> set[str]:
    """Slugs of the built-in feeds `row` (an `ArticleRow` or anything with its fields) belongs to."""
    feeds = {"all"}
    if row.source:
        feeds.add(f"sources/{row.source}")
    if row.publisher_country:
        feeds.add(f"from/{row.publisher_country.upper()}")
    language = (row.language or "").lower()
    prefix = _LANG_SPLIT.split(language, maxsplit=1)[0]
    if prefix:
        feeds.add(f"lang/{prefix}")
    cooperation = [v for v in row.cooperation or () if isinstance(v, str)]
    if cooperation:
        feeds.add("cooperation")
    mentioned = set(_codes(row.mentioned))
    feeds.update(f"countries/{c}" for c in _codes(row.countries) if c not in mentioned)
    if row.primary_kind and cooperation:
        parties = sorted(set(_codes(row.parties)))
        feeds.update(f"pairs/{a}-{b}" for a, b in combinations(parties, 2))
        feeds.update(f"party/{c}" for c in parties)
    return feeds


def stored_feeds(session: Session, article_id: int) -> set[str]:
    """The feeds an article is recorded in now."""
    return set(session.scalars(select(FeedMemberRow.feed).where(FeedMemberRow.article_id == article_id)))


def sync_membership(session: Session, row: ArticleRow, *, new: bool = False) -> set[str]:
    """Record `row`'s feeds (replacing what was recorded); returns the feeds it left or joined or stays in.

    `row` must have an id (flushed). `new`: nothing is recorded yet (skips the look-up).
    """
    assert row.sort_time is not None
    before = set() if new else stored_feeds(session, row.id)
    after = member_feeds(row)
    if not new:
        session.execute(delete(FeedMemberRow).where(FeedMemberRow.article_id == row.id))
    session.execute(insert(FeedMemberRow), [
        {"feed": feed, "article_id": row.id, "sort_time": row.sort_time} for feed in sorted(after)
    ])
    return before | after


def rebuild_membership(session: Session, article_ids: Sequence[int] | None = None) -> int:
    """Recompute `feed_members` (and `sort_time`) for these articles, or for all; returns rows written.

    Used by `refresh_feed_index` on a store made before the table existed or with an older rule. Reads only
    the columns the rule needs, in chunks.
    """
    columns = (ArticleRow.id, ArticleRow.source, ArticleRow.publisher_country, ArticleRow.language,
               ArticleRow.cooperation, ArticleRow.primary_kind, ArticleRow.countries, ArticleRow.mentioned,
               ArticleRow.parties, ArticleRow.published, ArticleRow.first_seen)
    if article_ids is None:
        article_ids = list(session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
    written = 0
    for start in range(0, len(article_ids), CHUNK):
        chunk = list(article_ids[start:start + CHUNK])
        session.execute(delete(FeedMemberRow).where(FeedMemberRow.article_id.in_(chunk)))
        members, times = [], []
        for row in session.execute(select(*columns).where(ArticleRow.id.in_(chunk))):
            when = article_sort_time(row.published, row.first_seen)
            times.append({"b_id": row.id, "b_time": when})
            members += [{"feed": f, "article_id": row.id, "sort_time": when} for f in sorted(member_feeds(row))]
        if times:
            session.connection().execute(
                ArticleRow.__table__.update().where(ArticleRow.__table__.c.id == bindparam("b_id"))
                .values(sort_time=bindparam("b_time")), times)
        if members:
            session.execute(insert(FeedMemberRow), members)
        written += len(members)
    return written


def refresh_feed_index(session: Session) -> int:
    """Rebuild `sort_time` and `feed_members` when the recorded rule version is not `FEED_INDEX_VERSION`
    (a store made before the index, or an older rule); returns the membership rows written (0 when current)."""
    if stored_feed_index_version(session) == FEED_INDEX_VERSION:
        return 0
    written = 0
    if session.scalar(select(ArticleRow.id).limit(1)) is not None:
        written = rebuild_membership(session)
    set_feed_index_version(session, FEED_INDEX_VERSION)
    return written
