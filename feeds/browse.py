"""The pages the server answers from the store: `search` (the filter form and its items) and `story`.

The search page takes the feed filter parameters (`feeds.params`) and builds its items exactly as the
server builds the filtered `all` feed (`feeds.build.build_feed`), so the feed URL it shows returns the
same items. Empty form fields are dropped (a browser submits them); a bad value is shown on the page
with status 400. The story page shows one story group (`feeds.stories`) of the `all` feed's window.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.orm import Session

from scraper.config import Config
from scraper.store import Store
from scraper.store.changes import ChangeMarker, change_marker
from scraper.store.feed_queries import distinct_list_values, distinct_values, feed_articles
from scraper.store.lookup import article_by_url

from .build import build_feed
from .catalog import spec_for_slug
from .clean import language_tag
from .model import Entry, entry_from_row
from .params import PARAMETERS, FilterError, parse_filters
from .publishers import publisher_names
from .stories import story_entry
from .story_groups import StoryGroups, candidate_limit
from .webpage import SEARCH_PAGE, STORY_PAGE, Choices, SearchResult, render_search, render_story

PAGES = frozenset({SEARCH_PAGE, STORY_PAGE})
_choices_cache: dict[str, tuple[ChangeMarker, Choices]] = {}
_choices_lock = threading.Lock()
MAX_QUERY = 2000
"""Characters of a page's query string read (longer ones are an error)."""


@dataclass(frozen=True)
class Page:
    """A rendered page and its HTTP status."""

    status: int
    body: bytes


def _choices(session: Session, store: Store, names: dict[str, str]) -> Choices:
    """The form's choices, read again only when the store changed (`change_marker`)."""
    marker = change_marker(session)
    with _choices_lock:
        cached = _choices_cache.get(store.database_url)
    if cached is not None and cached[0] == marker:
        return cached[1]
    choices = _read_choices(session, names)
    with _choices_lock:
        _choices_cache[store.database_url] = (marker, choices)
    return choices


def _read_choices(session: Session, names: dict[str, str]) -> Choices:
    sources = [(sid, names.get(sid) or sid) for sid in distinct_values(session, "source")]
    languages = sorted({tag.split("-")[0] for tag in map(language_tag, distinct_values(session, "language")) if tag})
    countries = {c.upper() for c in distinct_values(session, "publisher_country")}
    countries.update(c for codes in distinct_list_values(session, "countries") for c in codes)
    return Choices(sources, languages, sorted(countries))


def submitted(query: str) -> dict[str, str]:
    """The non-empty form values among the filter parameters (the last one wins, as in a browser form)."""
    values = {}
    for key, value in parse_qsl(query[:MAX_QUERY], keep_blank_values=True):
        if key in PARAMETERS and value.strip():
            values[key] = value.strip()
    return values


def search_page(config: Config, store: Store, query: str) -> Page:
    """The search page for a request's query string."""
    names = publisher_names(config)
    values = submitted(query)
    if len(query) > MAX_QUERY:
        result = SearchResult(values, error=f"the query is longer than {MAX_QUERY} characters")
    else:
        try:
            request = parse_filters(urlencode(values), config.feed_limit)
        except FilterError as exc:
            result = SearchResult(values, error=str(exc))
        else:
            spec = spec_for_slug("all", names=names)
            assert spec is not None
            with store.session() as session:
                built = build_feed(config, session, spec, (), extra=request.filter, limit=request.limit,
                                   query=request.query, names=names, stories=StoryGroups(store, compute=False))
            result = SearchResult(values, request.query, built.entries)
    with store.session() as session:
        choices = _choices(session, store, names)
    page = render_search(config.public_base_url, result, choices, names)
    return Page(400 if result.error else 200, page)


def find_story(config: Config, session: Session, store: Store, url: str, names: dict[str, str]) -> list[Entry]:
    """Every report of the story of the stored article at `url`: the story's lead (its entry, with the
    others as `related`) first, then the others in `related` order; empty when no article has that URL."""
    row = article_by_url(session, url)
    if row is None:
        return []
    spec = spec_for_slug("all", names=names)
    assert spec is not None
    rows = feed_articles(session, spec.filter, candidate_limit(config.feed_limit))
    if all(r.id != row.id for r in rows):
        rows.append(row)
    base = config.public_base_url
    for members in StoryGroups(store)(rows):
        if any(rows[i].id == row.id for i in members):
            built = [(rows[i], entry_from_row(rows[i], base)) for i in members]
            valid = [(r, entry) for r, entry in built if entry is not None]
            if not valid:
                return []
            lead = story_entry(valid, names, base)  # type: ignore[arg-type]
            by_url = {entry.link: entry for _r, entry in valid}
            return [lead] + [by_url[r.url] for r in lead.related if r.url in by_url]
    return []


def story_page(config: Config, store: Store, query: str) -> Page:
    """The story page of `?id=<article URL>`; 404 when no stored article has that URL."""
    names = publisher_names(config)
    url = dict(parse_qsl(query[:MAX_QUERY])).get("id", "")
    with store.session() as session:
        reports = find_story(config, session, store, url, names) if url else []
    return Page(200 if reports else 404, render_story(reports, names))


def answer_page(config: Config, store: Store, name: str, query: str) -> Page:
    """The page `name` (one of `PAGES`) for a query string."""
    return search_page(config, store, query) if name == SEARCH_PAGE else story_page(config, store, query)
