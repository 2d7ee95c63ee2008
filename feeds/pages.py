"""The OPML 2.0 subscription list, the HTML index page and the page of every pair feed (pure functions:
data in, bytes out).

Everything scraped is escaped; nothing depends on the clock, so the same data
gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from .activity import Activity
from .catalog import SITE_NAME, FeedSpec
from .model import EPOCH, Entry
from .render import MEDIA_TYPES
from .webpage import CSP, STYLE, entry_list, nav, search_form, state_name

FORMAT_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
OPML_FORMAT = "atom"
"""The one format each feed is listed in (a reader importing the OPML subscribes once per feed)."""



def _updated_line(updated: datetime) -> str:
    """"Newest article <time>." — or, before any article is stored, no date at all (never 1970-01-01)."""
    if updated <= EPOCH:
        return "No articles yet."
    return f"Newest article {_e(updated.isoformat())}."

def group_specs(specs: Sequence[FeedSpec], headings: Mapping[str, str]) -> list[tuple[str, list[FeedSpec]]]:
    """Specs grouped by family, in catalog order, with each family's heading."""
    groups: dict[str, list[FeedSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.family, []).append(spec)
    return [(headings.get(family, family), members) for family, members in groups.items()]


def activity_note(activity: Activity | None) -> str:
    """"3 cooperation items, latest 2025-05-01" ("" without activity)."""
    if activity is None:
        return ""
    items = "1 cooperation item" if activity.items == 1 else f"{activity.items} cooperation items"
    return f"{items}, latest {activity.latest.date().isoformat()}"


def render_opml(
    base_url: str, groups: Sequence[tuple[str, list[FeedSpec]]], updated: datetime,
    activity: Mapping[str, Activity] | None = None,
) -> bytes:
    """OPML 2.0 listing every feed once (Atom), grouped by family; `activity` (by slug) notes item counts."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"{SITE_NAME} feeds"
    if updated > EPOCH:  # before any article: no date rather than 1970-01-01
        etree.SubElement(head, "dateModified").text = format_datetime(updated)
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for heading, specs in groups:
        folder = etree.SubElement(body, "outline", text=heading)
        for spec in specs:
            note = activity_note((activity or {}).get(spec.slug))
            etree.SubElement(folder, "outline", type="rss", text=spec.title, title=spec.title,
                             xmlUrl=spec.url(base_url, OPML_FORMAT), htmlUrl=base_url,
                             description=spec.description + (f" ({note})" if note else ""))
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _feed_links(base_url: str, spec: FeedSpec) -> str:
    return " · ".join(
        f'<a href="{_e(spec.url(base_url, fmt))}" type="{MEDIA_TYPES[fmt]}">{label}</a>'
        for fmt, label in FORMAT_LABELS.items()
    )


def _feed_rows(base_url: str, specs: Sequence[FeedSpec], activity: Mapping[str, Activity] | None) -> list[str]:
    rows = ["<table>"]
    for s in specs:
        note = activity_note((activity or {}).get(s.slug))
        note_cell = f"<td><small>{_e(note)}</small></td>" if activity else ""
        rows.append(f"<tr><td>{_e(s.title)}</td>{note_cell}<td>{_feed_links(base_url, s)}</td></tr>")
    rows.append("</table>")
    return rows


def _page_head(title: str) -> list[str]:
    return [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">', '<link rel="icon" href="data:,">',
        f"<title>{_e(title)}</title>",
    ]


_STYLE = STYLE


def render_pairs_page(
    base_url: str, recent: Sequence[FeedSpec], tail: Sequence[FeedSpec], activity: Mapping[str, Activity],
    updated: datetime, quiet_days: int, top: int, index_name: str = "index.html",
) -> bytes:
    """Every pair feed, most recently active first: those on the index page, then the long tail."""
    body = _page_head(f"{SITE_NAME}: every country-pair feed") + [
        _STYLE, "</head>", "<body>", f"<h1>{_e(SITE_NAME)}: country-pair feeds</h1>",
        f'<p>{_updated_line(updated)} Defence cooperation between two countries: one feed per pair '
        "of countries that are both parties of at least one cooperation item, most recently active first. "
        f'Any other pair can be subscribed to ahead of the news: <code>{_e(base_url)}pairs/AZ-IT.atom</code> '
        f'(codes in alphabetical order). Back to the <a href="{_e(base_url + index_name)}">index</a>.</p>',
        '<section id="recent">', "<h2>Recently active (also on the index page and in the OPML list)</h2>",
    ]
    body += _feed_rows(base_url, recent, activity) if recent else ["<p>None.</p>"]
    body += ["</section>", '<section id="long-tail">',
             f"<h2>Long tail (no item in the {quiet_days} days before the newest cooperation item, or beyond "
             f"the {top} most recently active)</h2>"]
    body += _feed_rows(base_url, tail, activity) if tail else ["<p>None.</p>"]
    body += ["</section>", "</body>", "</html>", ""]
    return "\n".join(body).encode("utf-8")


def _health_section(rows: Sequence[Mapping[str, object]] | None) -> list[str]:
    """SOURCE-HEALTH HOOK: the scheduler passes one mapping per source (column name -> value)."""
    if not rows:
        return []
    columns = list(rows[0].keys())
    out = ['<section id="source-health">', "<h2>Source health</h2>", "<table>",
           "<tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr>"]
    for row in rows:
        cells = "".join(f'<td data-label="{_e(c)}">{_health_cell(row.get(c))}</td>' for c in columns)
        state = state_name(row.get("state"))
        warning = ' class="warning"' if state == "warning" else ""
        out.append(f'<tr{warning} data-state="{_e(state)}">{cells}</tr>')
    out += ["</table>", "</section>"]
    return out


def _health_cell(value: object) -> str:
    """A health cell, escaped; a multi-line value (a proposed repair and its diff) folds under its first line."""
    text = "" if value is None else str(value)
    if "\n" not in text:
        return _e(text)
    first, rest = text.split("\n", 1)
    return f"<details><summary>{_e(first)}</summary><pre>{_e(rest)}</pre></details>"


def render_index(
    base_url: str,
    groups: Sequence[tuple[str, list[FeedSpec]]],
    latest: Sequence[Entry],
    updated: datetime,
    health_rows: Sequence[Mapping[str, object]] | None = None,
    opml_name: str = "feeds.opml",
    names: Mapping[str, str] | None = None,
    activity: Mapping[str, Activity] | None = None,
    more_pairs: tuple[str, int] | None = None,
) -> bytes:
    """The HTML index: autodiscovery links, the listed feeds with subscribe links, latest articles, source health.

    `activity` (by slug) adds item counts to pair and country feeds; `more_pairs` (page name, number of
    pair feeds not listed here) links the page with every pair feed.
    """
    main = next((s for _h, specs in groups for s in specs if s.slug == "all"), None)
    head = _page_head(f"{SITE_NAME}: defence-cooperation news feeds")
    if main is not None:
        head += [
            f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" title="{_e(main.title)} ({label})" '
            f'href="{_e(main.url(base_url, fmt))}">'
            for fmt, label in FORMAT_LABELS.items()
        ]
    head += [
        _STYLE, "</head>", "<body>", nav(),
        f"<h1>{_e(SITE_NAME)}</h1>",
        f'<p>{_updated_line(updated)} Import every feed at once: <a href="{_e(base_url + opml_name)}" '
        f'type="text/x-opml">OPML</a>. Any feed URL takes filters: <code>?q=</code>, <code>country=</code>, '
        "<code>pair=</code>, <code>cooperation=1</code>, <code>lang=</code>, <code>source=</code>, "
        "<code>since=</code>, <code>limit=</code>.</p>",
        '<section id="search">', "<h2>Search and filter</h2>", search_form({}), "</section>",
        '<section id="latest">', "<h2>Latest articles</h2>", *entry_list(latest, names or {}), "</section>",
        '<section id="feeds">', "<h2>Feeds</h2>",
    ]
    body = head
    linked = False
    for heading, specs in groups:
        body.append(f"<h3>{_e(heading)}</h3>")
        family_activity = {s.slug: activity[s.slug] for s in specs if activity and s.slug in activity}
        body += _feed_rows(base_url, specs, family_activity or None)
        if more_pairs is not None and specs and specs[0].family == "pairs":
            page, more = more_pairs
            extra = f" ({more} more, quieter, only there)" if more else ""
            body.append(f'<p><a href="{_e(base_url + page)}">Every pair feed</a>{_e(extra)}</p>')
            linked = True
    if more_pairs is not None and more_pairs[1] and not linked:
        page, more = more_pairs
        body.append(f'<p><a href="{_e(base_url + page)}">Country-pair feeds</a> ({more}, none active lately)</p>')
    body += ["</section>"]
    body += ["<!-- source-health: rows passed as publish(..., health_rows=...) -->"]
    body += _health_section(health_rows)
    body += ["</body>", "</html>", ""]
    return "\n".join(body).encode("utf-8")
