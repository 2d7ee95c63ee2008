"""Article records: upsert by canonical URL, look-ups, conversion to `Article`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Literal

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from ..items import Article, Image
from ..urls import canonical_url
from .dirty import mark_dirty
from .engine import begin_write
from .feed_index import article_sort_time, member_feeds, sync_membership
from .schema import ArticleRow, FeedMemberRow
from .search_key import search_text
from .story_cache import keep_in

UpsertResult = Literal["new", "updated", "unchanged"]
BATCH_CHUNK = 200
"""Articles per multi-row INSERT (well under SQLite's bound-parameter limit)."""

_CONTENT_FIELDS = (
    "source", "title", "summary", "body_text", "body_html", "published", "authors", "language",
    "rights", "tags", "countries", "cooperation", "cooperation_score", "parties", "mentioned",
    "primary_kind", "organisations",
)
TAG_FIELDS = ("tags", "countries", "parties", "mentioned", "cooperation", "primary_kind", "organisations",
              "cooperation_score")
"""What tagging decides: a change to any of them updates a stored article even when its text is the same."""


def upsert_article(
    session: Session, article: Article, now: datetime, publisher_country: str | None = None,
    fetched_url: str | None = None,
) -> UpsertResult:
    """Insert or update `article`; an unchanged content hash only moves `last_seen`.

    A changed hash rewrites the content and sets `updated` (the page's own
    modification time when it gives a later one, else `now`). Changed tags on the same
    text (`TAG_FIELDS`, e.g. after a better tagger) rewrite the tags and count as "updated"
    too, so the feeds that follow them are republished; `updated`, the time readers
    see, stays: the article itself did not change.

    A new or updated article also gets its sort time and feed membership (`feed_index`) and marks
    the feeds it joined, left or stays in as dirty (`dirty`), all in the caller's transaction.

    Two processes may store the same new URL at once (two crawls, or two nodes on one PostgreSQL): the
    insert runs in a savepoint, and the one that finds the URL taken updates the row the other made.
    """
    if not article.content_hash:
        raise ValueError(f"article {article.url} has no content_hash")
    begin_write(session)
    row = session.scalar(select(ArticleRow).where(ArticleRow.url == article.url))
    images = [dataclasses.asdict(img) for img in article.images]
    fetched = canonical_url(fetched_url) if fetched_url else None
    if row is None:
        try:
            with session.begin_nested():
                _insert(session, article, now, images, publisher_country, fetched)
            return "new"
        except IntegrityError:
            row = session.scalar(select(ArticleRow).where(ArticleRow.url == article.url))
            if row is None:
                raise
    row.last_seen = now
    if fetched:
        row.fetched_url = fetched
    if row.content_hash == article.content_hash:
        return "updated" if update_tags(row, article, now) else "unchanged"
    _copy_content(row, article)
    row.images = images
    row.content_hash = article.content_hash
    row.changed = now
    row.updated = article.updated if article.updated and article.updated > (row.updated or now) else now
    if publisher_country:
        row.publisher_country = publisher_country
    row.sort_time = article_sort_time(row.published, row.first_seen)
    session.flush()
    mark_dirty(session, sync_membership(session, row))
    _keep_features(session, [(row.id, article)])
    return "updated"


def upsert_articles(
    session: Session, articles: Sequence[tuple[Article, str | None]], now: datetime,
    publisher_country: str | None = None,
) -> list[UpsertResult]:
    """`upsert_article` for a batch of (article, fetched URL), in the caller's transaction; the results in order.

    The URLs are looked up in one query; the new ones go in with multi-row `INSERT … ON CONFLICT (url) DO
    NOTHING RETURNING id` (SQLite and PostgreSQL), their feed membership in one statement and their dirty
    feeds in one mark. A URL another process inserted meanwhile (no id returned), a URL already stored and
    a URL repeated in the batch take `upsert_article`'s path, which updates the stored row.
    """
    for article, _fetched in articles:
        if not article.content_hash:
            raise ValueError(f"article {article.url} has no content_hash")
    begin_write(session)
    urls = sorted({article.url for article, _fetched in articles})
    stored: set[str] = set()
    for start in range(0, len(urls), BATCH_CHUNK):
        chunk = urls[start:start + BATCH_CHUNK]
        stored.update(session.scalars(select(ArticleRow.url).where(ArticleRow.url.in_(chunk))))
    fresh: dict[str, tuple[Article, dict[str, Any]]] = {}
    for article, fetched_url in articles:
        if article.url not in stored and article.url not in fresh:
            fresh[article.url] = (article, _new_row_values(article, now, publisher_country, fetched_url))
    inserted = _insert_new(session, list(fresh.values()))
    results: list[UpsertResult] = []
    for article, fetched_url in articles:
        if inserted.pop(article.url, None) is not None:
            results.append("new")
        else:
            results.append(upsert_article(session, article, now, publisher_country, fetched_url=fetched_url))
    return results


def _new_row_values(article: Article, now: datetime, publisher_country: str | None,
                    fetched_url: str | None) -> dict[str, Any]:
    """The column values of a new row for `article`, as `_insert` gives them."""
    values: dict[str, Any] = {name: getattr(article, name) for name in _CONTENT_FIELDS}
    values.update(
        url=article.url, first_seen=now, last_seen=now, changed=now, updated=article.updated,
        images=[dataclasses.asdict(img) for img in article.images], content_hash=article.content_hash,
        publisher_country=publisher_country, fetched_url=canonical_url(fetched_url) if fetched_url else None,
        search_text=search_text(article.title, article.body_text),
        sort_time=article_sort_time(article.published, now),
    )
    return values


def _insert_new(session: Session, fresh: list[tuple[Article, dict[str, Any]]]) -> dict[str, int]:
    """Insert the rows of `fresh` (article, column values) where their URL is free, with their feed membership,
    dirty marks and story features; URL → new id."""
    if not fresh:
        return {}
    rows = [values for _article, values in fresh]
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    ids: dict[str, int] = {}
    for start in range(0, len(rows), BATCH_CHUNK):
        statement = (module.insert(ArticleRow).values(rows[start:start + BATCH_CHUNK])
                     .on_conflict_do_nothing(index_elements=[ArticleRow.url])
                     .returning(ArticleRow.id, ArticleRow.url))
        ids.update({url: row_id for row_id, url in session.execute(statement)})
    members, feeds = [], set()
    for values in rows:
        if values["url"] in ids:
            joined = member_feeds(SimpleNamespace(**values))
            feeds |= joined
            members += [{"feed": feed, "article_id": ids[values["url"]], "sort_time": values["sort_time"]}
                        for feed in sorted(joined)]
    if members:
        session.execute(insert(FeedMemberRow), members)
    mark_dirty(session, feeds)
    _keep_features(session, [(ids[a.url], a) for a, _values in fresh if a.url in ids])
    return ids


def _keep_features(session: Session, stored: Sequence[tuple[int, Article]]) -> None:
    """Keep the story features the crawl computed for these stored articles (`story_cache.keep_in`)."""
    keep_in(session, [(article_id, *a.story_features) for article_id, a in stored if a.story_features])


def _insert(session: Session, article: Article, now: datetime, images: list[dict], publisher_country: str | None,
            fetched: str | None) -> None:
    row = ArticleRow(
        url=article.url, first_seen=now, last_seen=now, changed=now,
        updated=article.updated, images=images, content_hash=article.content_hash,
        publisher_country=publisher_country, fetched_url=fetched,
    )
    _copy_content(row, article)
    row.sort_time = article_sort_time(row.published, now)
    session.add(row)
    session.flush()
    mark_dirty(session, sync_membership(session, row, new=True))
    _keep_features(session, [(row.id, article)])


def update_tags(row: ArticleRow, article: Article, now: datetime) -> bool:
    """Give `row` the tags of `article` (`TAG_FIELDS`) when they differ, setting `changed`; True if they did.

    The row's feed membership follows, and the feeds it joined, left or stays in are marked dirty.
    """
    if _tags_of(row) == _tags_of(article):
        return False
    for name in TAG_FIELDS:
        setattr(row, name, getattr(article, name))
    row.changed = now
    session = object_session(row)
    if session is not None:
        row.sort_time = article_sort_time(row.published, row.first_seen)
        session.flush()
        mark_dirty(session, sync_membership(session, row))
    return True


def _copy_content(row: ArticleRow, article: Article) -> None:
    for name in _CONTENT_FIELDS:
        setattr(row, name, getattr(article, name))
    row.search_text = search_text(article.title, article.body_text)


def _tags_of(record: ArticleRow | Article) -> tuple:
    values = []
    for name in TAG_FIELDS:
        value = getattr(record, name)
        if name == "cooperation_score":
            value = float(value or 0.0)
        elif name != "primary_kind":
            value = list(value or [])
        values.append(value)
    return tuple(values)


def row_to_article(row: ArticleRow) -> Article:
    """Convert a stored row back to an `Article`."""
    return Article(
        url=row.url, source=row.source, title=row.title or "", summary=row.summary or "",
        body_text=row.body_text or "", body_html=row.body_html or "", published=row.published,
        updated=row.updated, authors=list(row.authors or []), language=row.language,
        images=[Image(**img) for img in row.images or []], rights=row.rights,
        tags=list(row.tags or []), countries=list(row.countries or []), parties=list(row.parties or []),
        mentioned=list(row.mentioned or []), cooperation=list(row.cooperation or []),
        primary_kind=row.primary_kind or None, organisations=list(row.organisations or []),
        cooperation_score=row.cooperation_score or 0.0,
        content_hash=row.content_hash,
    )


def known_urls(session: Session, source: str | None = None) -> dict[str, datetime]:
    """Stored article URLs (canonical and as fetched, of one source or all) mapped to when
    they were last fetched. Both are stored canonicalised (`scraper.urls.canonical_url`)."""
    query = select(ArticleRow.url, ArticleRow.fetched_url, ArticleRow.last_seen)
    if source is not None:
        query = query.where(ArticleRow.source == source)
    known: dict[str, datetime] = {}
    for url, fetched, seen in session.execute(query):
        known[url] = seen
        if fetched:
            known[fetched] = seen
    return known


def article_ids(session: Session, source: str | None = None) -> list[int]:
    """Ids of the stored articles (of one source or all), oldest first."""
    query = select(ArticleRow.id).order_by(ArticleRow.id)
    if source is not None:
        query = query.where(ArticleRow.source == source)
    return list(session.scalars(query))


def article_count(session: Session) -> int:
    """How many articles are stored."""
    return int(session.scalar(select(func.count()).select_from(ArticleRow)) or 0)


def articles_by_id(session: Session, ids: list[int]) -> list[ArticleRow]:
    """The rows with these ids, in id order."""
    return list(session.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids)).order_by(ArticleRow.id)))


def recent_articles(session: Session, source: str | None = None, limit: int = 20) -> list[ArticleRow]:
    """Newest articles first (published time, else first seen)."""
    query = select(ArticleRow)
    if source is not None:
        query = query.where(ArticleRow.source == source)
    query = query.order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.first_seen.desc())
    return list(session.scalars(query.limit(limit)))
