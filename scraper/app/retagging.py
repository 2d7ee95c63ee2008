"""Tag the stored articles again with the current tagger (no network): `attache retag` and the daemon.

Known pages are not fetched again, so articles stored before a better tagger keep their old tags (and,
from before parties existed, none). `retag_store` runs `scraper.tagging.tag_article` over the stored
text in batches and keeps what changed (`scraper.store.update_tags`; the text and the time readers see
stay). A full retag that ran to the end records `TAGGER_VERSION` in the store, so a daemon started
after an upgrade knows whether its store needs one (`tagger_check`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import OperationalError

from scraper.items import Article
from scraper.store import (
    Store,
    article_count,
    article_ids,
    articles_by_id,
    row_to_article,
    set_tagger_version,
    stored_tagger_version,
    update_tags,
)
from scraper.tagging import tag_article
from scraper.tagging.version import TAGGER_VERSION

logger = logging.getLogger(__name__)

BATCH = 200
"""Articles per batch: tagged in a read transaction, then written in a short one of their own."""
WRITE_ATTEMPTS = 3
"""A batch's write is tried again when a crawl writing at the same moment makes SQLite refuse it."""


@dataclass
class RetagResult:
    """What a retag did."""

    total: int = 0
    """Articles it set out to tag."""
    done: int = 0
    """Articles it tagged (changed, unchanged or failed)."""
    changed: int = 0
    failed: int = 0
    """Articles the tagger raised on (they keep their tags; the log has the error)."""
    stopped: bool = False
    """Cancelled before the end (the version is then not recorded)."""
    recorded: str | None = None
    """The tagger version recorded in the store, when it was (a full retag that ran to the end)."""

    @property
    def unchanged(self) -> int:
        return self.done - self.changed - self.failed


@dataclass(frozen=True)
class TaggerCheck:
    """The store's tagger version against the current one."""

    stored: str | None
    articles: int

    @property
    def current(self) -> str:
        return TAGGER_VERSION

    @property
    def up_to_date(self) -> bool:
        return self.stored == TAGGER_VERSION

    @property
    def needs_retag(self) -> bool:
        """True when stored articles carry another version's tags (or an unknown one)."""
        return self.articles > 0 and not self.up_to_date


def tagger_check(store: Store) -> TaggerCheck:
    """Which tagger version the store's articles carry, and how many there are."""
    with store.session() as session:
        return TaggerCheck(stored_tagger_version(session), article_count(session))


def record_tagger_version(store: Store) -> None:
    """Record the current tagger version (for a store with nothing to retag)."""
    with store.session() as session:
        set_tagger_version(session, TAGGER_VERSION)


def retag_store(store: Store, source: str | None = None, *, cancelled: Callable[[], bool] = lambda: False,
                batch: int = BATCH) -> RetagResult:
    """Tag the stored articles (of one source, or all) again; a full run to the end records `TAGGER_VERSION`.

    `cancelled` is checked between articles; when it turns true the articles tagged so far are written
    and the retag stops (`stopped`), leaving the version as it was. One text the tagger raises on keeps
    its tags and is counted in `failed`. A batch's write keeps only tags of texts unchanged since they were
    read (a crawl may store a new version meanwhile, tagged by the current tagger anyway).
    """
    with store.session() as session:
        ids = article_ids(session, source)
    result = RetagResult(total=len(ids))
    now = datetime.now(UTC)
    for start in range(0, len(ids), batch):
        if cancelled():
            result.stopped = True
            break
        tagged = _tag_batch(store, ids[start:start + batch], result, cancelled)
        result.changed += _write_batch(store, tagged, now)
        if result.stopped:
            break
    if source is None and not result.stopped:
        record_tagger_version(store)
        result.recorded = TAGGER_VERSION
    return result


def _tag_batch(store: Store, ids: list[int], result: RetagResult,
               cancelled: Callable[[], bool]) -> dict[int, tuple[str, Article]]:
    tagged: dict[int, tuple[str, Article]] = {}
    with store.session() as session:
        for row in articles_by_id(session, ids):
            if cancelled():
                result.stopped = True
                break
            article = row_to_article(row)
            result.done += 1
            try:
                tag_article(article, row.publisher_country)
            except Exception:  # one bad text must not stop the rest; it keeps its tags
                logger.exception("tagging failed for %s", row.url)
                result.failed += 1
                continue
            tagged[row.id] = (row.content_hash, article)
    return tagged


def _write_batch(store: Store, tagged: dict[int, tuple[str, Article]], now: datetime) -> int:
    if not tagged:
        return 0
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            changed = 0
            with store.session() as session:
                for row in articles_by_id(session, sorted(tagged)):
                    content_hash, article = tagged[row.id]
                    if row.content_hash == content_hash:
                        changed += update_tags(row, article, now)
            return changed
        except OperationalError:
            if attempt == WRITE_ATTEMPTS:
                raise
            logger.warning("retag: the database refused a batch's write (attempt %d); trying again", attempt)
    return 0
