"""Alembic's environment for the store's migrations: always run on the connection the caller passes
(`scraper.store.migrations.upgrade`), never from an alembic.ini."""

from __future__ import annotations

from alembic import context

from scraper.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, compare_type=False)
with context.begin_transaction():
    context.run_migrations()
