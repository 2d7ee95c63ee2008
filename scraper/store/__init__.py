"""The store: the one place that talks to the database.

`Store(database_url)` owns an engine; `store.session()` opens a transaction
scope. Operations live in small modules (`articles`, `runs`, `feed_queries`,
`story_cache`, `repairs`, `meta`) as functions that take a session, so callers can group several
in one transaction; `runs` alone changes the state of a crawl run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..config import ConfigError
from .articles import (
    UpsertResult,
    article_count,
    article_ids,
    articles_by_id,
    known_urls,
    recent_articles,
    row_to_article,
    update_tags,
    upsert_article,
    upsert_articles,
)
from .engine import make_engine
from .feed_index import refresh_feed_index
from .meta import set_tagger_version, stored_tagger_version
from .migrations import prepare
from .repairs import Repair, latest_repairs, record_repair, repair_for_episode, set_repair_status
from .runs import (
    EMPTY,
    RUNNING,
    CrawlRun,
    RunCounts,
    RunNotRecorded,
    fail_run,
    finish_run,
    interrupt_run,
    interrupt_stale_runs,
    recent_finished_runs,
    record_failed_run,
    run_of_job,
    run_of_process,
    running_runs,
    runs_for,
    start_run,
    this_node,
    write_run,
)
from .schema import ArticleRow

logger = logging.getLogger(__name__)

__all__ = [
    "EMPTY", "RUNNING", "ArticleRow", "CrawlRun", "Repair", "RunCounts", "RunNotRecorded", "Store", "UpsertResult",
    "article_count",
    "article_ids", "articles_by_id", "fail_run", "finish_run", "interrupt_run", "interrupt_stale_runs",
    "known_urls", "latest_repairs", "recent_articles", "recent_finished_runs", "record_failed_run", "record_repair",
    "repair_for_episode", "row_to_article", "run_of_job", "run_of_process", "running_runs", "runs_for",
    "set_repair_status", "set_tagger_version", "start_run", "stored_tagger_version", "this_node", "update_tags",
    "upsert_article", "upsert_articles",
    "write_run",
]


class Store:
    """A database handle.

    Opening checks the schema (`migrations.prepare`: an embedded SQLite database is upgraded, any other
    one whose schema is behind is refused with one line naming `attache db upgrade`), then rebuilds the
    feed index when its rule changed (`feed_index.refresh_feed_index`)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.engine: Engine = make_engine(database_url)
        try:
            prepare(self.engine)
            with Session(self.engine) as session, session.begin():
                written = refresh_feed_index(session)
            if written:
                logger.info("store: feed index built (%d membership rows)", written)
        except OperationalError as exc:
            self.engine.dispose()
            raise ConfigError(f"cannot upgrade the database {self.engine.url.render_as_string(hide_password=True)}: "
                              f"{exc.orig or exc}") from None
        except ConfigError:
            self.engine.dispose()
            raise
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self._sessions.begin() as session:
            yield session

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes (always True elsewhere)."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def close(self) -> None:
        self.engine.dispose()
