"""Grouping the articles of a publish into stories, with each text's story features kept in the store.

`StoryGroups(store)` clusters candidate articles with `scraper.tagging.stories.group_stories` (near-
duplicate text and shared anchors, any language) once per publish run, over the union of every story
feed's window (`prepare`); each feed then takes those stories restricted to its own candidates, so a
story is the same in every feed.

What grouping reads of a text (its `StoryFeatures`) is read from the store's `story_signatures`
(`scraper.store.story_cache`) while the text's digest matches, else computed and kept there, so only
new or changed texts cost grouping time. The store is an optimisation: a database error only means
the features are computed (and perhaps not kept) this time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import SQLAlchemyError

import scraper.safe_text
import scraper.tagging.stories
from scraper.safe_text import one_line
from scraper.store import Store
from scraper.store.feed_queries import CANDIDATE_TEXT_COLUMNS, rows_by_id
from scraper.store.schema import ArticleRow
from scraper.store.story_cache import (
    can_keep,
    load_groupings,
    load_story_features,
    save_groupings,
    save_story_features,
)
from scraper.tagging.stories import (
    FEATURES_VERSION,
    GROUP_TEXT_CHARS,
    MIN_TEXT_CHARS,
    GroupingInput,
    StoryFeatures,
    group_stories,
    grouping_input,
    story_features,
)
from scraper.tagging.version import TAGGER_VERSION

from .entry_cache import EntryCache

logger = logging.getLogger(__name__)

WINDOW_FACTOR = 4
"""Stories are grouped among this many times the feed's entry limit of newest candidates ..."""
MAX_CANDIDATES = 1000
"""... but never more than this many (grouping cost grows with the window)."""

Item = tuple[int, str, str, datetime | None]
"""What `group_stories` reads of a row: (index in the rows, title, text, published)."""


_KEY_CODE = hashlib.sha256(b"".join(Path(module.__file__ or "").read_bytes()
                                     for module in (scraper.tagging.stories, scraper.safe_text))).digest()
"""The code that makes a candidate's feature key (`grouping_input`, `feature_key`, `one_line`)."""


def candidate_key(row: Any) -> bytes | None:
    """A digest of what a story candidate's feature key is made of, read without its text: its title, content
    hash (a new text has a new hash) and language, and the code and versions that make the key (None without a
    content hash). The entry cache maps it to the feature key, so regrouping a window reads new texts only."""
    if not row.content_hash:
        return None
    made_of = (FEATURES_VERSION, GROUP_TEXT_CHARS, MIN_TEXT_CHARS, row.title, row.content_hash, row.language)
    return hashlib.sha256(_KEY_CODE + repr(made_of).encode("utf-8", "surrogatepass")).digest()


GROUPING_VERSION = "1"
"""Bump when grouping changes in a way `FEATURES_VERSION` does not show: kept groupings are then redone."""


def _window_values(rows: Sequence[Any]) -> tuple[tuple[Any, ...], ...]:
    """What a feed's grouping depends on of its candidates, in order: id, text hash, times."""
    return tuple((r.id, r.content_hash, r.published, r.first_seen) for r in rows)


def window_digest(rows: Sequence[Any]) -> str:
    """A digest of a feed's window (`_window_values`) and the versions its grouping depends on."""
    return _digest_of_window(_window_values(rows))


def _digest_of_window(values: tuple[tuple[Any, ...], ...]) -> str:
    versions = (GROUPING_VERSION, TAGGER_VERSION, FEATURES_VERSION, MIN_TEXT_CHARS, GROUP_TEXT_CHARS)
    h = hashlib.sha256("\x00".join(str(v) for v in versions).encode())
    for id_, content_hash, published, first_seen in values:
        h.update(f"\x00{id_}\x01{content_hash}\x01{published}\x01{first_seen}".encode())
    return h.hexdigest()


def _with_text(rows: Sequence[Any]) -> list[bool]:
    """Whether each row carries its body text (an article, a whole row), unlike a story candidate's columns. A
    result row is asked through its public mapping (`Row._mapping`: a look-up in its result's keys), where
    `hasattr` on a row without the column raised and caught an error in SQLAlchemy and `Row._fields` is made on
    each call."""
    return [("body_text" in row._mapping) if isinstance(row, Row) else hasattr(row, "body_text") for row in rows]


def candidate_limit(limit: int) -> int:
    """How many newest articles to group when a story-feed shows `limit` entries."""
    return max(limit, min(MAX_CANDIDATES, limit * WINDOW_FACTOR))


class StoryGroups:
    """Groups rows of `store` into stories (one instance per publish run or server answer).

    `prepare(union)` groups the union of every story feed's candidates once; calling the instance
    with a feed's rows then gives the stories of that grouping restricted to those rows. Rows outside
    the prepared union are grouped on their own. `StoryGroups(store, enabled=False)` groups nothing.
    """

    PRELOAD_CHUNK = 1000
    """Candidates whose texts `preload` holds at once (a first publish regroups every window)."""

    def __init__(self, store: Store, *, enabled: bool = True, compute: bool = True) -> None:
        self.store = store
        self.enabled = enabled
        self.compute = compute
        """False: only features already kept in the store are used (a candidate without them stands alone), so
        an answer never runs the tagger (~10-30 ms a text): the feed server's filtered answers."""
        self._story: dict[int, int] = {}
        self._features: dict[int, tuple[str, StoryFeatures]] = {}
        self._keys: dict[int, str | None] = {}
        """Feature key of each story candidate prepared so far (None: too short to group)."""
        self._pending_texts: dict[int, GroupingInput] = {}
        """Texts read for candidates whose features are not known yet."""
        self._kept: dict[str, tuple[str, str]] | None = None
        self._new_groupings: list[tuple[str, str, str]] = []
        self._digests: dict[str, tuple[tuple[Any, ...], str]] = {}
        """Each feed's last window (what its digest is made of) and `window_digest` (`preload` and `for_feed`)."""
        self._titles: dict[int, tuple[str, GroupingInput]] = {}
        """A prepared candidate's title and what `_prepared` gives for it once its text is dropped (the title on one
        line, the key), so the windows that share it do not make it again."""
        self.key_cache: EntryCache | None = None
        """Where candidates' feature keys are recorded by `candidate_key` (a publish's entry cache)."""

    def load_kept(self, feeds: Sequence[str]) -> None:
        """Read the kept groupings of these feeds once (before `for_feed` asks for them)."""
        if not self.enabled or not can_keep(self.store.engine):
            self._kept = {}
            return
        try:
            with self.store.session() as session:
                self._kept = load_groupings(session, feeds)
        except SQLAlchemyError:
            logger.exception("reading kept story groupings failed; grouping every feed")
            self._kept = {}

    def for_feed(self, feed: str, rows: Sequence[Any]) -> list[list[int]]:
        """The stories of one story feed's whole candidate window (`rows`, which carry `content_hash`):
        the grouping kept for that exact window when there is one, else grouped now (and kept by `save`).

        Each feed groups its own window, so its bytes depend on its window alone: a publish that
        rebuilds some feeds gives each the same bytes a full publish would."""
        digest = self._window_digest(feed, rows)
        kept = (self._kept or {}).get(feed)
        if kept is not None and kept[0] == digest:
            try:
                groups = [[int(i) for i in g] for g in json.loads(kept[1])]
                if sorted(i for g in groups for i in g) == list(range(len(rows))):
                    return groups
            except (ValueError, TypeError):
                pass
            logger.warning("kept story grouping of %s unreadable; grouping it again", feed)
        groups = self(rows)
        if self.enabled:
            self._new_groupings.append((feed, digest, json.dumps(groups, separators=(",", ":"))))
        return groups

    def preload(self, windows: Mapping[str, Sequence[Any]]) -> None:
        """Before the feeds are built: the features of every candidate of the windows (story feed -> its whole
        candidate window) that `for_feed` will group again, read (or computed) in one pass instead of window by
        window."""
        if not self.enabled or self._kept is None:
            return
        union = {r.id: r for feed, rows in windows.items()
                 if (self._kept.get(feed) or ("",))[0] != self._window_digest(feed, rows) for r in rows}
        candidates = [r for r, text in zip(union.values(), _with_text(list(union.values())), strict=True) if not text]
        for start in range(0, len(candidates), self.PRELOAD_CHUNK):
            rows = candidates[start:start + self.PRELOAD_CHUNK]
            try:
                prepared = self._prepared(rows, [False] * len(rows))
                eligible = [i for i, read in enumerate(prepared) if read.key is not None]
                self.features([rows[i] for i in eligible], [prepared[i] for i in eligible])
            except Exception:  # the feeds then read what they need window by window
                logger.exception("preparing the story features of %d candidates failed", len(rows))

    def _window_digest(self, feed: str, rows: Sequence[Any]) -> str:
        """`window_digest(rows)`, made once for the same window of `feed` (`preload`, then `for_feed`)."""
        made_of = _window_values(rows)
        known = self._digests.get(feed)
        if known is not None and known[0] == made_of:
            return known[1]
        digest = _digest_of_window(made_of)
        self._digests[feed] = (made_of, digest)
        return digest

    def save(self) -> None:
        """Keep the groupings made since the last save (a database error only logs)."""
        records, self._new_groupings = self._new_groupings, []
        if not records:
            return
        try:
            save_groupings(self.store.engine, records)
        except SQLAlchemyError as exc:
            logger.warning("story groupings of %d feed(s) not kept in the store: %s", len(records), exc)

    def prepare(self, union: Sequence[ArticleRow]) -> None:
        """Group `union` (every candidate of every story feed about to be built) in one call."""
        rows = sorted({r.id: r for r in union}.values(), key=lambda r: r.id)
        self._story = {rows[i].id: n for n, members in enumerate(self._group(rows)) for i in members}

    def __call__(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        """Indexes into `rows`, one list per story (every row in exactly one story)."""
        if rows and all(r.id in self._story for r in rows):
            buckets: dict[int, list[int]] = {}
            for i, row in enumerate(rows):
                buckets.setdefault(self._story[row.id], []).append(i)
            return list(buckets.values())
        return self._group(rows)

    def _group(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        clusters: list[list[int]] = []
        prepared = self._prepared(rows)
        eligible = [i for i, read in enumerate(prepared) if read.key is not None]
        if self.enabled and len(eligible) > 1:
            try:
                found = self.features([rows[i] for i in eligible], [prepared[i] for i in eligible])
                known = [i for i, f in zip(eligible, found, strict=True) if f is not None]
                features = [f for f in found if f is not None]
                items: list[Item] = [(i, prepared[i].title, prepared[i].text, rows[i].published or rows[i].first_seen)
                                     for i in known]
                clusters = ([[int(k) for k in group] for group in group_stories(items, features=features)]
                            if len(items) > 1 else [])
            except Exception:  # one bad record must not break the feeds: they go out ungrouped
                logger.exception("grouping %d articles into stories failed; every report is its own entry", len(rows))
                clusters = []
        seen: set[int] = set()
        stories = []
        for cluster in clusters:
            members = [i for i in dict.fromkeys(cluster) if 0 <= i < len(rows) and i not in seen]
            seen.update(members)
            if members:
                stories.append(members)
        stories += [[i] for i in range(len(rows)) if i not in seen]
        return stories

    def _prepared(self, rows: Sequence[Any], has_text: Sequence[bool] | None = None) -> list[GroupingInput]:
        """Each row as grouping reads it (`grouping_input`); the key is None for a text too short to group.
        A story candidate (a row without text) is prepared once per instance: its text and language are read
        from the store the first time and kept only until its features are known (`features` drops them),
        so the windows of many story feeds, which overlap, read each text once. `has_text`: `_with_text(rows)`, when
        the caller knows it."""
        has_text = _with_text(rows) if has_text is None else has_text
        self._known_by_candidate_key(rows, has_text)
        missing = [r.id for r, text in zip(rows, has_text, strict=True) if not text and r.id not in self._keys]
        loaded: dict[int, Any] = {}
        if missing:
            try:
                with self.store.session() as session:
                    loaded = rows_by_id(session, missing, CANDIDATE_TEXT_COLUMNS)
            except SQLAlchemyError:
                logger.exception("reading %d candidate text(s) failed; they are not grouped", len(missing))
        out: list[GroupingInput] = []
        recorded: dict[bytes, str | None] = {}
        for r, text in zip(rows, has_text, strict=True):
            if text:
                out.append(grouping_input(r.title, r.body_text, r.language))
                continue
            known = self._titles.get(r.id)
            if known is not None and known[0] == r.title and r.id not in loaded and r.id not in self._pending_texts:
                out.append(known[1])
                continue
            title = one_line(r.title)
            if r.id in loaded or r.id not in self._keys:
                row = loaded.get(r.id)
                read = grouping_input(title, *((row.body_text, row.language) if row is not None else (None, None)))
                self._keys[r.id] = read.key
                light = candidate_key(r) if row is not None and self.key_cache is not None else None
                if light is not None:
                    recorded[light] = read.key
                if read.key is not None and self._features.get(r.id, ("",))[0] != read.key:
                    self._pending_texts[r.id] = read
            pending = self._pending_texts.get(r.id)
            if pending is None:
                self._titles[r.id] = (r.title, GroupingInput(title, "", self._keys[r.id], None))
            out.append(pending or self._titles[r.id][1])
        if recorded and self.key_cache is not None:
            self.key_cache.keep_feature_keys(recorded)
        return out

    def _known_by_candidate_key(self, rows: Sequence[Any], has_text: Sequence[bool]) -> None:
        """Take the feature keys of candidates not prepared yet from `key_cache`, with their stored features;
        a candidate whose features are not stored under that key is left for its text to be read."""
        if self.key_cache is None:
            return
        lights = {r.id: light for r, text in zip(rows, has_text, strict=True) if not text
                  and r.id not in self._keys and (light := candidate_key(r)) is not None}
        if not lights:
            return
        recorded = self.key_cache.feature_keys(lights.values())
        known = {i: recorded[light] for i, light in lights.items() if light in recorded}
        wanted = [i for i, key in known.items() if key is not None and self._features.get(i, ("",))[0] != key]
        stored = self._stored(wanted) if wanted else {}
        for article_id, key in known.items():
            if key is not None and self._features.get(article_id, ("",))[0] != key:
                features = self._decode(article_id, key, stored.get(article_id))
                if features is None:
                    continue
                self._features[article_id] = (key, features)
            self._keys[article_id] = key

    def features(self, rows: Sequence[ArticleRow], prepared: Sequence[GroupingInput]) -> list[StoryFeatures | None]:
        """`StoryFeatures` of each row (as `_prepared` read it): known to this instance, or stored while the key
        matches, else computed from the text (and kept); None instead of computing them when `compute` is False."""
        wanted = [row.id for row, read in zip(rows, prepared, strict=True)
                  if self._features.get(row.id, ("",))[0] != read.key]
        stored = self._stored(wanted) if wanted else {}
        found: list[StoryFeatures | None] = []
        unkept: list[tuple[int, str, bytes]] = []
        for row, (title, text, key, language) in zip(rows, prepared, strict=True):
            assert key is not None
            known = self._features.get(row.id)
            features = known[1] if known is not None and known[0] == key else None
            if features is None:
                features = self._decode(row.id, key, stored.get(row.id))
            if features is None and not self.compute:
                found.append(None)
                continue
            if features is None:
                features = story_features(title, text, language)
                unkept.append((row.id, key, features.to_bytes()))
            self._features[row.id] = (key, features)
            self._pending_texts.pop(row.id, None)
            found.append(features)
        self._keep(unkept)
        return found

    def _stored(self, article_ids: Sequence[int]) -> dict[int, tuple[str, bytes]]:
        if not can_keep(self.store.engine):
            return {}
        try:
            with self.store.session() as session:
                return load_story_features(session, article_ids)
        except SQLAlchemyError:
            logger.exception("reading stored story features failed; computing them")
            return {}

    @staticmethod
    def _decode(article_id: int, key: str, record: tuple[str, bytes] | None) -> StoryFeatures | None:
        if record is None or record[0] != key:
            return None
        try:
            return StoryFeatures.from_bytes(record[1])
        except ValueError as exc:
            logger.warning("article %s: stored story features unreadable (%s); computing them", article_id, exc)
            return None

    def _keep(self, records: Sequence[tuple[int, str, bytes]]) -> None:
        if not records:
            return
        try:
            save_story_features(self.store.engine, records)
        except SQLAlchemyError as exc:
            logger.warning("story features of %d article(s) not kept in the store: %s", len(records), exc)
