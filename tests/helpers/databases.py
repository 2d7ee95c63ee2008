"""The two databases the store runs on, for tests: a SQLite file, or a fresh PostgreSQL database.

PostgreSQL is the local server named by ATTACHE_TEST_POSTGRES (default: database `test` on 127.0.0.1:5432,
user postgres, trust auth), used as the maintenance connection. A test session (each pytest-xdist worker)
makes a database of its own (`CREATE DATABASE attache_t_<random>`), upgraded to the current schema and
dropped at the end; each test starts from it emptied (`TRUNCATE ... RESTART IDENTITY`: the state of a new
database, in milliseconds instead of the second a CREATE DATABASE and upgrade take). Tests of migrations
take a new, empty database of their own (`fresh_postgres(upgraded=False)`). When the server does not
answer, a PostgreSQL test FAILS, saying so, unless ATTACHE_TEST_POSTGRES=skip is set: CI must never pass
by silently skipping half the store tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from bench.scratch_database import scratch_database

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DATABASES = ("sqlite", "postgresql")
"""The params of the `database_url` fixture (tests/conftest.py)."""


def postgres_admin_url() -> str:
    """The maintenance database (ATTACHE_TEST_POSTGRES); skips the test when it is `skip`."""
    value = os.environ.get("ATTACHE_TEST_POSTGRES", "").strip() or DEFAULT_POSTGRES
    if value == "skip":
        pytest.skip("ATTACHE_TEST_POSTGRES=skip: the PostgreSQL variant of this test was not run")
    return value


@contextmanager
def fresh_postgres(*, upgraded: bool = True) -> Iterator[str]:
    """A new, empty PostgreSQL database (upgraded to the current schema unless `upgraded=False`), dropped after
    (`bench/scratch_database.py`); a server that does not answer fails the test, saying so."""
    admin_url = postgres_admin_url()
    made = ExitStack()
    try:
        url = made.enter_context(scratch_database(admin_url, upgraded=upgraded))
    except OperationalError as exc:
        pytest.fail(f"PostgreSQL at {admin_url} (ATTACHE_TEST_POSTGRES) does not answer or refused a test database: "
                    f"{str(exc.orig or exc).strip().splitlines()[0]}. Start it, or set ATTACHE_TEST_POSTGRES=skip "
                    "to run without the PostgreSQL variants", pytrace=False)
    with made:
        yield url


class SessionDatabase:
    """The test session's PostgreSQL database, made on first use, emptied for each test, dropped at the end."""

    def __init__(self) -> None:
        self._context: AbstractContextManager[str] | None = None
        self.url: str | None = None

    def emptied(self) -> str:
        """The database's URL, every table emptied (the migrations' own record kept)."""
        if self.url is None:
            self._context = fresh_postgres()
            self.url = self._context.__enter__()
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                # Connections a failed test left open would keep their locks: end them first.
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
                tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        finally:
            engine.dispose()
        return self.url

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = self.url = None


@contextmanager
def database(kind: str, folder: Path, session_database: SessionDatabase) -> Iterator[str]:
    """The URL of an empty database of `kind` (`sqlite`: a new file in `folder`; `postgresql`: the session's
    database, emptied)."""
    if kind == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / 'attache.sqlite3'}"
        return
    yield session_database.emptied()
