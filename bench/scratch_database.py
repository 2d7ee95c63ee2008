"""New PostgreSQL databases for tests and benchmarks, made and dropped on a server named by a maintenance URL.

The one place that creates, upgrades and drops them: `tests/helpers/databases.fresh_postgres` (which turns an
unreachable server into a test failure), `bench/bench_publish.py` and `bench/bench_scrapyd.py`. No pytest here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scraper.store.engine import make_engine
from scraper.store.migrations import upgrade


@contextmanager
def scratch_database(admin_url: str, *, prefix: str = "attache_t", upgraded: bool = True) -> Iterator[str]:
    """A new, empty database `<prefix>_<random>` on the server of `admin_url`, upgraded to the current schema as
    `attache db upgrade` does (unless `upgraded=False`), dropped afterwards (`WITH (FORCE)`: connections left open
    do not keep it). Raises SQLAlchemy's `OperationalError` when the server does not answer or refuses."""
    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except BaseException:
        admin.dispose()
        raise
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        if upgraded:
            engine = make_engine(url)
            try:
                upgrade(engine)
            finally:
                engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
