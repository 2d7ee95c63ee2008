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
from collections.abc import Mapping, Sequence
from dataclasses import replace

from scraper.store.schema import ArticleRow

from .model import Category, Entry, Related, entry_from_row
from .story_groups import StoryGroups


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
