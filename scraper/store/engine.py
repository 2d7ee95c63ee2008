"""Engine creation: SQLite in WAL mode with a busy timeout, tables created (and older ones migrated) on first use."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from scraper.config import ConfigError

from .migrate import add_missing_columns
from .schema import Base

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(database_url: str) -> Engine:
    """Create an engine for `database_url`, making the SQLite directory if needed.

    Raises ConfigError (one line naming the folder or database) when it cannot be created or opened.
    """
    url = make_url(database_url)
    is_sqlite = url.get_backend_name() == "sqlite"
    if is_sqlite and url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the database folder {folder}: {exc.strerror or exc} "
                              "(check --data-dir, ATTACHE_DATA_DIR or ATTACHE_DATABASE_URL)") from None
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000} if is_sqlite else {}
    engine = create_engine(url, connect_args=connect_args)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        Base.metadata.create_all(engine)
        add_missing_columns(engine, Base.metadata)
    except OperationalError as exc:
        engine.dispose()
        raise ConfigError(f"cannot open the database {url.render_as_string(hide_password=True)}: "
                          f"{exc.orig or exc}") from None
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
