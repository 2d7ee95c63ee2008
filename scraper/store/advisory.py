"""PostgreSQL session advisory locks, the building block of the locks that hold across machines.

A `SessionLock` is `pg_try_advisory_lock(key)` taken on a connection of its own and held as long as that
connection lives: the server drops it when the connection ends, so a holder that dies (or its machine) never
leaves it taken. The connection's `application_name` (`<label> <pid>@<host>`) says who holds it, so a refusal
can name the holder. `held()` is the keepalive: a cheap query on the lock's own connection telling whether the
lock is still ours (False once that connection was dropped — a server restart, a network cut,
`pg_terminate_backend`).

Users: the per-source crawl lock (`source_lock.py`) and the daemons' publisher election
(`scraper/app/daemon/election.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

_THIS_DATABASE = "(SELECT oid FROM pg_database WHERE datname = current_database())"
"""Advisory locks belong to one database, but pg_locks lists every database's: each query keeps to its own."""
_GRANTED = ("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
            f"AND database = {_THIS_DATABASE} AND classid = CAST(:hi AS oid) AND objid = CAST(:lo AS oid)")


def advisory_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for `name`, the same on every machine."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def is_postgresql(database_url: str) -> bool:
    """Whether the database is PostgreSQL (where the locks are advisory locks)."""
    return make_url(database_url).get_backend_name() == "postgresql"


class SessionLock:
    """One session-level advisory lock on `key`, taken and held on a connection of its own."""

    def __init__(self, database_url: str, key: int, label: str) -> None:
        self.key = key
        self.label = label
        self.host = socket.gethostname()
        self._engine = create_engine(
            make_url(database_url), poolclass=NullPool,
            connect_args={"application_name": f"{label} {os.getpid()}@{self.host}"[:63]})
        self._connection: Connection | None = None

    def _key_parts(self) -> dict[str, int]:
        unsigned = self.key & 0xFFFF_FFFF_FFFF_FFFF
        return {"hi": unsigned >> 32, "lo": unsigned & 0xFFFF_FFFF}

    def holder_name(self) -> str | None:
        """The `application_name` of the connection holding the lock (on whichever machine), if any."""
        query = text("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                     "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                     f"AND l.database = {_THIS_DATABASE} "
                     "AND l.classid = CAST(:hi AS oid) AND l.objid = CAST(:lo AS oid) LIMIT 1")
        try:
            with self._engine.connect() as conn:
                return conn.execute(query, self._key_parts()).scalar()
        except SQLAlchemyError:
            return None

    def holder(self) -> str | None:
        """Who holds the lock, as "pid N on HOST" (None when nobody does or the holder is not one of ours)."""
        name = self.holder_name()
        if not name or not name.startswith(self.label + " "):
            return None
        return "pid " + name.removeprefix(self.label + " ").replace("@", " on ", 1)

    def holder_pid(self) -> int | None:
        """The pid of the process holding the lock, if any."""
        name = self.holder_name()
        pid = name.split()[1].split("@")[0] if name and name.startswith(self.label + " ") else ""
        return int(pid) if pid.isdigit() else None

    def try_take(self) -> bool:
        """Take the lock if it is free (True), else False; raises SQLAlchemyError when the database is down."""
        if self._connection is not None:
            return True
        connection = self._engine.connect()
        try:
            got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar())
            connection.commit()  # a session-level lock outlives the transaction; no transaction stays open
        except BaseException:
            connection.close()
            raise
        if got:
            self._connection = connection
        else:
            connection.close()
        return got

    @property
    def taken(self) -> bool:
        """Whether this object took the lock (and has not released it); `held()` checks it is still so."""
        return self._connection is not None

    def held(self) -> bool:
        """The keepalive: whether the lock is still ours, asked on its own connection. False when it was never
        taken, or when its connection was dropped (the server freed the lock then; this object forgets it)."""
        if self._connection is None:
            return False
        try:
            count = self._connection.execute(
                text(_GRANTED + " AND pid = pg_backend_pid()"), self._key_parts()).scalar()
            self._connection.commit()
        except SQLAlchemyError:
            count = 0
        if not count:
            self._drop()
            return False
        return True

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
            self._connection = None

    def release(self) -> None:
        """Give the lock back (a lost connection already did) and close the connection."""
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
                self._connection.commit()
            except SQLAlchemyError:
                pass  # the connection is gone, and the lock with it
            finally:
                self._drop()
        self._engine.dispose()
