"""The feed model: clean, format-neutral entries and feed metadata built from stored articles.

Everything hostile is dealt with here, before any renderer sees it: text is
XML-safe, URLs are absolute, HTML is sanitised, dates are aware UTC seconds and
no two entries of a feed share an `updated` second.
"""

from __future__ import annotations

import html
import logging
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from operator import attrgetter

from scraper.safe_text import xml_safe_text
from scraper.store.schema import ArticleRow

from .clean import absolute_url, as_utc, language_tag, plain_text, sanitise_html

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SUMMARY_CHARS = 400


@dataclass(frozen=True)
class Enclosure:
    url: str
    mime_type: str
    length: int | None = None
    width: int | None = None
    height: int | None = None
    caption: str = ""


@dataclass(frozen=True)
class Category:
    term: str
    scheme: str | None = None
    """An absolute IRI naming the vocabulary (tags have none)."""


@dataclass(frozen=True)
class Related:
    """Another report of the same story (see `feeds.stories`); text is plain, the URL absolute."""

    url: str
    title: str
    publisher: str
    source: str | None
    published: datetime


@dataclass(frozen=True)
class Cooperation:
    """What tagging found about the cooperation an article reports (codes upper case, text plain)."""

    parties: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    primary_kind: str | None = None
    kinds: tuple[str, ...] = ()
    """The main event's kind first, then secondary kinds."""
    organisations: tuple[str, ...] = ()
    score: float = 0.0


@dataclass(frozen=True)
class Entry:
    """One feed entry, ready to render in any format."""

    id: str
    link: str
    title: str
    summary: str
    content_html: str
    published: datetime | None
    updated: datetime
    authors: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()
    enclosure: Enclosure | None = None
    rights: str | None = None
    language: str | None = None
    source: str | None = None
    first_seen: datetime = EPOCH
    related: tuple[Related, ...] = ()
    """The other reports of this entry's story ("Also reported by")."""
    cooperation: Cooperation = field(default_factory=Cooperation)

    def __hash__(self) -> int:
        """The hash of every field, computed once: a publish looks its entries up in several dicts per feed (the
        generated hash rebuilt the tuple of every field, its categories' and related reports' too, each time)."""
        known = self.__dict__.get("_hash")
        if known is None:
            known = hash(_entry_values(self))
            object.__setattr__(self, "_hash", known)
        return known

    def __getstate__(self) -> dict[str, object]:
        """The fields alone (not the hash, which differs from process to process, nor the entry cache's key of the
        entry, `feeds.entry_cache.entry_key`): the pickle kept by the entry cache, and the digest of it that keys an
        entry's rendered forms, are what they were."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


_entry_values = attrgetter(*(f.name for f in fields(Entry)))
"""An entry's fields, in order, as a tuple (what its hash is made of)."""


@dataclass(frozen=True)
class FeedDoc:
    """Feed-level metadata; `self_urls` maps a format name to that file's absolute URL."""

    id: str
    title: str
    description: str
    site_url: str
    self_urls: dict[str, str]
    updated: datetime
    author: str
    language: str | None = None
    generator: str = "Attaché"
    generator_uri: str | None = None
    generator_version: str | None = None
    icon: str | None = None
    logo: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    hub: str | None = None
    """A WebSub hub's URL (rel="hub"), when configured."""


def _positive(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None


def _enclosure(images: Sequence[dict] | None, base: str) -> Enclosure | None:
    for img in images or []:
        url = absolute_url(img.get("url"), base)
        if not url:
            continue
        mime = xml_safe_text(img.get("mime_type") or "").strip().lower()
        if "/" not in mime:
            # An image we could not type: guess from the name, else the most common kind.
            mime = mimetypes.guess_type(url.split("?")[0])[0] or "image/jpeg"
        return Enclosure(url=url, mime_type=mime, length=_positive(img.get("length")),
                         width=_positive(img.get("width")), height=_positive(img.get("height")),
                         caption=plain_text(img.get("caption"), 300))
    return None


def _content(row: ArticleRow, base: str, enclosure: Enclosure | None, summary: str) -> str:
    body = sanitise_html(row.body_html or "", base)
    if not body.strip():
        text = plain_text(row.body_text) or summary
        body = f"<p>{html.escape(text, quote=False)}</p>" if text else ""
    if enclosure and enclosure.url not in body and html.escape(enclosure.url) not in body:
        alt = html.escape(enclosure.caption or plain_text(row.title, 200))
        caption = f"<figcaption>{html.escape(enclosure.caption)}</figcaption>" if enclosure.caption else ""
        body = f'<figure><img src="{html.escape(enclosure.url)}" alt="{alt}">{caption}</figure>' + body
    return body


def _terms(values: Sequence[str] | None, upper: bool = False, limit: int = 100) -> tuple[str, ...]:
    """Plain, non-empty, unique terms in their order."""
    terms = (plain_text(v, limit) for v in values or [] if isinstance(v, str))
    return tuple(dict.fromkeys(t.upper() if upper else t for t in terms if t))


def cooperation_of(row: ArticleRow) -> Cooperation:
    """The row's cooperation fields, cleaned (hostile or odd values never reach a feed as they are)."""
    kinds = _terms(row.cooperation, limit=40)
    primary = plain_text(row.primary_kind, 40) or None
    if primary is not None and primary not in kinds:
        kinds = (primary, *kinds)
    score = row.cooperation_score if isinstance(row.cooperation_score, int | float) else 0.0
    return Cooperation(
        parties=_terms(row.parties, upper=True, limit=10), mentioned=_terms(row.mentioned, upper=True, limit=10),
        primary_kind=primary, kinds=kinds, organisations=_terms(row.organisations, limit=60),
        score=round(min(max(float(score), 0.0), 1.0), 3),
    )


def _cooperation_categories(coop: Cooperation) -> list[Category]:
    """`kind:<kind>` (main event first), `party:<CC>` and `org:<name>` terms."""
    return ([Category(f"kind:{k}") for k in coop.kinds] + [Category(f"party:{c}") for c in coop.parties]
            + [Category(f"org:{o}") for o in coop.organisations])


def entry_from_row(row: ArticleRow, categories_base: str) -> Entry | None:
    """A clean entry for a stored article, or None (logged) when it has no usable URL."""
    url = absolute_url(row.url, row.url or "")
    if not url:
        logger.warning("article %r skipped in feeds: its URL is not an absolute http(s) URL", row.url)
        return None
    summary = plain_text(row.summary, SUMMARY_CHARS) or plain_text(row.body_text, SUMMARY_CHARS)
    title = plain_text(row.title, 300) or plain_text(summary, 80) or url
    enclosure = _enclosure(row.images, url)
    first_seen = as_utc(row.first_seen) or EPOCH
    # Undated pages: first availability is when we first saw them (the feed sorts by it too).
    published = as_utc(row.published) or first_seen
    updated = as_utc(row.updated) or published or first_seen
    if published is not None and updated < published:
        updated = published
    cats: list[Category] = []
    for tag in row.tags or []:
        term = plain_text(tag, 100)
        if term:
            cats.append(Category(term))
    if row.source:
        cats.append(Category(plain_text(row.source, 100), f"{categories_base}sources/"))
    for code in row.countries or []:
        term = plain_text(code, 10).upper()
        if term:
            cats.append(Category(term, f"{categories_base}countries/"))
    coop = cooperation_of(row)
    cats += _cooperation_categories(coop)
    unique = tuple(dict.fromkeys(c for c in cats if c.term))
    authors = tuple(dict.fromkeys(a for a in (plain_text(a, 200) for a in row.authors or []) if a))
    return Entry(
        id=url, link=url, title=title, summary=summary or title,
        content_html=_content(row, url, enclosure, summary or title),
        published=published, updated=updated, authors=authors, categories=unique, enclosure=enclosure,
        rights=plain_text(row.rights, 500) or None, language=language_tag(row.language),
        source=plain_text(row.source, 100) or None, first_seen=first_seen, cooperation=coop,
    )


def unique_updated(entries: Sequence[Entry]) -> list[Entry]:
    """Give every entry its own `updated` second (validators warn on ties), keeping feed order.

    Entries claim seconds in the order they were first seen, each taking the
    first free second at or after its own, so an entry keeps its time when
    newer entries arrive.
    """
    taken: set[datetime] = set()
    assigned: dict[int, datetime] = {}
    order = sorted(range(len(entries)), key=lambda i: (entries[i].first_seen, entries[i].updated, entries[i].id))
    for i in order:
        when = entries[i].updated
        while when in taken:
            when += timedelta(seconds=1)
        taken.add(when)
        assigned[i] = when
    return [e if e.updated == assigned[i] else replace(e, updated=assigned[i]) for i, e in enumerate(entries)]


def dedupe(entries: Sequence[Entry]) -> list[Entry]:
    """Drop repeated ids (first one wins)."""
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            out.append(entry)
    return out


def build_entries(rows: Sequence[ArticleRow], categories_base: str) -> list[Entry]:
    """Rows (newest first) to clean, unique entries in the same order."""
    entries = [e for e in (entry_from_row(r, categories_base) for r in rows) if e is not None]
    return unique_updated(dedupe(entries))


def feed_updated(entries: Sequence[Entry]) -> datetime:
    """The newest entry time; for an empty feed, the time it is built (never 1970-01-01, which readers show
    as the feed's date). A feed with entries stays deterministic: the same data gives the same bytes."""
    if not entries:
        return datetime.now(UTC).replace(microsecond=0)
    return max(e.updated for e in entries)
