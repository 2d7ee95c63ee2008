"""Crawl runs: one row per run per source, opened at start and closed at the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .schema import CrawlRunRow


@dataclass
class RunCounts:
    """What a crawl run did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: int = 0
    errors: int = 0
    requests: int = 0
    last_error: str | None = None


def start_run(session: Session, source: str, now: datetime, pid: int | None = None) -> int:
    """Record the start of a run; returns its id."""
    row = CrawlRunRow(source=source, started=now, status="running", pid=pid)
    session.add(row)
    session.flush()
    return row.id


def finish_run(session: Session, run_id: int, now: datetime, status: str, counts: RunCounts) -> None:
    """Close a run with its status and counts."""
    row = session.get(CrawlRunRow, run_id)
    if row is None:
        raise KeyError(f"no crawl run {run_id}")
    row.finished = now
    row.status = status
    for name in ("new", "updated", "unchanged", "dropped", "errors", "requests", "last_error"):
        setattr(row, name, getattr(counts, name))


def fail_stale_runs(session: Session, now: datetime, source: str | None = None, reason: str = "interrupted") -> int:
    """Mark runs still 'running' (their process died) as failed; returns how many."""
    query = update(CrawlRunRow).where(CrawlRunRow.status == "running")
    if source is not None:
        query = query.where(CrawlRunRow.source == source)
    result = session.execute(query.values(status="failed", finished=now, last_error=reason))
    return result.rowcount or 0


def runs_for(session: Session, source: str | None = None, limit: int = 50) -> list[CrawlRunRow]:
    """Latest runs first."""
    query = select(CrawlRunRow)
    if source is not None:
        query = query.where(CrawlRunRow.source == source)
    return list(session.scalars(query.order_by(CrawlRunRow.started.desc(), CrawlRunRow.id.desc()).limit(limit)))
