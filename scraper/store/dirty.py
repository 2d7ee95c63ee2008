"""Dirty feeds: the feeds whose articles changed since they were last published (table `dirty_feeds`).

Every write that changes what a feed shows (a new article, a changed text, changed tags) marks the
feeds in the same transaction (`articles.upsert_article`), whoever crawled: `attache crawl`,
`scrapy crawl` or the daemon. A publish reads the marks (`dirty_feeds`), rebuilds those feeds and
clears exactly the marks it read (`clear_dirty`): a mark made meanwhile has a higher `version` and
stays for the next publish. The mark is an upsert (`INSERT ... ON CONFLICT DO UPDATE`) in the
dialect of the database (SQLite and PostgreSQL), so concurrent crawls never fail on one another.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .schema import DirtyFeedRow

CHUNK = 400
"""Feeds per statement (well under SQLite's bound-parameter limit)."""


def mark_dirty(session: Session, feeds: Collection[str]) -> None:
    """Mark `feeds` as needing a publish (in the caller's transaction)."""
    names = sorted(set(feeds))
    if not names:
        return
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    for start in range(0, len(names), CHUNK):
        statement = module.insert(DirtyFeedRow).values([{"feed": f, "version": 1} for f in names[start:start + CHUNK]])
        statement = statement.on_conflict_do_update(index_elements=[DirtyFeedRow.feed],
                                                    set_={"version": DirtyFeedRow.version + 1})
        session.execute(statement)


def dirty_feeds(session: Session) -> dict[str, int]:
    """Every marked feed with the version of its mark."""
    return {feed: version for feed, version in session.execute(select(DirtyFeedRow.feed, DirtyFeedRow.version))}


def clear_dirty(session: Session, seen: Mapping[str, int]) -> None:
    """Remove the marks in `seen` that have not been made again since they were read."""
    items = sorted(seen.items())
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        session.execute(delete(DirtyFeedRow).where(or_(*(
            and_(DirtyFeedRow.feed == feed, DirtyFeedRow.version == version) for feed, version in chunk))))
