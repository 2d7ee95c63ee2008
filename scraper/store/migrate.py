"""Schema migration: columns added to a table after a database was made are added on open.

`create_all` makes missing tables but never changes an existing one; `add_missing_columns` compares
each existing table with its model and runs `ALTER TABLE ... ADD COLUMN` for every column the model
has and the database lacks (SQLite and PostgreSQL alike). A column added this way must be nullable or
have a server default, so the rows already stored get a value. Two processes opening the same old
database at once may both try: the loser finds the column there and carries on.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, MetaData, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import Column, CreateColumn

logger = logging.getLogger(__name__)


class MigrationError(RuntimeError):
    """A column cannot be added to an existing table (the message names table and column)."""


def _existing_columns(engine: Engine, table: str) -> set[str] | None:
    inspector = inspect(engine)
    if not inspector.has_table(table):
        return None
    return {c["name"] for c in inspector.get_columns(table)}


def _add_column(engine: Engine, table: str, column: Column) -> None:
    if not column.nullable and column.server_default is None:
        raise MigrationError(
            f"table {table!r} lacks column {column.name!r}, which is NOT NULL without a server default: "
            "give it a server_default in scraper/store/schema.py so existing rows get a value"
        )
    definition = CreateColumn(column).compile(dialect=engine.dialect)
    statement = f"ALTER TABLE {engine.dialect.identifier_preparer.quote(table)} ADD COLUMN {definition}"
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(statement)
    except DBAPIError:
        if column.name in (_existing_columns(engine, table) or set()):
            return  # another process added it meanwhile
        raise
    logger.info("store: added column %s.%s", table, column.name)


def add_missing_columns(engine: Engine, metadata: MetaData) -> list[str]:
    """Add the model's columns that existing tables lack; returns them as `table.column`."""
    added = []
    for table in metadata.sorted_tables:
        present = _existing_columns(engine, table.name)
        if present is None:
            continue
        for column in table.columns:
            if column.name not in present:
                _add_column(engine, table.name, column)
                added.append(f"{table.name}.{column.name}")
    return added
