"""Rendering: the only module that calls feedgen (RSS 2.0, Atom 1.0); JSON Feed 1.1 lives in `jsonfeed`.

Every known feedgen trap is handled here or in the model (`model`) that feeds it:

- Atom entry links lose rel/type/length: `_WholeLinksEntry` writes them itself.
- Each format gets its own absolute rel=self link, added before the site link
  (RSS `<link>` is the last `link()` call): one generator serves RSS and Atom, its
  links replaced (`link(..., replace=True)`) before each serialisation.
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
  The shared entry holds the text; its RSS element is escaped when it is built (`_WholeLinksEntry`).
- WebSub: a hub link (`rel="hub"`) in Atom, and as `atom:link` in RSS (`_HubLinksGenerator`: feedgen
  keeps only rel="self" there).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension
from feedgen.ext.media import MediaEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from . import jsonfeed
from .entry_cache import EntryCache, entry_key
from .model import Entry, FeedDoc

logger = logging.getLogger(__name__)

FORMATS = ("rss", "atom", "json")
MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


class _WholeLinksEntry(FeedEntry):
    """A FeedEntry whose Atom links keep rel, type and length (feedgen 1.0 drops them).

    Its RSS item and Atom entry elements are built once, on the first serialisation of its feed.
    """

    def __init__(self) -> None:
        super().__init__()
        self.whole_links: list[dict[str, str]] = []
        self._built: dict[str, Any] = {}

    def atom_entry(self, extensions: bool = True) -> Any:
        if "atom" in self._built:
            return self._built["atom"]
        entry = super().atom_entry(extensions=extensions)
        for link in entry.findall("link"):
            entry.remove(link)
        for attrs in self.whole_links:
            etree.SubElement(entry, "link", **{k: v for k, v in attrs.items() if v})
        self._built["atom"] = entry
        return entry

    def rss_entry(self, extensions: bool = True) -> Any:
        if "rss" not in self._built:
            entry = super().rss_entry(extensions=extensions)
            for name in ("title", "description"):  # text, HTML-escaped once for RSS (module docstring)
                element = entry.find(name)
                if element is not None and element.text:
                    element.text = _text(element.text, "rss")
            self._built["rss"] = entry
        return self._built["rss"]


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


def _for_format(fg: FeedGenerator, doc: FeedDoc, fmt: str) -> None:
    """What differs between the RSS and the Atom of one feed: title and subtitle text, and the links."""
    fg.title(_text(doc.title, fmt))
    fg.subtitle(_text(doc.description, fmt))  # also the RSS description
    _links(fg, doc, fmt)


def _links(fg: FeedGenerator, doc: FeedDoc, fmt: str) -> None:
    """The feed's links for `fmt`: its own rel=self first, the WebSub hub, the site link last (the RSS
    `<link>`)."""
    links = [{"href": doc.self_urls[fmt], "rel": "self", "type": MEDIA_TYPES[fmt]}]
    if doc.hub:
        links.append({"href": doc.hub, "rel": "hub"})
    if fmt == "atom":
        links += [{"href": url, "rel": "alternate", "type": MEDIA_TYPES.get(other, "text/html")}
                  for other, url in sorted(doc.alternates.items()) if other != fmt]
    links.append({"href": doc.site_url, "rel": "alternate", "type": "text/html"})
    fg.link(links, replace=True)


def _generator(doc: FeedDoc, fmt: str) -> FeedGenerator:
    fg = _HubLinksGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # Atom has author and rights of its own
    fg.load_extension("media")
    fg.id(doc.id)
    fg.author(name=doc.author, uri=doc.site_url)
    _for_format(fg, doc, fmt)
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


def _feed_entry(item: Entry) -> _WholeLinksEntry:
    fe = _WholeLinksEntry()
    # The generator's extensions, registered on the entry itself (adding it to a generator then skips them).
    fe.register_extension("dc", DcEntryExtension, atom=False, rss=True)
    fe.register_extension("media", MediaEntryExtension, atom=True, rss=True)
    fe.guid(item.id, permalink=True)
    fe.title(item.title)
    fe.link(href=item.link, rel="alternate", type="text/html")
    fe.whole_links.append({"href": item.link, "rel": "alternate", "type": "text/html"})
    fe.summary(item.summary)  # also the RSS <description>
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
    return fe


_ENTRY_START = {"rss": b"\n    <item>", "atom": b"\n  <entry>"}
"""How each entry element of a pretty-printed feed starts (entry text is escaped: `<` never occurs in it)."""


def _serialise(fg: FeedGenerator, fmt: str) -> bytes:
    if fmt == "rss":
        return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _entries_end(data: bytes, fmt: str, hub: bool) -> int:
    """Where the entries of a serialised feed end (and, in a feed without entries, where they go): before the
    RSS channel's hub link (`_HubLinksGenerator` adds it after the items) or the end of the channel; before
    the end of the Atom feed."""
    if fmt == "atom":
        return data.rindex(b"\n</feed>")
    end = data.rindex(b"\n  </channel>")
    return data.rindex(b"\n    <atom:link ", 0, end) if hub else end


class Renderer:
    """Renders feeds: each entry is serialised once per run in each format and spliced into every feed it
    appears in, whose own elements come from a generator without entries.

    An entry's RSS item and Atom entry are cut from feedgen's pretty-printed output of a feed holding the entries
    not yet rendered (one generator for both formats): every entry element sits at the same depth in every
    feed and its text is escaped, so the bytes of a feed are those of one generator holding all its entries
    (`tests/test_feeds_render.py` checks this on hostile entries). Its JSON Feed item is made once the same way.

    One instance per publish run (or server answer); `forget` drops an entry's texts after its last feed.
    Only bytes are kept: feedgen entries kept from feed to feed held their lxml elements and, through them,
    the documents of the feeds they had been moved through (365 MB against 192 MB at 10,000 stored;
    docs/performance.md). The serialised RSS and Atom entries are kept up to `budget` bytes, the oldest
    dropped first (rendered again if a later feed shows them): kept until their last feed they took a full
    publish of 10,000 stored from 193 to 228 MB. With `cache` (`feeds.entry_cache`, a publish), an entry's
    forms rendered by an earlier run are taken from it, and the forms rendered now are kept there.
    """

    XML_BUDGET = 16_000_000
    """Bytes of serialised RSS items and Atom entries a run keeps for the feeds still to render."""

    def __init__(self, budget: int = XML_BUDGET, cache: EntryCache | None = None) -> None:
        self._cache = cache
        self._json: dict[Entry, str] = {}
        self._xml: dict[Entry, dict[str, bytes]] = {}
        """In the order rendered: the oldest first out when `_xml_bytes` passes `budget`."""
        self._xml_bytes = 0
        self._budget = budget
        self._variants: dict[str, set[Entry]] = {}

    def json_item(self, item: Entry) -> str:
        text = self._json.get(item)
        if text is None:
            text = self._json[item] = jsonfeed.item_text(item)
            self._variants.setdefault(item.id, set()).add(item)
            if self._cache is not None:
                self._cache.keep_fragments({(entry_key(item), "json"): text.encode()})
        return text

    def _load_kept(self, entries: Sequence[Entry], formats: Sequence[str]) -> None:
        """Take the forms in `formats` of `entries` not rendered in this run from the cache."""
        if self._cache is None:
            return
        missing = [e for e in dict.fromkeys(entries)
                   if any((e not in self._json) if f == "json" else (f not in self._xml.get(e, {})) for f in formats)]
        if not missing:
            return
        kept = self._cache.fragments(entry_key(e) for e in missing)
        for item in missing:
            parts = kept.get(entry_key(item), {})
            for fmt in formats:
                data = parts.get(fmt)
                if data is None:
                    continue
                if fmt == "json":
                    self._json.setdefault(item, data.decode())
                elif fmt not in self._xml.get(item, {}):
                    self._xml.setdefault(item, {})[fmt] = data
                    self._xml_bytes += len(data)
                self._variants.setdefault(item.id, set()).add(item)

    def forget(self, entry_id: str) -> None:
        """Drop what was rendered for the entry `entry_id` (no feed still to render shows it)."""
        for item in self._variants.pop(entry_id, ()):
            self._json.pop(item, None)
            self._drop_xml(item)

    def _drop_xml(self, item: Entry) -> None:
        self._xml_bytes -= sum(len(data) for data in self._xml.pop(item, {}).values())

    def _fragments(self, doc: FeedDoc, entries: Sequence[Entry], formats: Sequence[str]) -> None:
        """Serialise the entries not rendered yet in `formats` (RSS, Atom): one generator holds them all."""
        missing = [e for e in dict.fromkeys(entries) if any(f not in self._xml.get(e, {}) for f in formats)]
        if not missing:
            return
        fg = None
        for fmt in formats:
            if fg is None:
                fg = _generator(doc, fmt)
                for item in missing:
                    fg.add_entry(_feed_entry(item), order="append")
            else:
                _for_format(fg, doc, fmt)
            data = _serialise(fg, fmt)
            marker = _ENTRY_START[fmt]
            start = data.find(marker)
            parts = data[start:_entries_end(data, fmt, bool(doc.hub))].split(marker)[1:]
            if start < 0 or len(parts) != len(missing):
                raise AssertionError(f"{len(missing)} {fmt} entries serialised as {len(parts)} elements")
            for item, part in zip(missing, parts, strict=True):
                self._xml.setdefault(item, {})[fmt] = marker + part
                self._xml_bytes += len(marker) + len(part)
                self._variants.setdefault(item.id, set()).add(item)
            if self._cache is not None:
                self._cache.keep_fragments({(entry_key(item), fmt): self._xml[item][fmt] for item in missing})

    def _within_budget(self, keep: Sequence[Entry]) -> None:
        """Drop the oldest serialised entries, but not those of `keep` (the feed being rendered), while over budget."""
        excess = self._xml_bytes - self._budget
        if excess <= 0:
            return
        wanted, oldest = set(keep), []
        for item, parts in self._xml.items():  # oldest first; stops once enough is found
            if item not in wanted:
                oldest.append(item)
                excess -= sum(len(data) for data in parts.values())
                if excess <= 0:
                    break
        for item in oldest:
            self._drop_xml(item)

    def render(self, doc: FeedDoc, entries: Sequence[Entry], formats: Iterable[str] = FORMATS) -> dict[str, bytes]:
        """Bytes of the feed in each of `formats` (of `FORMATS`)."""
        wanted = list(formats)
        for fmt in wanted:
            if fmt not in FORMATS:
                raise ValueError(f"unknown feed format {fmt!r}; expected one of {', '.join(FORMATS)}")
        self._load_kept(entries, wanted)
        self._fragments(doc, entries, [f for f in wanted if f != "json"])
        files: dict[str, bytes] = {}
        fg = None
        for fmt in wanted:
            if fmt == "json":
                files[fmt] = jsonfeed.render_json(doc, entries, self.json_item)
                continue
            if fg is None:
                fg = _generator(doc, fmt)
            else:
                _for_format(fg, doc, fmt)
            head = _serialise(fg, fmt)
            at = _entries_end(head, fmt, bool(doc.hub))
            files[fmt] = b"".join([head[:at], *(self._xml[e][fmt] for e in entries), head[at:]])
        self._within_budget(entries)
        return files


def render_rss(doc: FeedDoc, entries: Sequence[Entry]) -> bytes:
    """RSS 2.0 bytes (UTF-8, pretty-printed, deterministic)."""
    return Renderer().render(doc, entries, ("rss",))["rss"]


def render_atom(doc: FeedDoc, entries: Sequence[Entry]) -> bytes:
    """Atom 1.0 bytes (UTF-8, pretty-printed, deterministic)."""
    return Renderer().render(doc, entries, ("atom",))["atom"]


def render(doc: FeedDoc, entries: Sequence[Entry], fmt: str) -> bytes:
    """Bytes of the feed in `fmt` (one of `FORMATS`)."""
    return Renderer().render(doc, entries, (fmt,))[fmt]
