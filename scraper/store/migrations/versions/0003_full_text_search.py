"""Keyword search through a full-text index, on both databases, kept by the database itself.

`articles.search_text` becomes the folded words of the title and text, one space apart
(`scraper.store.search_key.search_text`; it was the folded text with its punctuation), rewritten here
for the stored articles, in chunks. Then:
- SQLite: `articles_fts`, an FTS5 table with `articles` as its external content (only the index is
  stored), its tokeniser splitting at spaces only for these words (letters, digits, marks and private-use
  characters are word characters, diacritics kept, so it finds the words `search_key` wrote), filled by
  'rebuild' and kept by three triggers on `articles` (insert, delete, update of `search_text`); and
  `ix_articles_window_filters`, the sort key with the filters' columns, so a filtered window reads no row
  to test them;
- PostgreSQL: `articles.search_vector`, a stored generated tsvector of those words taken as lexemes
  as they are (`array_to_tsvector`: no text-search parser, no locale, no `lower()`), with a GIN index.
The upsert code writes `search_text` and nothing else. Objects already there are kept (a database whose
revision record was lost), the index is rebuilt all the same.

Revision ID: 0003_full_text_search
Revises: 0002_run_node_and_search_key
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scraper.store.search_key import search_text

revision = "0003_full_text_search"
down_revision = "0002_run_node_and_search_key"
branch_labels = None
depends_on = None

CHUNK = 1000

SQLITE_UP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(search_text, content='articles', content_rowid='id',
       tokenize="unicode61 remove_diacritics 0 categories 'L* N* M* Co Cn'")""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    # The filters' columns beside the sort key: a filtered window (keywords and country, pair, lang, kind ...)
    # walks this index newest first and reads no article row to test them (SQLite indexes any type; on
    # PostgreSQL the JSON columns have no btree operator class, and its GIN bitmap serves these windows).
    """CREATE INDEX IF NOT EXISTS ix_articles_window_filters ON articles (sort_time DESC, id, publisher_country,
       language, countries, mentioned, parties, cooperation, primary_kind)""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
       INSERT INTO articles_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
       INSERT INTO articles_fts(articles_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF search_text ON articles BEGIN
       INSERT INTO articles_fts(articles_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
       INSERT INTO articles_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]
SQLITE_DOWN = ["DROP INDEX ix_articles_window_filters", "DROP TRIGGER articles_fts_update",
               "DROP TRIGGER articles_fts_delete", "DROP TRIGGER articles_fts_insert", "DROP TABLE articles_fts"]
POSTGRESQL_UP = [
    """ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS
       (array_to_tsvector(array_remove(string_to_array(coalesce(search_text, ''), ' '), ''))) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_articles_search_vector ON articles USING gin (search_vector)",
]
POSTGRESQL_DOWN = ["DROP INDEX ix_articles_search_vector", "ALTER TABLE articles DROP COLUMN search_vector"]


def _rewrite_search_text() -> None:
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("title", sa.Text),
                        sa.column("body_text", sa.Text), sa.column("search_text", sa.Text))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.id, articles.c.title, articles.c.body_text)
                            .where(articles.c.id > last).order_by(articles.c.id).limit(CHUNK)).all()
        if not rows:
            break
        bind.execute(articles.update().where(articles.c.id == sa.bindparam("b_id"))
                     .values(search_text=sa.bindparam("b_text")),
                     [{"b_id": row.id, "b_text": search_text(row.title, row.body_text)} for row in rows])
        last = rows[-1].id


def upgrade() -> None:
    _rewrite_search_text()  # before the index: no trigger runs for it
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DOWN:
        op.execute(statement)
