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

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from scraper.store import Store
from scraper.store.schema import ArticleRow
from scraper.store.story_cache import can_keep, load_story_features, save_story_features
from scraper.tagging.stories import StoryFeatures, feature_key, group_stories, story_features

from .clean import plain_text

logger = logging.getLogger(__name__)

WINDOW_FACTOR = 4
"""Stories are grouped among this many times the feed's entry limit of newest candidates ..."""
MAX_CANDIDATES = 1000
"""... but never more than this many (grouping cost grows with the window)."""
GROUP_TEXT_CHARS = 4000
"""Body text beyond this is not needed to recognise a story."""
MIN_TEXT_CHARS = 150
"""Reports with less body text (a teaser, a caption, a one-line notice) are never grouped: a few dozen
characters of shingles cannot tell one story from the next ("Photo gallery 12" vs "Photo gallery 13")."""

Item = tuple[int, str, str, datetime | None]
"""What `group_stories` reads of a row: (index in the rows, title, text, published)."""


def candidate_limit(limit: int) -> int:
    """How many newest articles to group when a story-feed shows `limit` entries."""
    return max(limit, min(MAX_CANDIDATES, limit * WINDOW_FACTOR))


class StoryGroups:
    """Groups rows of `store` into stories (one instance per publish run or server answer).

    `prepare(union)` groups the union of every story feed's candidates once; calling the instance
    with a feed's rows then gives the stories of that grouping restricted to those rows. Rows outside
    the prepared union are grouped on their own. `StoryGroups(store, enabled=False)` groups nothing.
    """

    def __init__(self, store: Store, *, enabled: bool = True) -> None:
        self.store = store
        self.enabled = enabled
        self._story: dict[int, int] = {}

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
        texts = [(r.body_text or "").strip()[:GROUP_TEXT_CHARS] for r in rows]
        items: list[Item] = [(i, plain_text(r.title), texts[i], r.published or r.first_seen)
                             for i, r in enumerate(rows) if len(texts[i]) >= MIN_TEXT_CHARS]
        if self.enabled and len(items) > 1:
            try:
                features = self.features([rows[i] for i, *_rest in items], items)
                clusters = [[int(k) for k in group] for group in group_stories(items, features=features)]
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

    def features(self, rows: Sequence[ArticleRow], items: Sequence[Item]) -> list[StoryFeatures]:
        """`StoryFeatures` of each row's item: stored ones while the digest matches, else computed (and kept)."""
        stored = self._stored([row.id for row in rows])
        found: list[StoryFeatures] = []
        unkept: list[tuple[int, str, bytes]] = []
        for row, (_i, title, text, _published) in zip(rows, items, strict=True):
            key = feature_key(title, text)
            features = self._decode(row.id, key, stored.get(row.id))
            if features is None:
                features = story_features(title, text)
                unkept.append((row.id, key, features.to_bytes()))
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
