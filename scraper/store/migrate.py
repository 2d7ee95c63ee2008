"""Schema migration: columns added to a table after a database was made are added on open.

`create_all` makes missing tables but never changes an existing one; `add_missing_columns` compares
each existing table with its model and runs `ALTER TABLE ... ADD COLUMN` for every column the model
has and the database lacks (SQLite and PostgreSQL alike). A column added this way must be nullable or
have a server default, so the rows already stored get a value. Two processes opening the same old
database at once may both try: the loser finds the column there and carries on.

`upgrade_data` then (from `Store`) creates the indexes a model gained on an existing table and fills what
a new table or column derives from the articles: `articles.sort_time` and `feed_members` (`feed_index`),
once per `FEED_INDEX_VERSION` (recorded in `store_meta`, so a change to the membership rule rebuilds it).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, MetaData, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.schema import Column, CreateColumn

from .feed_index import rebuild_membership
from .schema import ArticleRow, StoreMetaRow

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


FEED_INDEX_KEY = "feed_index_version"
FEED_INDEX_VERSION = "1"
"""Bump when `feed_index.member_feeds` changes: the next open rebuilds `feed_members`."""


def add_missing_indexes(engine: Engine, metadata: MetaData) -> list[str]:
    """Create the model's indexes that existing tables lack; returns their names."""
    inspector = inspect(engine)
    added = []
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {ix["name"] for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                try:
                    index.create(engine, checkfirst=True)
                except DBAPIError:
                    if index.name in {ix["name"] for ix in inspect(engine).get_indexes(table.name)}:
                        continue  # another process made it meanwhile
                    raise
                added.append(str(index.name))
                logger.info("store: added index %s", index.name)
    return added


def upgrade_data(engine: Engine, metadata: MetaData) -> int:
    """Add missing indexes, then backfill `sort_time` and `feed_members` when the recorded feed-index
    version is not the current one; returns the membership rows written (0 when up to date)."""
    add_missing_indexes(engine, metadata)
    with Session(engine) as session, session.begin():
        row = session.get(StoreMetaRow, FEED_INDEX_KEY)
        if row is not None and row.value == FEED_INDEX_VERSION:
            return 0
        written = 0
        if session.scalar(select(ArticleRow.id).limit(1)) is not None:
            written = rebuild_membership(session)
            logger.info("store: feed index built (%d membership rows)", written)
        session.merge(StoreMetaRow(key=FEED_INDEX_KEY, value=FEED_INDEX_VERSION))
    return written
