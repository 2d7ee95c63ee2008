"""JSON Feed 1.1 rendering (https://jsonfeed.org/version/1.1), written directly: sorted keys, deterministic."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from .model import Entry, FeedDoc

VERSION = "https://jsonfeed.org/version/1.1"


def _item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry.id,
        "url": entry.link,
        "title": entry.title,
        "summary": entry.summary,
        "content_html": entry.content_html,
        "date_modified": entry.updated.isoformat(),
    }
    if entry.published is not None:
        item["date_published"] = entry.published.isoformat()
    if entry.authors:
        item["authors"] = [{"name": name} for name in entry.authors]
    tags = [c.term for c in entry.categories]
    if tags:
        item["tags"] = tags
    if entry.language:
        item["language"] = entry.language
    if entry.enclosure is not None:
        enc = entry.enclosure
        item["image"] = enc.url
        attachment: dict[str, Any] = {"url": enc.url, "mime_type": enc.mime_type}
        if enc.length:
            attachment["size_in_bytes"] = enc.length
        if enc.caption:
            attachment["title"] = enc.caption
        item["attachments"] = [attachment]
    extra: dict[str, Any] = {k: v for k, v in (("rights", entry.rights), ("source", entry.source)) if v}
    coop = entry.cooperation
    extra.update(parties=list(coop.parties), mentioned=list(coop.mentioned), primary_kind=coop.primary_kind,
                 kinds=list(coop.kinds), organisations=list(coop.organisations), cooperation_score=coop.score)
    if entry.related:
        extra["also_reported_by"] = [
            {"url": r.url, "title": r.title, "publisher": r.publisher, "source": r.source,
             "date_published": r.published.isoformat()}
            for r in entry.related
        ]
    item["_attache"] = extra
    return item


def feed_object(doc: FeedDoc, entries: Sequence[Entry]) -> dict[str, Any]:
    """The JSON Feed 1.1 document as a dict."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": doc.title,
        "description": doc.description,
        "home_page_url": doc.site_url,
        "feed_url": doc.self_urls["json"],
        "authors": [{"name": doc.author, "url": doc.site_url}],
        "items": [_item(e) for e in entries],
        "_attache": {"updated": doc.updated.isoformat()},
    }
    if doc.language:
        feed["language"] = doc.language
    if doc.hub:
        feed["hubs"] = [{"type": "WebSub", "url": doc.hub}]
    if doc.logo:
        feed["icon"] = doc.logo
    if doc.icon:
        feed["favicon"] = doc.icon
    return feed


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


def item_text(entry: Entry) -> str:
    """One item as it appears in the document's `items` list (indented for its place there)."""
    return "    " + _dumps(_item(entry)).replace("\n", "\n    ")


def render_json(doc: FeedDoc, entries: Sequence[Entry], items: Callable[[Entry], str] = item_text) -> bytes:
    """JSON Feed 1.1 bytes (UTF-8, sorted keys, two-space indent, final newline).

    Each item is serialised by `items` (a per-run cache may stand in for `item_text`) and set into
    the document, giving the bytes `json.dumps` of the whole document gives."""
    text = _dumps(feed_object(doc, []))
    if entries:
        listed = ",\n".join(items(e) for e in entries)
        head, marker, tail = text.partition('"items": []')
        if not marker:
            raise AssertionError("JSON Feed document without its items list")
        text = f'{head}"items": [\n{listed}\n  ]{tail}'
    return (text + "\n").encode("utf-8")
