"""Item types that flow from spiders through pipelines into the store, all dataclasses.

`PageItem` is what a spider yields (a fetched page plus navigation hints);
`Article` is the normalised record that every later stage works on;
`FetchedArticle` carries an `Article` through the pipelines with the URL its page was fetched from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Image:
    """An image belonging to an article (the first one is the lead image)."""

    url: str
    caption: str | None = None
    credit: str | None = None
    mime_type: str | None = None
    length: int | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class Article:
    """A normalised article record.

    Datetimes are always timezone-aware. Text fields hold clean Unicode
    (no control characters, no lone surrogates). `body_html` is sanitised,
    allow-list HTML with absolute URLs.
    """

    url: str
    source: str | None = None
    title: str = ""
    summary: str = ""
    body_text: str = ""
    body_html: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    images: list[Image] = field(default_factory=list)
    rights: str | None = None
    tags: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    """Every country the article names (parties first is not implied; sorted ISO 3166-1 alpha-2)."""
    parties: list[str] = field(default_factory=list)
    """Countries that are parties to the cooperation the article reports (they act in it)."""
    mentioned: list[str] = field(default_factory=list)
    """Countries named only in passing (background, lists, past events)."""
    cooperation: list[str] = field(default_factory=list)
    """Cooperation kinds, the main event (`primary_kind`) first, then secondary kinds."""
    primary_kind: str | None = None
    """The main event: staff_talks, agreement, visit, exercise, training, industry or multilateral."""
    organisations: list[str] = field(default_factory=list)
    """International organisations involved (NATO, EU, OSCE, UN, ...)."""
    cooperation_score: float = 0.0
    """Confidence in [0, 1] that the article reports defence cooperation."""
    content_hash: str = ""
    story_features: tuple[str, bytes] | None = field(default=None, repr=False, compare=False)
    """(feature key, `StoryFeatures` bytes) of the text, computed by the crawl where the tagger is loaded
    (`scraper.tagging.stories.features_record`) and kept by the store for story grouping; not part of
    the record (`to_dict` leaves it out)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 strings)."""
        data = dataclasses.asdict(self)
        del data["story_features"]
        for key in ("published", "updated"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of `to_dict`."""
        values = dict(data)
        for key in ("published", "updated"):
            if isinstance(values.get(key), str):
                values[key] = datetime.fromisoformat(values[key])
        values["images"] = [
            img if isinstance(img, Image) else Image(**img) for img in values.get("images") or []
        ]
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass
class PageItem:
    """A fetched article page, as yielded by a spider.

    `hints` carries what the listing, feed entry or news sitemap said about the
    page (title, published, updated, summary, language, ...) and the HTTP
    charset (`encoding`); normalisation uses them when the page itself is silent.
    """

    url: str
    body: bytes = field(repr=False)
    source: str = ""
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass
class FetchedArticle:
    """A normalised article and the URL its page was fetched from (it may differ from `article.url`)."""

    article: Article
    fetched_url: str
    tagged: bool = False
    """Tagged already (by a page worker process, with the page)."""
