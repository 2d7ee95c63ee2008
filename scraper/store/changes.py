"""A cheap marker of the articles' state: it moves whenever an article is added or its content or tags change.

Two index lookups (`max(id)`, `max(changed)`), the same SQL on SQLite and PostgreSQL. Articles are never
deleted, every insert takes a new id, and every rewrite of content or tags sets `changed` to the time of
the crawl that made it; so the marker only stays put while no crawl changed anything (caches of rendered
feeds key on it: `feeds.server`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .schema import ArticleRow

ChangeMarker = tuple[int, datetime | None]


def change_marker(session: Session) -> ChangeMarker:
    """(highest article id, latest `changed`); (0, None) for an empty store."""
    # One subquery per aggregate: SQLite answers a lone max() from the index, two in one SELECT by a scan.
    newest_id, newest_change = session.execute(select(select(func.max(ArticleRow.id)).scalar_subquery(),
                                                      select(func.max(ArticleRow.changed)).scalar_subquery())).one()
    return (newest_id or 0, newest_change)
