"""Baseline: the schema as it was when migrations began (issue 16), made or completed.

Idempotent, so it is also the way up for a database made before migrations existed: tables that are
missing are created, columns a table lacks are added (each of them nullable or with a server default,
so stored rows get a value), and missing indexes are created. A new database gets every table here.
The tables are frozen copies: later changes to `scraper/store/schema.py` come in later revisions.

Revision ID: 0001_baseline
Revises:
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

logger = logging.getLogger(__name__)

metadata = sa.MetaData()
articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.String(2048), unique=True, nullable=False),
    sa.Column("fetched_url", sa.String(2048), index=True),
    sa.Column("source", sa.String(100), index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("body_text", sa.Text, nullable=False),
    sa.Column("body_html", sa.Text, nullable=False),
    sa.Column("published", sa.DateTime, index=True),
    sa.Column("updated", sa.DateTime),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("language", sa.String(20), index=True),
    sa.Column("images", sa.JSON, nullable=False),
    sa.Column("rights", sa.Text),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("countries", sa.JSON, nullable=False),
    sa.Column("cooperation", sa.JSON, nullable=False),
    sa.Column("cooperation_score", sa.Float, nullable=False),
    sa.Column("parties", sa.JSON, server_default=sa.text("'[]'"), nullable=False),
    sa.Column("mentioned", sa.JSON, server_default=sa.text("'[]'"), nullable=False),
    sa.Column("primary_kind", sa.String(30)),
    sa.Column("organisations", sa.JSON, server_default=sa.text("'[]'"), nullable=False),
    sa.Column("publisher_country", sa.String(2), index=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("first_seen", sa.DateTime, nullable=False, index=True),
    sa.Column("last_seen", sa.DateTime, nullable=False),
    sa.Column("changed", sa.DateTime, nullable=False, index=True),
    sa.Column("sort_time", sa.DateTime),
)
story_signatures = sa.Table(
    "story_signatures", metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
story_groupings = sa.Table(
    "story_groupings", metadata,
    sa.Column("feed", sa.String(120), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("groups", sa.Text, nullable=False),
)
feed_members = sa.Table(
    "feed_members", metadata,
    sa.Column("feed", sa.String(120), primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sort_time", sa.DateTime, nullable=False),
    sa.Index("ix_feed_members_article", "article_id"),
)
sa.Index("ix_feed_members_window", feed_members.c.feed, feed_members.c.sort_time.desc(), feed_members.c.article_id)
sa.Index("ix_articles_sort_time", articles.c.sort_time.desc(), articles.c.id)
sa.Index("ix_articles_source_sort_time", articles.c.source, articles.c.sort_time.desc(), articles.c.id)
sa.Table(
    "dirty_feeds", metadata,
    sa.Column("feed", sa.String(120), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)
sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
sa.Table(
    "crawl_runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("started", sa.DateTime, nullable=False),
    sa.Column("finished", sa.DateTime),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("new", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("dropped", sa.Integer, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("requests", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("pid", sa.Integer),
    sa.Index("ix_crawl_runs_source_started", "source", "started"),
)
sa.Table(
    "source_repairs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(100), nullable=False, index=True),
    sa.Column("episode", sa.Integer, nullable=False),
    sa.Column("proposed", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("entry", sa.Text, nullable=False),
    sa.Column("diff", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
)


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)  # the tables a database lacks (all of them in a new one)
    inspector = sa.inspect(bind)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                op.add_column(table.name, column.copy())
                logger.info("store: added column %s.%s", table.name, column.name)
        indexes = {ix["name"] for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(bind)
                logger.info("store: added index %s", index.name)


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
