"""One entry per story: reports of one event by several publishers become a single feed entry.

`scraper.tagging.stories.group_stories` clusters the feed's candidate articles
(near-duplicate text, any language). Each group becomes the entry of its
*representative*, with an "Also reported by" list linking the other reports.

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

import html
import logging
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import lru_cache

from scraper.store.schema import ArticleRow

from .clean import plain_text
from .entries import Category, Entry, Related, entry_from_row

logger = logging.getLogger(__name__)

WINDOW_FACTOR = 4
"""Stories are grouped among this many times the feed's entry limit of newest candidates ..."""
MAX_CANDIDATES = 1000
"""... but never more than this many (grouping cost grows with the window)."""
GROUP_TEXT_CHARS = 4000
"""Body text beyond this is not needed to recognise a story."""

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


class StoryGroups:
    """Groups rows into stories with a grouper, memoised per candidate set (one instance per publish run).

    `StoryGroups.default()` uses `group_stories`; `StoryGroups(None)` groups nothing (every report its own story).
    """

    def __init__(self, grouper: Grouper | None) -> None:
        self.grouper = grouper
        self._memo: dict[tuple[int, ...], list[list[int]]] = {}

    @classmethod
    def default(cls) -> StoryGroups:
        """Grouping with `scraper.tagging.stories.group_stories` (none when it cannot be imported)."""
        return cls(default_grouper())

    def __call__(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        """Indexes into `rows`, one list per story (every row in exactly one story)."""
        ids = tuple(r.id for r in rows)
        if ids not in self._memo:
            self._memo[ids] = self._group(rows)
        return self._memo[ids]

    def _group(self, rows: Sequence[ArticleRow]) -> list[list[int]]:
        clusters: list[list[int]] = []
        if self.grouper is not None and len(rows) > 1:
            items = [(i, plain_text(r.title), (r.body_text or "")[:GROUP_TEXT_CHARS], r.published or r.first_seen)
                     for i, r in enumerate(rows)]
            try:
                clusters = [[int(k) for k in group] for group in self.grouper(items)]  # type: ignore[call-overload]
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
