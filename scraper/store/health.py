"""Queries behind source health and crash recovery (crawl runs per source, runs left 'running')."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import CrawlRunRow


def recent_finished_runs(
    session: Session, sources: Iterable[str], per_source: int = 20
) -> dict[str, list[CrawlRunRow]]:
    """Each source's latest finished runs (not 'running'), newest first."""
    result: dict[str, list[CrawlRunRow]] = {}
    for source in sources:
        query = (select(CrawlRunRow)
                 .where(CrawlRunRow.source == source, CrawlRunRow.status != "running")
                 .order_by(CrawlRunRow.started.desc(), CrawlRunRow.id.desc()).limit(per_source))
        result[source] = list(session.scalars(query))
    return result


def running_runs(session: Session) -> list[CrawlRunRow]:
    """Runs still marked 'running' (in progress, or left behind by a process that died)."""
    return list(session.scalars(select(CrawlRunRow).where(CrawlRunRow.status == "running")
                                .order_by(CrawlRunRow.id)))


def mark_interrupted(session: Session, run_id: int, now: datetime, reason: str) -> bool:
    """Record that a run was interrupted (status failed, `reason` as its error) unless it ended well.

    Applies to a run still 'running' or already closed as failed (a crawl that
    closed itself on SIGTERM); True if the row was changed. `reason` should
    start with "interrupted" so health tells interruptions from source failures.
    """
    row = session.get(CrawlRunRow, run_id)
    if row is None or row.status not in ("running", "failed"):
        return False
    if row.status == "failed" and row.last_error and row.last_error != reason:
        reason = f"{reason} ({row.last_error})"
    row.status = "failed"
    row.finished = row.finished or now
    row.last_error = reason[:2000]
    return True
