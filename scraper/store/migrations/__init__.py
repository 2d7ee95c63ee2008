"""Schema migrations (Alembic), run from code: no alembic.ini.

The revisions live in `versions/`; `0001_baseline` is the schema when migrations began and also
completes a database made before them (it has no `alembic_version` table and may lack later tables,
columns and indexes). `upgrade` brings a database to the newest revision (`attache db upgrade`);
`prepare` runs when a store opens: it upgrades an embedded SQLite database by itself (the zero-setup
first run) and refuses any other database whose schema is behind, with one line saying what to run.

Two processes upgrading at once take turns: PostgreSQL through a transaction-level advisory lock,
SQLite through an `flock` on the database's folder (SQLite's own file locks are left alone). Within one
process, upgrades run one at a time whatever the database: Alembic's `op` and `context` are module-wide
proxies, so two threads migrating two databases at once would run each other's steps (seen as "table
already exists" and as crashes when `attache sources --check` opened two stores at once).
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from ...config import ConfigError
from ...locks import flock_within

logger = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)  # its per-step INFO lines are noise in the daemon's log

SCRIPTS = Path(__file__).resolve().parent
UPGRADE_LOCK_KEY = 0x61747461636865  # "attache": PostgreSQL's advisory lock while a migration runs
UPGRADE_WAIT_SECONDS = 300
"""How long an upgrade of a SQLite file waits for another process's upgrade of it to end."""
_ONE_UPGRADE_AT_A_TIME = threading.Lock()


class SchemaBehind(ConfigError):
    """The database's schema is older than this code's (or newer): the message says what to run."""


@cache
def _script_location() -> Path:
    """The folder of the migration scripts. Alembic reads them from the file system: when the package is not
    on it (a zipped egg, as on a Scrapyd node), they are copied once per process to a temporary folder."""
    if (SCRIPTS / "env.py").is_file():
        return SCRIPTS
    folder = Path(tempfile.mkdtemp(prefix="attache-migrations-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _copy_tree(resources.files(__name__), folder)
    return folder


def _copy_tree(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                (target / entry.name).mkdir()
                _copy_tree(entry, target / entry.name)
        elif entry.name.endswith((".py", ".mako")):
            (target / entry.name).write_bytes(entry.read_bytes())


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


@cache
def known_revisions() -> frozenset[str]:
    return frozenset({script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()})


def current_revision(connection: Connection) -> str | None:
    """The database's revision; None when it has none (a new database, or one made before migrations)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision; returns (revision before, revision now)."""
    head = head_revision()
    with _ONE_UPGRADE_AT_A_TIME, _exclusive(engine), engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
        before = current_revision(connection)
        if before != head:
            _refuse_unknown(before, engine)
            logger.info("store: upgrading the schema from %s to %s", before or "none", head)
            command.upgrade(_config(connection), "head")
        connection.commit()
    return before, head


def prepare(engine: Engine) -> None:
    """Make sure the schema is this code's: upgrade an embedded SQLite database, else raise `SchemaBehind`."""
    head = head_revision()
    with engine.connect() as connection:
        current = current_revision(connection)
    if current == head:
        return
    _refuse_unknown(current, engine)
    if engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    at = current or ("none (an empty database, or one made before migrations)")
    raise SchemaBehind(f"the database schema is at revision {at}, this Attaché needs {head}: "
                       "run `attache db upgrade`")


def _refuse_unknown(revision: str | None, engine: Engine) -> None:
    if revision is not None and revision not in known_revisions():
        raise SchemaBehind(f"the database {engine.url.render_as_string(hide_password=True)} has schema revision "
                           f"{revision}, which this Attaché does not know (a newer Attaché upgraded it): "
                           "use that version")


@contextmanager
def _exclusive(engine: Engine) -> Iterator[None]:
    """For a SQLite file, an `flock` on its folder while the upgrade runs; nothing for other databases."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or engine.url.query.get("mode") == "memory":
        yield
        return
    folder = Path(database).expanduser().resolve().parent
    fd = os.open(folder, os.O_RDONLY)
    try:
        if not flock_within(fd, UPGRADE_WAIT_SECONDS, poll=0.1):
            raise ConfigError(f"another process has been upgrading the database in {folder} for "
                              f"{UPGRADE_WAIT_SECONDS} s: try again when it is done")
        yield
    finally:
        os.close(fd)  # closing drops the lock
