"""The `Source` record: one entry of the source catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["html", "feed", "sitemap"]
SOURCE_KINDS: tuple[str, ...] = ("html", "feed", "sitemap")

SELECTOR_FIELDS: tuple[str, ...] = (
    "title", "summary", "body", "published", "updated", "authors", "tags", "image", "rights",
)


@dataclass(frozen=True)
class Source:
    """A news source; each one becomes a spider named by its `id`.

    `selectors` maps an article field (one of `SELECTOR_FIELDS`) to a CSS
    selector that wins over every generic signal for that field.
    """

    id: str
    name: str
    kind: SourceKind
    start_urls: tuple[str, ...]
    country: str | None = None
    language: str | None = None
    languages: tuple[str, ...] = ()
    article_pattern: str | None = None
    """Regular expression (searched in absolute URLs) that article links match."""
    next_page: str | None = None
    """CSS selector of the next listing page link (html kind)."""
    max_pages: int = 5
    max_articles: int | None = None
    allowed_domains: tuple[str, ...] = ()
    selectors: dict[str, str] = field(default_factory=dict)
    schedule: dict[str, object] = field(default_factory=dict)
    """Either {"interval": seconds} or {"cron": "m h dom mon dow"}; empty: the default interval."""
    timezone: str | None = None
    """IANA time zone of the publisher (e.g. "Asia/Baku"): for page times written without an offset."""
    enabled: bool = True
    origin: str = "built-in"
    """The catalog file this entry came from (for messages)."""
