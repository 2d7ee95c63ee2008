"""From the store to feed bytes: query a feed's window, build the model, render each format.

Shared by `publish` (files) and `server` (filtered answers) so both give the
same bytes for the same data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Row
from sqlalchemy.orm import Session

from scraper import __version__
from scraper.config import Config
from scraper.store.feed_queries import (
    CANDIDATE_COLUMNS,
    ENTRY_KEY_COLUMNS,
    FeedFilter,
    feed_window,
    filter_window,
    rows_by_id,
)

from .catalog import SITE_NAME, FeedSpec
from .entry_cache import EntryCache, row_key
from .model import Entry, FeedDoc, dedupe, entry_from_row, feed_updated, unique_updated
from .publishers import publisher_names
from .render import FORMATS, Renderer
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


class FeedRun:
    """The work one publish run (or one server answer) shares between its feeds.

    Each feed window is queried once (`window`, ids only, walking the store's feed index for a
    built-in feed); each article's entry is built once (`entries`, from the entry columns only) and
    its JSON item rendered once (`renderer`; its RSS and Atom elements once per feed), whatever number
    of feeds it appears in; story candidates carry only
    what grouping reads (`candidates`). With `cache` (a publish), entries and their rendered forms made by
    earlier runs are taken from it and the new ones kept there.
    """

    def __init__(self, config: Config, session: Session, names: Mapping[str, str] | None = None,
                 cache: EntryCache | None = None) -> None:
        self.config = config
        self.session = session
        self.names = publisher_names(config) if names is None else names
        self.cache = cache
        self.renderer = Renderer(cache=cache)
        self._windows: dict[tuple[str, int], list[int]] = {}
        self._entries: dict[int, Entry | None] = {}
        self._candidates: dict[int, Row] = {}
        self._uses: dict[int, int] = {}

    def window(self, spec: FeedSpec, flt: FeedFilter, limit: int) -> list[int]:
        """Ids of the newest `limit` articles matching `flt` (the feed's own filter, perhaps narrowed)."""
        if not spec.indexed or flt != spec.filter:
            return filter_window(self.session, flt, limit)
        key = (spec.slug, limit)
        if key not in self._windows:
            larger = [ids for (slug, n), ids in self._windows.items() if slug == spec.slug and n >= limit]
            self._windows[key] = larger[0][:limit] if larger else feed_window(self.session, spec.slug, limit)
        return self._windows[key]

    def entries(self, ids: Sequence[int]) -> list[Entry | None]:
        """The entries of these articles, in order (None for one without a usable URL)."""
        missing = [i for i in ids if i not in self._entries]
        if missing:
            base = self.config.public_base_url
            if self.cache is None:
                rows = rows_by_id(self.session, missing)
                self._entries.update((article_id, entry_from_row(row, base)) for article_id, row in rows.items())
            else:
                self._entries_through_cache(missing, self.cache)
        return [self._entries.get(i) for i in ids]

    def _entries_through_cache(self, ids: Sequence[int], cache: EntryCache) -> None:
        """Entries kept by an earlier publish for the same columns (`ENTRY_KEY_COLUMNS`, read without the texts),
        the others built from their whole rows and kept."""
        base = self.config.public_base_url
        light = rows_by_id(self.session, ids, ENTRY_KEY_COLUMNS)
        keys = {article_id: row_key(row, base) for article_id, row in light.items() if row.content_hash}
        kept = cache.entries(keys.values())
        for article_id in light:
            entry = kept.get(keys.get(article_id, b""))
            if entry is not None:
                self._entries[article_id] = entry
        made = {}
        for article_id, row in rows_by_id(self.session, [i for i in light if i not in self._entries]).items():
            entry = self._entries[article_id] = entry_from_row(row, base)
            if entry is not None and article_id in keys:
                made[keys[article_id]] = entry
        cache.keep_entries(made)

    def _own_window(self, spec: FeedSpec) -> list[int]:
        limit = self.config.feed_limit
        if spec.stories and not spec.filter.sources:
            return self.window(spec, spec.filter, candidate_limit(limit))
        return self.window(spec, spec.filter, limit)

    def story_window(self, spec: FeedSpec) -> list[Row]:
        """The whole candidate window of a story feed (not narrowed to sources), as `feed_entries` reads it."""
        return self.candidates(self._own_window(spec))

    def prefetch(self, specs: Iterable[FeedSpec]) -> None:
        """Query the windows of `specs` and load the story feeds' candidates (no text) in bulk; count each
        article's feeds, so `release` can drop it after its last one. Entries load feed by feed (one
        prepared query each), so only those some feed still needs are held."""
        candidate_ids: dict[int, None] = {}
        for spec in specs:
            ids = self._own_window(spec)
            if spec.stories and not spec.filter.sources:
                candidate_ids.update(dict.fromkeys(ids))
            for i in ids:
                self._uses[i] = self._uses.get(i, 0) + 1
        self.candidates(list(candidate_ids))

    def release(self, spec: FeedSpec) -> None:
        """`spec` is written: forget the entries, candidates and rendered entries no other feed needs."""
        for i in self._own_window(spec):
            left = self._uses.get(i, 0) - 1
            if left > 0:
                self._uses[i] = left
                continue
            self._uses.pop(i, None)
            self._candidates.pop(i, None)
            entry = self._entries.pop(i, None)
            if entry is not None:
                self.renderer.forget(entry.id)

    def candidates(self, ids: Sequence[int]) -> list[Row]:
        """Story candidates (what grouping reads), in order."""
        missing = [i for i in ids if i not in self._candidates]
        if missing:
            self._candidates.update(rows_by_id(self.session, missing, CANDIDATE_COLUMNS))
        return [self._candidates[i] for i in ids if i in self._candidates]


def story_candidates(run: FeedRun, specs: Iterable[FeedSpec]) -> list[Row]:
    """The union of the candidate windows of every story feed in `specs` (for `StoryGroups.prepare`)."""
    window = candidate_limit(run.config.feed_limit)
    union: dict[int, None] = {}
    for spec in specs:
        if spec.stories and not spec.filter.sources:
            union.update(dict.fromkeys(run.window(spec, spec.filter, window)))
    return run.candidates(list(union))


def feed_entries(
    config: Config,
    session: Session,
    spec: FeedSpec,
    flt: FeedFilter,
    limit: int,
    *,
    names: Mapping[str, str] | None = None,
    stories: StoryGroups,
    run: FeedRun | None = None,
) -> list[Entry]:
    """The newest `limit` entries of a feed: one per story when the feed groups stories, else one per article.

    A feed narrowed to sources (per-source feeds, `?source=`) keeps every item. The candidate window
    follows the configured feed limit, so `?limit=2` gives the first two entries of the full feed.
    """
    run = run or FeedRun(config, session, names)
    if not spec.stories or flt.sources:
        ids = run.window(spec, flt, limit)
        return unique_updated(dedupe([e for e in run.entries(ids) if e is not None]))
    rows = run.candidates(run.window(spec, flt, candidate_limit(max(limit, config.feed_limit))))
    own = flt == spec.filter and limit <= config.feed_limit

    def groups(candidates: Sequence[Row]) -> list[list[int]]:
        return stories.for_feed(spec.slug, candidates) if own else stories(candidates)

    entries = story_entries(rows, groups, run.names, config.public_base_url, run.entries, limit)
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
    run: FeedRun | None = None,
) -> BuiltFeed:
    """Render `spec` (narrowed by `extra`, capped at `limit` or `config.feed_limit`) in `formats`.

    Entries are dropped from the old end until every file fits in `max_bytes`.
    `stories` groups a story feed's candidates (one `StoryGroups` per publish run or answer);
    `names` (publisher names by source id) are loaded when not given; `run` shares windows, entries
    and rendered entries between the feeds of one publish.
    """
    run = run or FeedRun(config, session, names)
    flt = spec.filter & extra if extra is not None else spec.filter
    entries = feed_entries(config, session, spec, flt, limit or config.feed_limit, stories=stories, run=run)
    while True:
        doc = feed_doc(config, spec, entries, query)
        files = {fmt: with_stylesheet(data, fmt, spec.path(fmt))
                 for fmt, data in run.renderer.render(doc, entries, formats).items()}
        largest = max((len(data) for data in files.values()), default=0)
        if largest <= max_bytes or len(entries) <= 1:
            return BuiltFeed(spec, entries, files)
        keep = max(1, min(len(entries) - 1, len(entries) * max_bytes * 9 // (largest * 10)))
        logger.info("feed %s is %d bytes with %d entries; keeping the newest %d", spec.slug, largest,
                    len(entries), keep)
        entries = entries[:keep]
