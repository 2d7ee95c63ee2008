"""One entry per story: reports of one event by several publishers become a single feed entry.

`scraper.tagging.stories.group_stories` clusters candidate articles (near-duplicate
text and shared anchors, any language) once per publish run, over the union of
every story feed's window; each feed takes those stories restricted to its own
candidates. Each story becomes the entry of its *representative*, with an
"Also reported by" list linking the other reports.

The representative is the report Attaché saw first (earliest `first_seen`), then
the earliest published, then the most complete (longest body text), then the
smallest URL. Going by first sight keeps an entry's id for good once a story has
been announced: a report found later — even one published earlier — only joins
the list, so readers never get one story twice. The entry keeps the
representative's title, link, dates and position; its `updated` moves to the
time the newest other report was first seen, so a reader sees the story
updated when a report joins it, and nothing moves when nothing changed.
"""

from __future__ import annotations

import hashlib
import html
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import lru_cache

from sqlalchemy.orm import object_session

from scraper.store.schema import ArticleRow
from scraper.store.story_cache import load_story_features, save_story_features, stored_digests

from .clean import plain_text
from .model import Category, Entry, Related, entry_from_row

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

Grouper = Callable[[Sequence[tuple[Hashable, str, str, datetime | None]]], list[list[Hashable]]]


def candidate_limit(limit: int) -> int:
    """How many newest articles to group when a story-feed shows `limit` entries."""
    return max(limit, min(MAX_CANDIDATES, limit * WINDOW_FACTOR))


@lru_cache(maxsize=1)
def default_grouper() -> Grouper | None:
    """`group_stories` from the tagging package, or None (logged) when it cannot be imported."""
    try:
        from scraper.tagging.stories import group_stories
    except Exception as exc:
        logger.warning("stories are not grouped (every report is its own entry): %s", exc)
        return None
    return group_stories  # type: ignore[return-value]


CACHE_SIZE = 32
_CACHE: OrderedDict[tuple[object, str], list[list[int]]] = OrderedDict()
"""Recent groupings of this process by grouper and row identity (ids, content hashes, dates): the daemon
republishes, and the server answers repeated filtered requests, without regrouping unchanged data."""
_CACHE_LOCK = threading.Lock()


def forget_groupings() -> None:
    """Empty the process's grouping and story-feature caches (as a new process starts: benchmarks
    measure cold runs with it). Features kept in the store stay."""
    with _CACHE_LOCK:
        _CACHE.clear()
    try:
        from scraper.tagging.stories import forget_features
    except Exception:  # the grouper cannot be imported: it has no cache either
        return
    forget_features()


class StoryGroups:
    """Groups rows into stories with a grouper (one instance per publish run).

    `prepare(union)` groups the union of every story feed's candidates once; a
    feed then gets the stories of that grouping restricted to its own rows, so a
    story is the same in every feed and its members' work is done once. Rows
    outside the prepared union are grouped on their own.
    `StoryGroups.default()` uses `group_stories`; `StoryGroups(None)` groups nothing.
    """

    def __init__(self, grouper: Grouper | None) -> None:
        self.grouper = grouper
        self._story: dict[int, int] = {}

    @classmethod
    def default(cls) -> StoryGroups:
        """Grouping with `scraper.tagging.stories.group_stories` (none when it cannot be imported)."""
        return cls(default_grouper())

    def prepare(self, union: Sequence[ArticleRow]) -> None:
        """Group `union` (every candidate of every story feed about to be built) in one call."""
        rows = sorted({r.id: r for r in union}.values(), key=lambda r: r.id)
        self._story = {rows[i].id: n for n, members in enumerate(self._cached(rows)) for i in members}

    def __call__(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        """Indexes into `rows`, one list per story (every row in exactly one story)."""
        if rows and all(r.id in self._story for r in rows):
            buckets: dict[int, list[int]] = {}
            for i, row in enumerate(rows):
                buckets.setdefault(self._story[row.id], []).append(i)
            return list(buckets.values())
        return self._cached(rows)

    def _cached(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        session = object_session(rows[0]) if rows else None
        database = str(session.get_bind().url) if session is not None else ""
        identity = repr([database] + [(r.id, r.content_hash, r.published, r.first_seen) for r in rows]).encode()
        key = (self.grouper, hashlib.sha256(identity).hexdigest())
        with _CACHE_LOCK:
            groups = _CACHE.get(key)
            if groups is not None:
                _CACHE.move_to_end(key)
                return groups
        groups = self._group(rows)
        with _CACHE_LOCK:
            _CACHE[key] = groups
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
        return groups

    def _group(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        clusters: list[list[int]] = []
        texts = [(r.body_text or "").strip()[:GROUP_TEXT_CHARS] for r in rows]
        items = [(i, plain_text(r.title), texts[i], r.published or r.first_seen)
                 for i, r in enumerate(rows) if len(texts[i]) >= MIN_TEXT_CHARS]
        if self.grouper is not None and len(items) > 1:
            try:
                if self.grouper is default_grouper():
                    features = story_features([rows[i] for i, *_rest in items], items)
                    found = self.grouper(items, features=features)  # type: ignore[call-arg]
                else:
                    found = self.grouper(items)
                clusters = [[int(k) for k in group] for group in found]  # type: ignore[call-overload]
            except Exception:
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


def story_features(rows: Sequence[ArticleRow], items: Sequence[tuple[Hashable, str, str, datetime | None]]) -> list:
    """`StoryFeatures` of each (row, grouping item): from the process's cache, else from the store
    (`story_signatures`, while the text's digest matches), else computed; the store gets those it lacks."""
    from scraper.tagging.stories import StoryFeatures, cached_features, compute_features, feature_key, remember_features

    keys = [feature_key(title, text) for _k, title, text, _p in items]
    found = [cached_features(key) for key in keys]
    session = object_session(rows[0]) if rows else None
    digests: dict[int, str] = {}
    wanted: list[int] = []
    if session is not None:
        try:
            digests = stored_digests(session, [row.id for row in rows])
            wanted = [n for n, f in enumerate(found) if f is None and digests.get(rows[n].id) == keys[n]]
            stored = load_story_features(session, [rows[n].id for n in wanted]) if wanted else {}
        except Exception:
            logger.exception("reading stored story features failed; computing them")
            digests, wanted, stored = {}, [], {}
        for n in wanted:
            digest, data = stored.get(rows[n].id, ("", b""))
            if digest != keys[n]:
                continue
            try:
                found[n] = StoryFeatures.from_bytes(data)
            except ValueError as exc:
                logger.warning("article %s: stored story features unreadable (%s); computing them", rows[n].id, exc)
                digests.pop(rows[n].id, None)
                continue
            remember_features(keys[n], found[n])
    for n, (_k, title, text, _p) in enumerate(items):
        if found[n] is None:
            found[n] = compute_features(title, text)
            remember_features(keys[n], found[n])
    unkept = [(rows[n].id, keys[n], found[n].to_bytes())
              for n in range(len(items)) if digests.get(rows[n].id) != keys[n]]
    if unkept and session is not None:
        try:
            save_story_features(session.get_bind(), unkept)  # type: ignore[arg-type]
        except Exception as exc:
            logger.warning("story features of %d article(s) not kept in the store: %s", len(unkept), exc)
    return found


def _representative_key(row: ArticleRow, entry: Entry) -> tuple:
    return (entry.first_seen, entry.published or entry.first_seen, -len(row.body_text or ""), entry.id)


def _also_reported(related: Sequence[Related]) -> str:
    items = "".join(
        f'<li>{html.escape(r.publisher)}, {r.published.date().isoformat()}: '
        f'<a href="{html.escape(r.url)}">{html.escape(r.title)}</a></li>'
        for r in related
    )
    return f"<p><strong>Also reported by</strong></p><ul>{items}</ul>"


def story_entry(members: Sequence[tuple[ArticleRow, Entry]], names: Mapping[str, str], base: str) -> Entry:
    """The entry of one story: its representative, with links to the other reports."""
    ordered = sorted(members, key=lambda m: _representative_key(*m))
    lead = ordered[0][1]
    others = sorted((e for _r, e in ordered[1:]), key=lambda e: (e.published or e.first_seen, e.id))
    if not others:
        return lead
    related = tuple(
        Related(url=e.link, title=e.title, publisher=names.get(e.source or "") or e.source or "",
                source=e.source, published=e.published or e.first_seen)
        for e in others
    )
    extra = [Category(e.source, f"{base}sources/") for e in others if e.source]
    return replace(
        lead,
        content_html=lead.content_html + _also_reported(related),
        updated=max([lead.updated] + [e.first_seen for e in others]),
        categories=tuple(dict.fromkeys(lead.categories + tuple(extra))),
        related=related,
    )


def story_entries(
    rows: Sequence[ArticleRow], groups: StoryGroups, names: Mapping[str, str], base: str
) -> list[Entry]:
    """Rows (newest first) to one entry per story, ordered by each representative's place in `rows`."""
    built = [entry_from_row(r, base) for r in rows]
    position = {}
    entries = []
    for members in groups(rows):
        valid = [(rows[i], built[i]) for i in members if built[i] is not None]
        if not valid:
            continue
        entry = story_entry(valid, names, base)  # type: ignore[arg-type]
        position[entry.id] = next(i for i in members if built[i] is not None and built[i].id == entry.id)
        entries.append(entry)
    entries.sort(key=lambda e: position[e.id])
    return entries
