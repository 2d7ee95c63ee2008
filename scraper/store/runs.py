"""Crawl runs: one row per run of a source, and the only code that changes a run's state.

A run is a small state machine; nothing outside this module writes `crawl_runs`:

    running ──finish_run──▶ ok | partial | empty | failed    (the crawl closed itself)
    running | ok | partial | empty ──fail_run──▶ failed       (timed out, or its process died)
    (no row) ──record_failed_run──▶ failed                    (the crawl could not write its own row)
    running | failed ──interrupt_run──▶ interrupted           (the daemon stopped or was killed)

``empty`` is the warning state: the crawl read its start pages but found no article link
at all (no link matched ``article_pattern``, or the feed or sitemap had no entries);
`last_error` says why. It is never green, but it is not a failure either (no backoff):
a listing whose links are all known already is ``ok``, not ``empty``.
An interrupted run is a failure that is not the source's fault: health neither backs
off for it nor counts it as the source's last crawl. Readers get `CrawlRun` records,
plain values that outlive the session. `write_run` applies a change in its own
transaction and tries again while the database is locked (a bounded wait), so a
run is never silently left unrecorded.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .schema import CrawlRunRow

logger = logging.getLogger(__name__)

RUNNING = "running"
EMPTY = "empty"
"""The warning state: the start pages were read but gave no article link."""
FINISHED = frozenset({"ok", "partial", EMPTY, "failed"})
"""States a crawl closes its own run with."""
INTERRUPTED = "interrupted"
_FAILABLE = frozenset({RUNNING, "ok", "partial", EMPTY})
_INTERRUPTIBLE = frozenset({RUNNING, "failed"})
MAX_ERROR_CHARS = 2000
RUN_WRITE_ATTEMPTS = 3
"""Tries of a run's state change while the database is locked (each waits SQLite's busy timeout) …"""
RUN_WRITE_PAUSE_SECONDS = 1.0
"""… with this pause between two tries."""
T = TypeVar("T")


def this_node() -> str:
    """The name runs started on this machine record as their `node` (its host name)."""
    return socket.gethostname()


class RunNotRecorded(RuntimeError):
    """A run's state change could not be written: the database stayed locked (or failed) through every try."""


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


@dataclass(frozen=True)
class CrawlRun:
    """A crawl run as read from the store."""

    id: int
    source: str
    started: datetime
    finished: datetime | None
    status: str
    new: int
    updated: int
    unchanged: int
    dropped: int
    errors: int
    requests: int
    last_error: str | None
    pid: int | None
    node: str | None = None
    """Where it ran: a Scrapyd node's base URL, else the machine's host name (None: not recorded)."""
    job_id: str | None = None
    """Its Scrapyd job id; None for a local crawl."""

    @classmethod
    def of(cls, row: CrawlRunRow) -> CrawlRun:
        return cls(id=row.id, source=row.source, started=row.started, finished=row.finished, status=row.status,
                   new=row.new or 0, updated=row.updated or 0, unchanged=row.unchanged or 0,
                   dropped=row.dropped or 0, errors=row.errors or 0, requests=row.requests or 0,
                   last_error=row.last_error, pid=row.pid, node=row.node, job_id=row.job_id)


# --- state changes -------------------------------------------------------------------------------
def write_run(sessions: Callable[[], AbstractContextManager[Session]], change: Callable[[Session], T], *,
              attempts: int = RUN_WRITE_ATTEMPTS, pause: float = RUN_WRITE_PAUSE_SECONDS) -> T:
    """Apply `change` (one of the state changes below) in its own transaction from `sessions` (`Store.session`).

    While the database is locked, try again, `attempts` times in all; then raise `RunNotRecorded` naming
    SQLite's error, so the caller can say so plainly instead of leaving a run unrecorded in silence."""
    for attempt in range(1, attempts + 1):
        try:
            with sessions() as session:
                return change(session)
        except OperationalError as exc:
            cause = exc.orig or exc
            if attempt == attempts or not _locked(str(cause)):
                raise RunNotRecorded(f"{cause} (after {attempt} tr{'y' if attempt == 1 else 'ies'})") from exc
            logger.warning("recording a crawl run: %s; trying again (%d of %d)", cause, attempt + 1, attempts)
            time.sleep(pause)
    raise AssertionError("unreachable")


def _locked(message: str) -> bool:
    return "locked" in message or "busy" in message


def record_failed_run(session: Session, source: str, started: datetime, now: datetime, reason: str,
                      pid: int | None = None, *, node: str | None = None, job_id: str | None = None) -> int:
    """Record a run that failed before it could record itself (its process could not write its row, or its
    Scrapyd node died before the crawl opened it)."""
    row = CrawlRunRow(source=source, started=started, finished=now, status="failed", pid=pid,
                      last_error=_clip(reason), node=node, job_id=job_id)
    session.add(row)
    session.flush()
    return row.id


def start_run(session: Session, source: str, now: datetime, pid: int | None = None, *, node: str | None = None,
              job_id: str | None = None) -> int:
    """Record the start of a run (with where it ran, and its Scrapyd job when it runs on a node); returns its id."""
    row = CrawlRunRow(source=source, started=now, status=RUNNING, pid=pid, node=node, job_id=job_id)
    session.add(row)
    session.flush()
    return row.id


def finish_run(session: Session, run_id: int, now: datetime, status: str, counts: RunCounts) -> None:
    """Close a running run with the status the crawl gave it (ok, partial, empty or failed) and its counts."""
    if status not in FINISHED:
        raise ValueError(f"a crawl finishes as one of {sorted(FINISHED)}, not {status!r}")
    row = _row(session, run_id)
    if row.status != RUNNING:
        raise ValueError(f"crawl run {run_id} is {row.status}, not running: it cannot finish again")
    row.finished = now
    row.status = status
    for name in ("new", "updated", "unchanged", "dropped", "errors", "requests"):
        setattr(row, name, getattr(counts, name))
    row.last_error = _clip(counts.last_error)


def fail_run(session: Session, run_id: int, now: datetime, reason: str) -> bool:
    """Mark a run failed for a reason its crawl could not record (a timeout, a dead process).

    Applies to a run still running or one the crawl closed as ok, partial or empty before it was
    stopped; True if the row changed."""
    row = session.get(CrawlRunRow, run_id)
    if row is None or row.status not in _FAILABLE:
        return False
    row.status = "failed"
    row.finished = row.finished or now
    row.last_error = _clip(reason)
    return True


def interrupt_run(session: Session, run_id: int, now: datetime, reason: str) -> bool:
    """Mark a run interrupted (the daemon stopped or died during it) unless it ended well.

    Applies to a run still running or closed as failed (a crawl that closed itself on
    SIGTERM; its own error is kept after `reason`); True if the row changed."""
    row = session.get(CrawlRunRow, run_id)
    if row is None or row.status not in _INTERRUPTIBLE:
        return False
    if row.status == "failed" and row.last_error and row.last_error != reason:
        reason = f"{reason} ({row.last_error})"
    row.status = INTERRUPTED
    row.finished = row.finished or now
    row.last_error = _clip(reason)
    return True


def interrupt_stale_runs(session: Session, now: datetime, source: str, reason: str) -> int:
    """Mark `source`'s runs still running as interrupted (the caller holds the source's lock, so
    their processes are gone); returns how many."""
    rows = session.scalars(select(CrawlRunRow).where(CrawlRunRow.status == RUNNING, CrawlRunRow.source == source))
    return sum(interrupt_run(session, row.id, now, reason) for row in list(rows))


# --- reading -------------------------------------------------------------------------------------
def run_of_process(session: Session, source: str, pid: int) -> CrawlRun | None:
    """The latest run of `source` opened by process `pid`, if it opened one."""
    row = session.scalar(select(CrawlRunRow).where(CrawlRunRow.source == source, CrawlRunRow.pid == pid)
                         .order_by(CrawlRunRow.id.desc()).limit(1))
    return CrawlRun.of(row) if row is not None else None


def run_of_job(session: Session, source: str, job_id: str) -> CrawlRun | None:
    """The latest run of `source` opened by Scrapyd job `job_id`, if it opened one."""
    row = session.scalar(select(CrawlRunRow).where(CrawlRunRow.source == source, CrawlRunRow.job_id == job_id)
                         .order_by(CrawlRunRow.id.desc()).limit(1))
    return CrawlRun.of(row) if row is not None else None


def runs_for(session: Session, source: str | None = None, limit: int = 50) -> list[CrawlRun]:
    """Latest runs first."""
    query = select(CrawlRunRow)
    if source is not None:
        query = query.where(CrawlRunRow.source == source)
    rows = session.scalars(query.order_by(CrawlRunRow.started.desc(), CrawlRunRow.id.desc()).limit(limit))
    return [CrawlRun.of(row) for row in rows]


def recent_finished_runs(session: Session, sources: Iterable[str], per_source: int = 20) -> dict[str, list[CrawlRun]]:
    """Each source's latest finished runs (not running), newest first."""
    result: dict[str, list[CrawlRun]] = {}
    for source in sources:
        query = (select(CrawlRunRow)
                 .where(CrawlRunRow.source == source, CrawlRunRow.status != RUNNING)
                 .order_by(CrawlRunRow.started.desc(), CrawlRunRow.id.desc()).limit(per_source))
        result[source] = [CrawlRun.of(row) for row in session.scalars(query)]
    return result


def running_runs(session: Session) -> list[CrawlRun]:
    """Runs still marked running (in progress, or left behind by a process that died)."""
    rows = session.scalars(select(CrawlRunRow).where(CrawlRunRow.status == RUNNING).order_by(CrawlRunRow.id))
    return [CrawlRun.of(row) for row in rows]


def _row(session: Session, run_id: int) -> CrawlRunRow:
    row = session.get(CrawlRunRow, run_id)
    if row is None:
        raise KeyError(f"no crawl run {run_id}")
    return row


def _clip(text: str | None) -> str | None:
    return text[:MAX_ERROR_CHARS] if text else text
