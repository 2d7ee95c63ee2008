"""Google News sitemap fields, which Scrapy's sitemap parser reduces to empty text.

`news_fields(body)` maps each `<loc>` to its `<news:news>` data (title,
publication date, language, keywords) so they can travel as article hints.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import lxml.etree

from ..normalise.dates import sitemap_date

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def news_fields(body: bytes) -> dict[str, dict[str, Any]]:
    """{article URL: hints} for every `<url>` that carries a `<news:news>` block."""
    result: dict[str, dict[str, Any]] = {}
    if NEWS_NS.encode() not in body:
        return result
    events = lxml.etree.iterparse(
        BytesIO(body), events=("end",), tag="{*}url", recover=True, resolve_entities=False,
        remove_comments=True, remove_pis=True, no_network=True,
    )
    for _, url_el in events:
        loc = next((c.text.strip() for c in url_el if _local(c.tag) == "loc" and c.text), None)
        news = next((c for c in url_el if c.tag == f"{{{NEWS_NS}}}news"), None)
        if loc and news is not None:
            result[loc] = _hints(news)
        url_el.clear()
    return result


def _hints(news: Any) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    for el in news.iter():
        name = _local(el.tag)
        text = (el.text or "").strip()
        if not text:
            continue
        if name == "title":
            hints["title"] = text
        elif name == "publication_date":
            parsed = sitemap_date(text)
            if parsed is not None:
                hints["published"] = parsed
        elif name == "language":
            hints["language"] = text
        elif name == "keywords":
            hints["tags"] = [k.strip() for k in text.split(",") if k.strip()]
        elif name == "name" and _local(el.getparent().tag) == "publication":
            hints["publisher"] = text
    return hints
