"""Per-source crawl locks that hold across machines: on PostgreSQL, a session-level advisory lock.

Several nodes crawling into one PostgreSQL database cannot see one another's `flock`s, so there the lock
is `pg_try_advisory_lock` on a stable 64-bit hash of the source id, held on a connection of its own for
the crawl's duration. The server drops it when that connection ends, so a crawl process that dies (or
its machine) never leaves a source locked. The connection's `application_name` carries the holder's pid
and host, so a refusal can say who holds it. On SQLite (one machine) `scraper.locks.SourceLock`'s `flock`
stays: `source_lock` picks the one for the database, with the same interface. The advisory lock itself is
`advisory.SessionLock`; its `held()` lets a long crawl check that its lock did not go with a dropped connection.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..locks import SourceBusy, SourceLock
from .advisory import SessionLock, advisory_key, is_postgresql

APPLICATION_PREFIX = "attache-lock"


def lock_key(source_id: str) -> int:
    """The advisory-lock key of a source: a signed 64-bit hash of its id, the same on every machine."""
    return advisory_key(f"attache-source:{source_id}")


class AdvisoryLock:
    """An exclusive lock on one source, held in PostgreSQL (same interface as `SourceLock`, plus `held()`)."""

    def __init__(self, database_url: str, source_id: str) -> None:
        self.source_id = source_id
        self.key = lock_key(source_id)
        self._lock = SessionLock(database_url, self.key, APPLICATION_PREFIX)
        self.host = self._lock.host

    def holder(self) -> int | None:
        """The pid of the process holding the lock (on whichever machine), if any."""
        return self._lock.holder_pid()

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds; raises `SourceBusy`."""
        deadline = time.monotonic() + wait
        while not self._lock.try_take():
            if time.monotonic() >= deadline:
                by = self._lock.holder()
                raise SourceBusy(f"source {self.source_id!r} is already being crawled{f' by {by}' if by else ''}")
            time.sleep(0.2)

    def held(self) -> bool:
        """Whether the lock is still ours: False once its connection was dropped (the crawl is then unlocked)."""
        return self._lock.held()

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> AdvisoryLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def source_lock(data_dir: Path, database_url: str, source_id: str) -> SourceLock | AdvisoryLock:
    """The crawl lock of `source_id` for this database: advisory on PostgreSQL, an `flock` in `data_dir` else."""
    if is_postgresql(database_url):
        return AdvisoryLock(database_url, source_id)
    return SourceLock(data_dir, source_id)
