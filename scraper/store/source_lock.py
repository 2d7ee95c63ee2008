"""Per-source crawl locks that hold across machines: on PostgreSQL, a session-level advisory lock.

Several nodes crawling into one PostgreSQL database cannot see one another's `flock`s, so there the lock
is `pg_try_advisory_lock` on a stable 64-bit hash of the source id, held on a connection of its own for
the crawl's duration. The server drops it when that connection ends, so a crawl process that dies (or
its machine) never leaves a source locked. The connection's `application_name` carries the holder's pid
and host, so a refusal can say who holds it. On SQLite (one machine) `scraper.locks.SourceLock`'s `flock`
stays: `source_lock` picks the one for the database, with the same interface.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..locks import SourceBusy, SourceLock

APPLICATION_PREFIX = "attache-lock"


def lock_key(source_id: str) -> int:
    """The advisory-lock key of a source: a signed 64-bit hash of its id, the same on every machine."""
    digest = hashlib.blake2b(f"attache-source:{source_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLock:
    """An exclusive lock on one source, held in PostgreSQL (same interface as `SourceLock`)."""

    def __init__(self, database_url: str, source_id: str) -> None:
        self.source_id = source_id
        self.key = lock_key(source_id)
        self.host = socket.gethostname()
        self._engine = create_engine(
            make_url(database_url), poolclass=NullPool,
            connect_args={"application_name": f"{APPLICATION_PREFIX} {os.getpid()}@{self.host}"[:63]})
        self._connection: Connection | None = None

    def holder(self) -> int | None:
        """The pid of the process holding the lock (on whichever machine), if any."""
        found = self._holder_name()
        pid = found.split()[1].split("@")[0] if found and found.startswith(APPLICATION_PREFIX + " ") else ""
        return int(pid) if pid.isdigit() else None

    def _holder_name(self) -> str | None:
        unsigned = self.key & 0xFFFF_FFFF_FFFF_FFFF
        query = text("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                     "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                     "AND l.classid = CAST(:hi AS oid) AND l.objid = CAST(:lo AS oid) LIMIT 1")
        try:
            with self._engine.connect() as conn:
                return conn.execute(query, {"hi": unsigned >> 32, "lo": unsigned & 0xFFFF_FFFF}).scalar()
        except SQLAlchemyError:
            return None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds; raises `SourceBusy`."""
        connection = self._engine.connect()
        deadline = time.monotonic() + wait
        try:
            while True:
                got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar()
                connection.commit()  # a session-level lock outlives the transaction; no transaction stays open
                if got:
                    break
                if time.monotonic() >= deadline:
                    name = self._holder_name()
                    by = f" by pid {name.removeprefix(APPLICATION_PREFIX + ' ').replace('@', ' on ')}" if name else ""
                    raise SourceBusy(f"source {self.source_id!r} is already being crawled{by}")
                time.sleep(0.2)
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
                self._connection.commit()
            except SQLAlchemyError:
                pass  # the connection is gone, and the lock with it
            finally:
                self._connection.close()
                self._connection = None
        self._engine.dispose()

    def __enter__(self) -> AdvisoryLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def source_lock(data_dir: Path, database_url: str, source_id: str) -> SourceLock | AdvisoryLock:
    """The crawl lock of `source_id` for this database: advisory on PostgreSQL, an `flock` in `data_dir` else."""
    if make_url(database_url).get_backend_name() == "postgresql":
        return AdvisoryLock(database_url, source_id)
    return SourceLock(data_dir, source_id)
