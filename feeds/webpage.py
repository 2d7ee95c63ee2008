"""The reader's and operator's web page, as HTML pieces (pure functions: data in, escaped HTML out).

Shared by the published index page (`feeds.pages`) and the pages the server answers from the store
(`feeds.browse`: `search`, `story`). No JavaScript: a plain GET form whose fields are the feed filter
parameters (`feeds.params`), so the page's results and the feed URL it shows are the same query.
Every scraped value is escaped here; a Content-Security-Policy forbids any script.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from scraper.tagging.cooperation import KINDS

from .catalog import SITE_NAME
from .model import Entry
from .render import MEDIA_TYPES

SEARCH_PAGE = "search"
STORY_PAGE = "story"
FEED_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; form-action 'self'; "
       "base-uri 'none'")
"""No script of any kind runs on these pages, whatever an article's text holds."""

STYLE = """<style>
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;max-width:72em;margin:auto;padding:.8em;line-height:1.45;overflow-wrap:anywhere}
a{color:#0645ad}
nav a{margin-right:1em}
td,th{padding:.25em .5em;text-align:left;vertical-align:top}
table{border-collapse:collapse;width:100%;max-width:100%}
tr{border-bottom:1px solid #e3e3e3}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}
code{word-break:break-all}
small,.meta{color:#555}
form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:.5em;
 background:#f5f7fa;border:1px solid #dde3ea;padding:.7em;border-radius:.4em}
form.filters label{display:flex;flex-direction:column;font-size:.9em}
form.filters input,form.filters select,form.filters button{font:inherit;padding:.3em;min-width:0;max-width:100%}
form.filters .wide{grid-column:1/-1}
form.filters label.check{flex-direction:row;align-items:center;gap:.4em}
.feedurl{background:#eef4ff;border:1px solid #b6cdf5;padding:.5em .8em;border-radius:.4em}
.items{list-style:none;padding:0}
.items li{border-bottom:1px solid #e3e3e3;padding:.5em 0}
.tag{display:inline-block;background:#eef;border-radius:.3em;padding:0 .35em;margin-right:.2em;font-size:.85em}
.error{background:#fde2e1;border:1px solid #f5a8a5;padding:.5em .8em}
#source-health table{font-size:.85em;table-layout:auto}
tr[data-state=ok] td:first-child{border-left:.4em solid #2e8540}
tr[data-state=warning]{background:#fff3cd}tr[data-state=warning] td:first-child{border-left:.4em solid #c98a00}
tr[data-state=failing]{background:#fde2e1}tr[data-state=failing] td:first-child{border-left:.4em solid #c0392b}
tr[data-state=running] td:first-child{border-left:.4em solid #1f6feb}
tr[data-state=interrupted],tr[data-state=never]{background:#f2f2f2}
tr[data-state=interrupted] td:first-child,tr[data-state=never] td:first-child{border-left:.4em solid #888}
.state{font-weight:bold}
@media (max-width:50em){
 #source-health table,#source-health tbody,#source-health tr,#source-health td{display:block;width:100%}
 #source-health tr:first-child{display:none}
 #source-health td{padding:.1em .5em}
 #source-health td::before{content:attr(data-label) ": ";color:#555}
 #source-health tr{margin-bottom:.6em}
 #feeds td{display:block;padding:.1em .3em}
}
</style>"""


@dataclass(frozen=True)
class Choices:
    """Values the store holds, offered by the search form (empty: free text fields)."""

    sources: Sequence[tuple[str, str]] = ()
    """(source id, publisher name)"""
    languages: Sequence[str] = ()
    countries: Sequence[str] = ()


@dataclass(frozen=True)
class SearchResult:
    """What the search page shows: the submitted values, the canonical query and its entries, or the problem."""

    values: Mapping[str, str] = field(default_factory=dict)
    query: str = ""
    entries: Sequence[Entry] = ()
    error: str | None = None


def e(value: object) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def head(title: str, extra: Sequence[str] = ()) -> list[str]:
    """The document start: charset, viewport, CSP, title, `extra` head lines and the style sheet."""
    return ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">', '<link rel="icon" href="data:,">',
            f"<title>{e(title)}</title>",
            *extra, STYLE, "</head>", "<body>"]


def nav() -> str:
    """Links to the index and the search page (relative: they work at any public address)."""
    return (f'<nav><a href="index.html">{e(SITE_NAME)}: all feeds</a>'
            f'<a href="{SEARCH_PAGE}">Search and filter</a><a href="index.html#source-health">Source health</a></nav>')


def story_href(entry_id: str) -> str:
    return f"{STORY_PAGE}?{urlencode({'id': entry_id})}"


def _field(label: str, name: str, value: str, *, kind: str = "text", placeholder: str = "",
           options: Sequence[tuple[str, str]] | None = None) -> str:
    if options is not None:
        opts = ['<option value="">any</option>'] + [
            f'<option value="{e(v)}"{" selected" if v == value else ""}>{e(text)}</option>' for v, text in options]
        if value and value not in {v for v, _t in options}:
            opts.append(f'<option value="{e(value)}" selected>{e(value)}</option>')
        return f'<label>{e(label)}<select name="{name}">{"".join(opts)}</select></label>'
    hint = f' placeholder="{e(placeholder)}"' if placeholder else ""
    return f'<label>{e(label)}<input type="{kind}" name="{name}" value="{e(value)}"{hint}></label>'


def search_form(values: Mapping[str, str], choices: Choices | None = None) -> str:
    """The GET form of the search page; its field names are the feed filter parameters."""
    c = choices or Choices()
    source_options = [(sid, f"{name} ({sid})" if name != sid else sid) for sid, name in c.sources] or None
    fields = [
        _field("Words (title or text)", "q", values.get("q", ""), kind="search", placeholder="frigate"),
        _field("Country (about or publisher)", "country", values.get("country", ""), placeholder="IT or AZ,IT"),
        _field("Pair of countries", "pair", values.get("pair", ""), placeholder="AZ-IT"),
        _field("Kind of cooperation", "kind", values.get("kind", ""),
               options=[(kind, kind.replace("_", " ")) for kind in KINDS]),
        _field("Source", "source", values.get("source", ""), options=source_options),
        _field("Language", "lang", values.get("lang", ""),
               options=[(lang, lang) for lang in c.languages] or None, placeholder="it"),
        _field("Since (date)", "since", values.get("since", "")[:10], kind="date"),
        _field("At most", "limit", values.get("limit", ""), kind="number", placeholder="50"),
        '<label class="check"><input type="checkbox" name="cooperation" value="1"'
        f'{" checked" if values.get("cooperation") else ""}> Cooperation only</label>',
    ]
    if c.countries:
        fields.append('<datalist id="countries">' + "".join(f'<option value="{e(x)}">' for x in c.countries)
                      + "</datalist>")
        fields[1] = fields[1].replace('name="country"', 'name="country" list="countries"')
    return (f'<form class="filters" method="get" action="{SEARCH_PAGE}" role="search">' + "".join(fields)
            + '<p class="wide"><button type="submit">Search</button> <a href="search">Clear</a></p></form>')


def feed_links(base_url: str, query: str, slug: str = "all") -> str:
    """The feed URLs of a filter, shown in full, with one subscribe link per format."""
    suffix = f"?{query}" if query else ""
    url = f"{base_url}{slug}.atom{suffix}"
    links = " · ".join(f'<a href="{e(f"{base_url}{slug}.{fmt}{suffix}")}" type="{MEDIA_TYPES[fmt]}" '
                       f'rel="alternate">Subscribe ({label})</a>' for fmt, label in FEED_LABELS.items())
    return (f'<div class="feedurl"><p>Feed of this search: <code id="feed-url">{e(url)}</code></p>'
            f"<p>{links}</p></div>")


def entry_meta(entry: Entry, names: Mapping[str, str]) -> str:
    """Date, source, parties, primary kind of one entry (escaped)."""
    when = (entry.published or entry.updated).date().isoformat()
    bits = [e(when)]
    if entry.source:
        bits.append(f'<span class="source">{e(names.get(entry.source) or entry.source)}</span>')
    coop = entry.cooperation
    if coop.parties:
        bits.append('<span class="parties">' + " ".join(f'<span class="tag">{e(p)}</span>' for p in coop.parties)
                    + "</span>")
    if coop.primary_kind:
        bits.append(f'<span class="kind tag">{e(coop.primary_kind)}</span>')
    return " · ".join(bits)


def entry_item(entry: Entry, names: Mapping[str, str]) -> str:
    """One list item: title (to the article), meta line, "also reported by" with the story link, summary."""
    also = ""
    if entry.related:
        others = ", ".join(f'<a href="{e(r.url)}">{e(r.publisher or r.source or r.url)}</a>' for r in entry.related)
        also = (f'<br><small class="also">Also reported by {others} · <a href="{e(story_href(entry.id))}">'
                f"story: {len(entry.related) + 1} reports</a></small>")
    return (f'<li><a class="title" href="{e(entry.link)}">{e(entry.title)}</a><br>'
            f'<small class="meta">{entry_meta(entry, names)}</small>{also}<br>{e(entry.summary)}</li>')


def entry_list(entries: Sequence[Entry], names: Mapping[str, str]) -> list[str]:
    if not entries:
        return ['<p class="empty">No items.</p>']
    return ['<ul class="items">', *(entry_item(x, names) for x in entries), "</ul>"]


def render_search(base_url: str, result: SearchResult, choices: Choices, names: Mapping[str, str]) -> bytes:
    """The search page: the form with the submitted values, the feed URL of the filter and its items."""
    suffix = f"?{result.query}" if result.query else ""
    alternates = [f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" title="{e(label)}" '
                  f'href="{e(f"{base_url}all.{fmt}{suffix}")}">'
                  for fmt, label in FEED_LABELS.items()] if result.error is None else []
    body = head(f"{SITE_NAME}: search", alternates) + [
        nav(), "<h1>Search and filter</h1>", search_form(result.values, choices)]
    if result.error is not None:
        body.append(f'<p class="error" role="alert">{e(result.error)}</p>')
    else:
        count = len(result.entries)
        body += [feed_links(base_url, result.query),
                 f'<h2>{count} item{"" if count == 1 else "s"}, newest first</h2>',
                 *entry_list(result.entries, names)]
    body += ["</body>", "</html>", ""]
    return "\n".join(body).encode("utf-8")


def render_story(reports: Sequence[Entry], names: Mapping[str, str]) -> bytes:
    """One story: its first report (whose title heads the page) and every other report of the same event,
    each with its date, source, parties and kind (an empty `reports`: a not-found note)."""
    if not reports:
        body = head(f"{SITE_NAME}: story not found") + [
            nav(), "<h1>Story not found</h1>",
            "<p>No stored article has this address; it may be older than the feeds keep.</p>"]
    else:
        lead = reports[0]
        items = [f'<li><a href="{e(r.link)}">{e(r.title)}</a><br><small class="meta">{entry_meta(r, names)}'
                 f'{" · first seen" if r is lead else ""}</small><br>{e(r.summary)}</li>' for r in reports]
        body = head(f"{SITE_NAME}: {lead.title}") + [
            nav(), f"<h1>{e(lead.title)}</h1>",
            f'<h2>{len(reports)} report{"" if len(reports) == 1 else "s"} of this story</h2>',
            '<ul class="items reports">', *items, "</ul>"]
    body += ["</body>", "</html>", ""]
    return "\n".join(body).encode("utf-8")


def state_name(state: object) -> str:
    """A health row's state as one word for its colour ("warning: no article links" -> warning)."""
    words = str(state or "").split(":")[0].split("(")[0].split()
    return words[0].lower() if words else ""
