"""RSS/Atom sources: each entry's page is fetched; the entry's fields are kept as hints."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
from scrapy.http import Response

from .base import CatalogSpider


def _entry_time(entry: Any, key: str) -> datetime | None:
    parsed = entry.get(f"{key}_parsed")
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError):
        return None


def entry_hints(entry: Any, feed_language: str | None) -> dict[str, Any]:
    """What a feed entry says about its article."""
    hints: dict[str, Any] = {}
    if entry.get("title"):
        hints["title"] = entry["title"]
    if entry.get("summary"):
        hints["summary"] = entry["summary"]
    for key in ("published", "updated"):
        value = _entry_time(entry, key)
        if value is not None:
            hints[key] = value
    authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    if authors:
        hints["authors"] = authors
    tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
    if tags:
        hints["tags"] = tags
    if feed_language:
        hints["language"] = feed_language
    return hints


class FeedSourceSpider(CatalogSpider):
    """Reads RSS/Atom feeds (`kind = "feed"`)."""

    def parse_start(self, response: Response) -> Any:
        body = self.document_body(response, "feed")
        if body is None:
            return
        parsed = feedparser.parse(body, response_headers={
            "content-type": response.headers.get("Content-Type", b"").decode("latin-1"),
        })
        if not parsed.entries and parsed.get("bozo"):
            content_type = response.headers.get("Content-Type", b"?").decode("latin-1")
            self.logger.error("not a readable feed: %s (Content-Type %s): %s", response.url, content_type,
                              parsed.get("bozo_exception"))
            return
        self.note_start_ok()
        language = parsed.feed.get("language")
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            url = response.urljoin(link)
            if urlsplit(url).scheme not in ("http", "https"):  # feedparser offers the entry id (tag:...) as link
                self.logger.warning("feed %s: entry link %r is not a web page; skipped", response.url, url)
                continue
            if self.article_re is not None and not self.article_re.search(url):
                continue
            hints = entry_hints(entry, language)
            yield self.article_request(url, hints, lastmod=hints.get("updated"))
        self.logger.info("feed %s: %d entries", response.url, len(parsed.entries))
