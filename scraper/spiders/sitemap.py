"""Sitemap sources: sitemap indexes, url sets and Google News sitemaps.

Scrapy's own `Sitemap` parser walks the files; the `<news:news>` fields it
drops are read by `news_sitemap.news_fields` and kept as hints. Entries that
do not match the source's `article_pattern` are dropped before anything else
(a site-wide sitemap may list tens of thousands of pages). The rest go newest
first, so the per-run cap keeps the freshest articles: by publication time when
the sitemap gives one (`<news:publication_date>`) or the URL writes the day
(`/2026/02/11/`), else by `<lastmod>` (which on a relaunched site may be the
migration date of an old page); undated entries last, in document order.
A sitemap index is followed to its `max_pages` newest child sitemaps (by
`<lastmod>`), two levels deep at most. Alternate-language links
(`<xhtml:link>`) are not followed: the article pattern picks the language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..normalise.dates import sitemap_date
from ..normalise.pubdate import url_day
from .base import REVALIDATE, CatalogSpider
from .news_sitemap import news_fields

_UNDATED = datetime.min.replace(tzinfo=UTC)


def freshness(url: str, hints: dict[str, Any], lastmod: datetime | None) -> datetime:
    """How new a sitemap entry is: its publication time (news block, else the day its URL writes), else its
    lastmod; undated entries sort last."""
    return hints.get("published") or url_day(url) or lastmod or _UNDATED


class SitemapSourceSpider(CatalogSpider):
    """Reads sitemaps (`kind = "sitemap"`); a start URL may also be a robots.txt."""

    def parse_start(self, response: Response) -> Any:
        if response.url.endswith("/robots.txt"):
            self.note_start_ok()
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield Request(url, callback=self.parse_sitemap, cb_kwargs={"depth": 0}, headers=REVALIDATE)
            return
        yield from self.parse_sitemap(response, depth=0, is_start=True)

    def parse_sitemap(self, response: Response, depth: int, is_start: bool = False) -> Any:
        body = self.document_body(response, "sitemap")
        if body is None:
            return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several types for garbage
            self.logger.error("not a readable sitemap: %s (Content-Type %s): %s", response.url,
                              response.headers.get("Content-Type", b"?").decode("latin-1"), exc or type(exc).__name__)
            return
        if is_start:
            self.note_start_ok()
        if sitemap.type == "sitemapindex":
            if depth >= 2:
                return
            children = sorted(sitemap, key=lambda e: sitemap_date(e.get("lastmod")) or _UNDATED, reverse=True)
            for entry in children[: self.source.max_pages]:
                yield Request(response.urljoin(entry["loc"]), callback=self.parse_sitemap,
                              cb_kwargs={"depth": depth + 1}, headers=REVALIDATE)
            return
        news = news_fields(body)
        total = 0
        kept: list[tuple[datetime, str, dict[str, Any], datetime | None]] = []
        for entry in sitemap:
            total += 1
            url = response.urljoin(entry["loc"])
            if self.article_re is not None and not self.article_re.search(url):
                continue
            hints = dict(news.get(entry["loc"], {}))
            lastmod = sitemap_date(entry.get("lastmod"))
            if lastmod is not None:
                hints.setdefault("updated", lastmod)
            kept.append((freshness(url, hints, lastmod), url, hints, lastmod))
        kept.sort(key=lambda k: k[0], reverse=True)  # stable: equal dates keep document order
        for _, url, hints, lastmod in kept:
            yield self.article_request(url, hints, lastmod=lastmod)
        self.logger.info("sitemap %s: %d entries, %d match the article pattern", response.url, total, len(kept))
