"""Listing-page sources: follow article links that match the pattern, then the next page."""

from __future__ import annotations

from typing import Any

from scrapy.http import Response, TextResponse

from .base import CatalogSpider


class HtmlSourceSpider(CatalogSpider):
    """Crawls listing pages (`kind = "html"`)."""

    def parse_start(self, response: Response) -> Any:
        if not isinstance(response, TextResponse):
            self.logger.error("listing %s is not an HTML page (Content-Type %s)", response.url,
                              response.headers.get("Content-Type", b"?").decode("latin-1"))
            return
        self.note_start_ok()
        yield from self.parse_listing(response, page=1)

    def parse_listing(self, response: Response, page: int) -> Any:
        if not isinstance(response, TextResponse):
            self.logger.error("listing page %s is not an HTML page", response.url)
            return
        links = [link for link in response.css("a::attr(href)").getall() if link.strip()]
        found = 0
        for href in links:
            url = response.urljoin(href.strip())
            if self.article_re is None or not self.article_re.search(url):
                continue
            found += 1
            yield self.article_request(url)
        self.logger.info("listing %s (page %d): %d article links", response.url, page, found)
        if not found and page == 1:
            self.logger.warning("no link on %s matches article_pattern %r: has the site changed?", response.url,
                                self.source.article_pattern)
        if self.source.next_page and page < self.source.max_pages:
            href = response.css(self.source.next_page).xpath("@href").get()  # ::attr on a group binds to its last part
            if href:
                yield self.next_page_request(response, href.strip(), callback=self.parse_listing,
                                             cb_kwargs={"page": page + 1})
