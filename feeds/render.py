"""Rendering: the only module that calls feedgen (RSS 2.0, Atom 1.0); JSON Feed 1.1 lives in `jsonfeed`.

Every known feedgen trap is handled here or in the model (`model`) that feeds it:

- Atom entry links lose rel/type/length: `_WholeLinksEntry` writes them itself.
- One FeedGenerator per format, each with its own absolute rel=self link, added
  before the site link (RSS `<link>` is the last `link()` call).
- `content(type='html')` (never CDATA/xhtml) plus a summary, so RSS carries
  `<content:encoded>` and `<description>` is plain text.
- guid = canonical URL with `isPermaLink="true"`; authors as `dc:creator`
  (RSS drops e-mail-less authors); a feed-level author for Atom.
- Enclosure lengths as strings (`'0'` when unknown), MIME type always set.
- `updated`/`lastBuildDate` and every entry date set from the data (never now()),
  entries added with `order='append'` so newest-first input stays newest first.
- Text is already XML-safe, URLs absolute, dates aware UTC (see `entries`).
- Titles and summaries are text (`clean.plain_text`). Atom titles and summaries are text elements,
  escaped once by XML. RSS leaves it to readers whether a title or description is HTML (feedparser takes
  a title for HTML when it "looks like" HTML, `</p>`, and every reader takes the description for HTML),
  so in RSS both are HTML-escaped once: "a </b> & c" shows as written, and no text becomes markup.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from . import jsonfeed
from .model import Entry, FeedDoc

logger = logging.getLogger(__name__)

FORMATS = ("rss", "atom", "json")
MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


class _WholeLinksEntry(FeedEntry):
    """A FeedEntry whose Atom links keep rel, type and length (feedgen 1.0 drops them)."""

    def __init__(self) -> None:
        super().__init__()
        self.whole_links: list[dict[str, str]] = []

    def atom_entry(self, extensions: bool = True) -> Any:
        entry = super().atom_entry(extensions=extensions)
        for link in entry.findall("link"):
            entry.remove(link)
        for attrs in self.whole_links:
            etree.SubElement(entry, "link", **{k: v for k, v in attrs.items() if v})
        return entry


def _text(value: str, fmt: str) -> str:
    """Text for a title or summary element of `fmt` (see the module docstring: HTML-escaped for RSS)."""
    return html.escape(value, quote=False) if fmt == "rss" else value


class _HubLinksGenerator(FeedGenerator):
    """A FeedGenerator whose RSS keeps rel="hub" links as atom:link (feedgen 1.0 keeps only rel="self")."""

    def _create_rss(self, extensions: bool = True) -> Any:
        feed, doc = super()._create_rss(extensions=extensions)
        channel = feed.find("channel")
        for ln in self.link():
            if ln.get("rel") == "hub":
                etree.SubElement(channel, "{http://www.w3.org/2005/Atom}link", href=ln["href"], rel="hub")
        return feed, doc


def _generator(doc: FeedDoc, fmt: str) -> FeedGenerator:
    fg = _HubLinksGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # Atom has author and rights of its own
    fg.load_extension("media")
    fg.id(doc.id)
    fg.title(_text(doc.title, fmt))
    fg.subtitle(_text(doc.description, fmt))  # also the RSS description
    fg.author(name=doc.author, uri=doc.site_url)
    fg.link(href=doc.self_urls[fmt], rel="self", type=MEDIA_TYPES[fmt])
    if doc.hub:
        fg.link(href=doc.hub, rel="hub")  # WebSub; RSS gets it as atom:link
    for other, url in sorted(doc.alternates.items()):
        if other != fmt and fmt == "atom":
            fg.link(href=url, rel="alternate", type=MEDIA_TYPES.get(other, "text/html"))
    fg.link(href=doc.site_url, rel="alternate", type="text/html")  # last: the RSS <link>
    if doc.language:
        fg.language(doc.language)
    fg.generator(doc.generator, version=doc.generator_version, uri=doc.generator_uri)
    if doc.icon:
        fg.icon(doc.icon)
    if doc.logo:
        fg.logo(doc.logo)
    fg.updated(doc.updated)
    fg.lastBuildDate(doc.updated)
    return fg


def _add_entry(fg: FeedGenerator, item: Entry, fmt: str) -> None:
    fe = _WholeLinksEntry()
    fg.add_entry(fe, order="append")  # registers the extensions on the entry
    fe.guid(item.id, permalink=True)
    fe.title(_text(item.title, fmt))
    fe.link(href=item.link, rel="alternate", type="text/html")
    fe.whole_links.append({"href": item.link, "rel": "alternate", "type": "text/html"})
    fe.summary(_text(item.summary, fmt))  # also the RSS <description>
    fe.content(item.content_html, type="html")
    if item.published is not None:
        fe.published(item.published)
    fe.updated(item.updated)
    for name in item.authors:
        fe.author(name=name)
        fe.dc.dc_creator(name)
    for cat in item.categories:
        fe.category(term=cat.term, scheme=cat.scheme) if cat.scheme else fe.category(term=cat.term)
    if item.rights:
        fe.rights(item.rights)
        fe.dc.dc_rights(item.rights)
    enc = item.enclosure
    if enc is not None:
        length = str(enc.length) if enc.length else "0"
        fe.enclosure(enc.url, length, enc.mime_type)
        fe.whole_links.append({"href": enc.url, "rel": "enclosure", "type": enc.mime_type,
                               "length": str(enc.length) if enc.length else ""})
        media: dict[str, Any] = {"url": enc.url, "type": enc.mime_type, "medium": "image", "group": None}
        for key, value in (("fileSize", enc.length), ("width", enc.width), ("height", enc.height)):
            if value:
                media[key] = str(value)
        fe.media.content(media)


def _build(doc: FeedDoc, entries: Sequence[Entry], fmt: str) -> FeedGenerator:
    fg = _generator(doc, fmt)
    for item in entries:
        _add_entry(fg, item, fmt)
    return fg


def render_rss(doc: FeedDoc, entries: Sequence[Entry]) -> bytes:
    """RSS 2.0 bytes (UTF-8, pretty-printed, deterministic)."""
    return _build(doc, entries, "rss").rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def render_atom(doc: FeedDoc, entries: Sequence[Entry]) -> bytes:
    """Atom 1.0 bytes (UTF-8, pretty-printed, deterministic)."""
    return _build(doc, entries, "atom").atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def render(doc: FeedDoc, entries: Sequence[Entry], fmt: str) -> bytes:
    """Bytes of the feed in `fmt` (one of `FORMATS`)."""
    if fmt == "rss":
        return render_rss(doc, entries)
    if fmt == "atom":
        return render_atom(doc, entries)
    if fmt == "json":
        return jsonfeed.render_json(doc, entries)
    raise ValueError(f"unknown feed format {fmt!r}; expected one of {', '.join(FORMATS)}")
