"""One entry per story: reports of one event by several publishers become a single feed entry.

`StoryGroups` (`feeds.story_groups`) says which of a feed's candidate articles report one story; each
story becomes the entry of its *representative*, with an "Also reported by" list linking the other
reports.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .clean import as_utc
from .model import EPOCH, Category, Entry, Related, entry_from_row


def _text_length(row: Any) -> int:
    length = getattr(row, "text_length", None)
    return int(length) if length is not None else len(row.body_text or "")


def _representative_key(row: Any, entry: Entry) -> tuple:
    return (entry.first_seen, entry.published or entry.first_seen, -_text_length(row), entry.id)


def _light_key(row: Any) -> tuple:
    """`_representative_key` from the row alone (before its entry is built)."""
    first_seen = as_utc(row.first_seen) or EPOCH
    return (first_seen, as_utc(row.published) or first_seen, -_text_length(row), row.url or "")


def _also_reported(related: Sequence[Related]) -> str:
    items = "".join(
        f'<li>{html.escape(r.publisher)}, {r.published.date().isoformat()}: '
        f'<a href="{html.escape(r.url)}">{html.escape(r.title)}</a></li>'
        for r in related
    )
    return f"<p><strong>Also reported by</strong></p><ul>{items}</ul>"


def story_entry(members: Sequence[tuple[Any, Entry]], names: Mapping[str, str], base: str) -> Entry:
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
    rows: Sequence[Any], groups: Callable[[Sequence[Any]], list[list[int]]], names: Mapping[str, str], base: str,
    entries_of: Callable[[Sequence[int]], list[Entry | None]] | None = None, limit: int | None = None,
) -> list[Entry]:
    """Rows (newest first) to one entry per story, ordered by each representative's place in `rows`.

    `groups` gives the stories of `rows` (a `StoryGroups`, or one feed's kept grouping).

    `entries_of` gives the entries of article ids (default: built from the rows, which then need every
    entry column); with `limit`, only the stories that can be among the first `limit` entries are built.
    """
    if entries_of is None:
        made = {r.id: entry_from_row(r, base) for r in rows}
        entries_of = lambda ids: [made[i] for i in ids]  # noqa: E731
    stories = groups(rows)
    leads = [min(members, key=lambda i: _light_key(rows[i])) for members in stories]
    order = sorted(range(len(stories)), key=lambda n: leads[n])
    position = {}
    entries: list[Entry] = []
    step = len(order) if limit is None else limit
    for start in range(0, len(order), max(step, 1)):  # the stories that can make the feed, a batch at a time
        batch = [stories[n] for n in order[start:start + step]]
        built = iter(entries_of([rows[i].id for members in batch for i in members]))
        for members in batch:
            made = [next(built) for _ in members]
            valid = [(rows[i], e) for i, e in zip(members, made, strict=True) if e is not None]
            if not valid:
                continue
            entry = story_entry(valid, names, base)
            position[entry.id] = next(i for i, e in zip(members, made, strict=True)
                                      if e is not None and e.id == entry.id)
            entries.append(entry)
        if limit is not None and len(entries) >= limit:
            break
    entries.sort(key=lambda e: position[e.id])
    return entries
