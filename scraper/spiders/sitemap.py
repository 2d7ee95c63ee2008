"""Sitemap sources: sitemap indexes, url sets and Google News sitemaps.

Scrapy's own `Sitemap` parser walks the files; the `<news:news>` fields it
drops are read by `news_sitemap.news_fields` and kept as hints. Newest
entries first, so the per-run cap keeps the freshest articles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..normalise.dates import sitemap_date
from .base import REVALIDATE, CatalogSpider
from .news_sitemap import news_fields


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
        body = response.body
        if gzip_magic_number(response):
            body = gunzip(body)
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several types for garbage
            self.logger.error("not a readable sitemap: %s: %s", response.url, exc)
            return
        if is_start:
            self.note_start_ok()
        entries = sorted(sitemap, key=lambda e: sitemap_date(e.get("lastmod")) or datetime.min.replace(tzinfo=UTC),
                         reverse=True)
        if sitemap.type == "sitemapindex":
            if depth >= 2:
                return
            for entry in entries[: self.source.max_pages]:
                yield Request(response.urljoin(entry["loc"]), callback=self.parse_sitemap,
                              cb_kwargs={"depth": depth + 1}, headers=REVALIDATE)
            return
        news = news_fields(body)
        for entry in entries:
            url = response.urljoin(entry["loc"])
            if self.article_re is not None and not self.article_re.search(url):
                continue
            hints = dict(news.get(entry["loc"], {}))
            lastmod = sitemap_date(entry.get("lastmod"))
            if lastmod is not None:
                hints.setdefault("updated", lastmod)
            yield self.article_request(url, hints, lastmod=lastmod)
        self.logger.info("sitemap %s: %d entries", response.url, len(entries))
