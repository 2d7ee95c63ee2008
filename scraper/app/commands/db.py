"""`attache db upgrade`: bring the database's schema to the one this Attaché needs (Alembic migrations,
`scraper.store.migrations`). An embedded SQLite database is upgraded by any command that opens it; a
shared database (PostgreSQL) only by this command, run once after installing a new version."""

from __future__ import annotations

import argparse
from typing import Any

from scraper.config import Config
from scraper.store.engine import make_engine
from scraper.store.migrations import upgrade


def register(subparsers: Any) -> None:
    """Add `db` (with `upgrade`) to the `attache` parser."""
    db = subparsers.add_parser("db", help="the database's schema (db upgrade)")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="apply the schema migrations this Attaché needs (ATTACHE_DATABASE_URL)")
    up.set_defaults(func=run_upgrade)


def run_upgrade(args: argparse.Namespace, config: Config) -> int:
    engine = make_engine(config.database_url)
    try:
        before, now = upgrade(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if before == now:
        print(f"the database schema of {where} is up to date (revision {now})")
    else:
        print(f"upgraded the database schema of {where} from revision {before or 'none'} to {now}")
    return 0
