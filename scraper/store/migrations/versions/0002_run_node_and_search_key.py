"""Crawl runs name the node and the job that ran them; articles keep a folded search key.

`crawl_runs.node` (the machine or Scrapyd node) and `crawl_runs.job_id` (the runner's job id) are
nullable: runs recorded before stay as they were. `articles.search_text` is filled here for the
stored articles (`scraper.store.search_key`), in chunks. A column already there is left as it is (a
database made before migrations by code that already had it).

Revision ID: 0002_run_node_and_search_key
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scraper.store.search_key import search_text

revision = "0002_run_node_and_search_key"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

CHUNK = 1000


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, column in (("crawl_runs", sa.Column("node", sa.String(200), nullable=True)),
                          ("crawl_runs", sa.Column("job_id", sa.String(100), nullable=True)),
                          ("articles", sa.Column("search_text", sa.Text, nullable=True))):
        if column.name not in {c["name"] for c in inspector.get_columns(table)}:
            op.add_column(table, column)
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("title", sa.Text),
                        sa.column("body_text", sa.Text), sa.column("search_text", sa.Text))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.id, articles.c.title, articles.c.body_text)
                            .where(articles.c.id > last, articles.c.search_text.is_(None))
                            .order_by(articles.c.id).limit(CHUNK)).all()
        if not rows:
            break
        bind.execute(articles.update().where(articles.c.id == sa.bindparam("b_id"))
                     .values(search_text=sa.bindparam("b_text")),
                     [{"b_id": row.id, "b_text": search_text(row.title, row.body_text)} for row in rows])
        last = rows[-1].id


def downgrade() -> None:
    op.drop_column("articles", "search_text")
    op.drop_column("crawl_runs", "job_id")
    op.drop_column("crawl_runs", "node")
