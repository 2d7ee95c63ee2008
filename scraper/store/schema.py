"""Database tables (SQLAlchemy 2.x declarative models).

A change here needs a revision in `migrations/versions/` (a test compares the two on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; returns aware UTC datetimes (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; attach a time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """One article, keyed by its canonical URL."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True, nullable=False)
    fetched_url: Mapped[str | None] = mapped_column(String(2048), index=True)
    """The URL the page was downloaded from, canonicalised (links point here)."""
    source: Mapped[str | None] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    updated: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(20), index=True)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rights: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    cooperation: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Cooperation kinds, the main event first; empty when the article reports no cooperation."""
    cooperation_score: Mapped[float] = mapped_column(Float, default=0.0)
    # Added after the first release, hence the server defaults (existing rows read as empty lists / no kind).
    parties: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    """Countries that are parties to the cooperation (ISO 3166-1 alpha-2); pair feeds follow them."""
    mentioned: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    """Countries named only in passing; they never make a feed."""
    primary_kind: Mapped[str | None] = mapped_column(String(30))
    """The main event's kind (staff_talks, agreement, ...); None when not a cooperation item."""
    organisations: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    """International organisations involved (NATO, EU, OSCE, UN, ...)."""
    publisher_country: Mapped[str | None] = mapped_column(String(2), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    changed: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    """When the stored content last changed (first_seen for a new article)."""
    sort_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """The time feeds sort by: published, else first seen (kept by `articles.upsert_article`; nullable only
    so the baseline migration can add it to an older database, which is then backfilled)."""
    search_text: Mapped[str | None] = mapped_column(Text)
    """Title and text folded for case-insensitive search (`search_key.search_text`, kept by `upsert_article`)."""



class StorySignatureRow(Base):
    """Story-grouping features (MinHash signature and anchors) of one article's text, kept so a publish
    does not compute them again; valid while `digest` matches the text (`scraper/store/story_cache.py`)."""

    __tablename__ = "story_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    """`scraper.tagging.stories.feature_key` of the text the features were computed from."""
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    """`StoryFeatures.to_bytes()`."""


class StoryGroupingRow(Base):
    """The story grouping of one feed's candidate window, kept so a publish groups only the feeds whose
    window changed; valid while `digest` matches the window (`scraper/store/story_cache.py`)."""

    __tablename__ = "story_groupings"

    feed: Mapped[str] = mapped_column(String(120), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    """`feeds.story_groups` digest of the window: article ids, texts' hashes, times, grouping version."""
    groups: Mapped[str] = mapped_column(Text, nullable=False)
    """JSON: one list of window indexes per story."""


class FeedMemberRow(Base):
    """Which feed an article belongs to, with its sort time: each feed's window walks the index
    (feed, sort_time, article_id) and stops after n rows (`scraper/store/feed_index.py` keeps it)."""

    __tablename__ = "feed_members"

    feed: Mapped[str] = mapped_column(String(120), primary_key=True)
    """The feed's slug (`all`, `sources/x`, `countries/IT`, `pairs/AZ-IT`, ...)."""
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    sort_time: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_feed_members_article", "article_id"),)


# Feed windows: newest first, ties oldest id first (`feed_queries`), so the indexes run the same way.
Index("ix_feed_members_window", FeedMemberRow.feed, FeedMemberRow.sort_time.desc(), FeedMemberRow.article_id)
Index("ix_articles_sort_time", ArticleRow.sort_time.desc(), ArticleRow.id)
Index("ix_articles_source_sort_time", ArticleRow.source, ArticleRow.sort_time.desc(), ArticleRow.id)


class DirtyFeedRow(Base):
    """A feed whose articles changed since it was last published (written in the crawl's own transaction;
    `scraper/store/dirty.py`). `version` grows with every new mark, so a publish clears only what it saw."""

    __tablename__ = "dirty_feeds"

    feed: Mapped[str] = mapped_column(String(120), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class StoreMetaRow(Base):
    """Facts about the store as a whole, by key (`scraper/store/meta.py`)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class CrawlRunRow(Base):
    """One crawl run of one source."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100), nullable=False)
    started: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    finished: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    """running, ok, partial, empty (no article link: the warning state), failed, interrupted (`runs.py`)."""
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    dropped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[int | None] = mapped_column(Integer)
    node: Mapped[str | None] = mapped_column(String(200))
    """Where the crawl ran: a Scrapyd node's base URL, else the machine's host name; None for runs recorded
    before it was kept."""
    job_id: Mapped[str | None] = mapped_column(String(100))
    """The Scrapyd job id of the crawl; None for a local crawl."""

    __table_args__ = (Index("ix_crawl_runs_source_started", "source", "started"),)


class SourceRepairRow(Base):
    """A repair proposed by discovery for a source in the warning state (one per warning episode)."""

    __tablename__ = "source_repairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    episode: Mapped[int] = mapped_column(Integer, nullable=False)
    """Id of the first crawl run of the warning episode the repair answers."""
    proposed: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    """proposed, applied, not applied, test failed, nothing found (`repairs.py`)."""
    entry: Mapped[str] = mapped_column(Text, default="")
    """The proposed catalog entry (TOML, with discovery's comments)."""
    diff: Mapped[str] = mapped_column(Text, default="")
    """Unified diff from the entry in use to the proposed one."""
    message: Mapped[str] = mapped_column(Text, default="")
