"""Engine creation: SQLite in WAL mode with a busy timeout (30 s, or the URL's ``?timeout=SECONDS``), any other
SQLAlchemy URL as it is (PostgreSQL: ``postgresql+psycopg://...``). The schema is `migrations`' business."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from scraper.config import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(database_url: str) -> Engine:
    """Create an engine for `database_url`, making the SQLite directory if needed.

    Raises ConfigError (one line naming the folder or database) when it cannot be created or reached.
    """
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise ConfigError(f"ATTACHE_DATABASE_URL is not a database URL: {database_url!r}") from None
    is_sqlite = url.get_backend_name() == "sqlite"
    if is_sqlite and url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the database folder {folder}: {exc.strerror or exc} "
                              "(check --data-dir, ATTACHE_DATA_DIR or ATTACHE_DATABASE_URL)") from None
    busy_ms = _busy_timeout_ms(url.query.get("timeout")) if is_sqlite else 0
    connect_args = {"timeout": busy_ms / 1000} if is_sqlite else {}
    try:
        engine = create_engine(url, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise ConfigError(f"cannot use the database {url.render_as_string(hide_password=True)} "
                          f"(ATTACHE_DATABASE_URL): {exc}") from None
    if is_sqlite:
        event.listen(engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, busy_ms))
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        raise ConfigError(f"cannot open the database {url.render_as_string(hide_password=True)}: "
                          f"{exc.orig or exc}{_hint(str(exc.orig or exc))}") from None
    return engine


def _hint(message: str) -> str:
    """What to check for SQLite's terse open errors."""
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return (" (the database file and its folder must be writable, even to read: SQLite in WAL mode "
                "keeps its -wal and -shm files next to it)")
    return ""


def _busy_timeout_ms(raw: object) -> int:
    """SQLite's busy timeout: the URL's ``?timeout=SECONDS`` (as for Python's sqlite3), else 30 s."""
    if raw is None:
        return SQLITE_BUSY_TIMEOUT_MS
    try:
        seconds = float(raw)  # type: ignore[arg-type]
    except ValueError:
        raise ConfigError(f"ATTACHE_DATABASE_URL: timeout must be a number of seconds, got {raw!r}") from None
    return max(0, int(seconds * 1000))


def _sqlite_pragmas(dbapi_connection, busy_ms: int) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    _switch_to_wal(cursor, busy_ms)
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor: sqlite3.Cursor, busy_ms: int) -> None:
    """`PRAGMA journal_mode=WAL`, tried again until the busy timeout while another connection holds the lock it
    needs. SQLite answers "database is locked" at once here, without its busy handler, when two processes open
    a new file together (the one switching the mode needs an exclusive lock the other's read holds), so the
    second of two first opens failed. The mode is kept in the file: later opens find it set."""
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def begin_write(session: Session) -> None:
    """Take SQLite's write lock now (`BEGIN IMMEDIATE`, waiting up to the busy timeout) when the session's
    connection has no transaction yet; nothing on other databases.

    A deferred transaction that reads before it writes cannot wait for the lock: once another writer commits,
    its snapshot is stale and SQLite answers "database is locked" at once, without the busy timeout. An
    insert into `articles` reads before writing even when it is the transaction's first statement (the FTS5
    table's triggers read its configuration), so two crawls storing at once failed that way. Writers of
    articles call this first."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
