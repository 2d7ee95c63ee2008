"""From the store to feed bytes: query a feed's articles, build the model, render each format.

Shared by `publish` (files) and `server` (filtered answers) so both give the
same bytes for the same data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from scraper import __version__
from scraper.config import Config
from scraper.store.feed_queries import FeedFilter, feed_articles
from scraper.store.schema import ArticleRow

from .catalog import SITE_NAME, FeedSpec
from .model import Entry, FeedDoc, build_entries, dedupe, feed_updated, unique_updated
from .publishers import publisher_names
from .render import FORMATS, render
from .stories import story_entries
from .story_groups import StoryGroups, candidate_limit
from .stylesheet import with_stylesheet

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 2_000_000


@dataclass(frozen=True)
class BuiltFeed:
    """One feed rendered in the requested formats."""

    spec: FeedSpec
    entries: list[Entry]
    files: dict[str, bytes]


def feed_doc(config: Config, spec: FeedSpec, entries: Sequence[Entry], query: str = "") -> FeedDoc:
    """Feed-level metadata; `query` (already canonical) is appended to the self URLs of a filtered feed."""
    base = config.public_base_url
    suffix = f"?{query}" if query else ""
    urls = {fmt: spec.url(base, fmt) + suffix for fmt in FORMATS}
    title = spec.title + (f" ({query})" if query else "")
    return FeedDoc(
        id=urls["atom"], title=title, description=spec.description, site_url=base, self_urls=urls,
        updated=feed_updated(entries), author=SITE_NAME, language=spec.language,
        generator=SITE_NAME, generator_version=__version__, generator_uri=config.contact_url,
        alternates=urls, logo=config.feed_logo, icon=config.feed_icon, hub=config.websub_hub,
    )


def story_candidates(config: Config, session: Session, specs: Iterable[FeedSpec]) -> list[ArticleRow]:
    """The union of the candidate windows of every story feed in `specs` (for `StoryGroups.prepare`)."""
    window = candidate_limit(config.feed_limit)
    union: dict[int, ArticleRow] = {}
    for spec in specs:
        if spec.stories and not spec.filter.sources:
            union.update((row.id, row) for row in feed_articles(session, spec.filter, window))
    return list(union.values())


def feed_entries(
    config: Config,
    session: Session,
    spec: FeedSpec,
    flt: FeedFilter,
    limit: int,
    *,
    names: Mapping[str, str] | None = None,
    stories: StoryGroups,
) -> list[Entry]:
    """The newest `limit` entries of a feed: one per story when the feed groups stories, else one per article.

    A feed narrowed to sources (per-source feeds, `?source=`) keeps every item. The candidate window
    follows the configured feed limit, so `?limit=2` gives the first two entries of the full feed.
    """
    base = config.public_base_url
    if not spec.stories or flt.sources:
        return build_entries(feed_articles(session, flt, limit), base)
    rows = feed_articles(session, flt, candidate_limit(max(limit, config.feed_limit)))
    names = publisher_names(config) if names is None else names
    entries = story_entries(rows, stories, names, base)
    return unique_updated(dedupe(entries)[:limit])


def build_feed(
    config: Config,
    session: Session,
    spec: FeedSpec,
    formats: Iterable[str] = FORMATS,
    *,
    extra: FeedFilter | None = None,
    limit: int | None = None,
    query: str = "",
    max_bytes: int = MAX_FEED_BYTES,
    names: Mapping[str, str] | None = None,
    stories: StoryGroups,
) -> BuiltFeed:
    """Render `spec` (narrowed by `extra`, capped at `limit` or `config.feed_limit`) in `formats`.

    Entries are dropped from the old end until every file fits in `max_bytes`.
    `stories` groups a story feed's candidates (one `StoryGroups` per publish run or answer);
    `names` (publisher names by source id) are loaded when not given.
    """
    flt = spec.filter & extra if extra is not None else spec.filter
    entries = feed_entries(config, session, spec, flt, limit or config.feed_limit, names=names, stories=stories)
    while True:
        doc = feed_doc(config, spec, entries, query)
        files = {fmt: with_stylesheet(render(doc, entries, fmt), fmt, spec.path(fmt)) for fmt in formats}
        largest = max((len(data) for data in files.values()), default=0)
        if largest <= max_bytes or len(entries) <= 1:
            return BuiltFeed(spec, entries, files)
        keep = max(1, min(len(entries) - 1, len(entries) * max_bytes * 9 // (largest * 10)))
        logger.info("feed %s is %d bytes with %d entries; keeping the newest %d", spec.slug, largest,
                    len(entries), keep)
        entries = entries[:keep]
