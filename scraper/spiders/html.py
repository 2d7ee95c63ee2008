"""Listing-page sources: follow article links that match the pattern, then the next page.

A source with ``render = "browser"`` has its listing pages rendered in headless Chromium
(`scraper.spiders.browser`): links its scripts create are read from the live document, and its
`next_click` button is clicked for the next pages, up to `max_pages`. Its articles are plain downloads.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.settings import BaseSettings

from ..config import load_config
from .base import CatalogSpider, failure_reason
from .browser import browser_settings, chromium_problem, clicked_pages, close_page, first_links, rendered_meta

logger = logging.getLogger(__name__)

_PAGE_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"}
"""Content types a listing page may declare (many sites declare HTML as text/plain or XML)."""


def not_html(response: Response) -> str | None:
    """Why `response` cannot be a listing page (its Content-Type, as it came), or None. Scrapy picks the
    response class from the URL too, so a PDF at `/news/page-2.html` arrives as an HtmlResponse."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    mime = content_type.split(";", 1)[0].strip().lower()
    if not isinstance(response, TextResponse) or mime not in _PAGE_TYPES or response.body[:5] == b"%PDF-":
        return f"Content-Type {content_type or '?'}"
    return None


class HtmlSourceSpider(CatalogSpider):
    """Crawls listing pages (`kind = "html"`)."""

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        source = getattr(cls, "source", None)
        if source is not None and source.render == "browser":
            chromium = load_config(settings).chromium
            if chromium_problem(chromium) is None:  # else `start` says what is missing and requests nothing
                schemes = (urlsplit(url).scheme for url in source.start_urls)
                settings.update(browser_settings(chromium, schemes), priority="spider")

    @property
    def rendered(self) -> bool:
        return self.source.render == "browser"

    async def start(self) -> AsyncIterator[Any]:
        if not self.rendered:
            async for request in super().start():
                yield request
            return
        if self.attache_refused:
            return
        problem = chromium_problem(load_config(self.settings).chromium)
        if problem is not None:
            logger.error("%s renders its listings in a browser, but there is %s", self.source.id, problem)
            return
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_rendered, errback=self.rendered_failed, dont_filter=True,
                          meta=rendered_meta(), cb_kwargs={"page": 1})

    def parse_start(self, response: Response) -> Any:
        problem = not_html(response)
        if problem:
            self.logger.error("listing %s is not an HTML page (%s)", response.url, problem)
            return
        self.note_start_ok()
        yield from self.parse_listing(response, page=1)

    def parse_listing(self, response: Response, page: int) -> Any:
        problem = not_html(response)
        if problem:
            self.logger.error("listing page %s is not an HTML page (%s)", response.url, problem)
            return
        links = [response.urljoin(link.strip()) for link in response.css("a::attr(href)").getall() if link.strip()]
        yield from self.article_requests(response.url, page, [url for url in links if self.is_article(url)])
        yield from self.next_link(response, page, callback=self.parse_listing)

    def is_article(self, url: str) -> bool:
        return self.article_re is None or bool(self.article_re.search(url))

    def article_requests(self, listing: str, page: int, urls: list[str]) -> Iterable[Request]:
        """Requests for one listing page's article links (`urls`, absolute, already matched)."""
        for url in urls:
            yield self.article_request(url)
        self.logger.info("listing %s (page %d): %d article links", listing, page, len(urls))
        if not urls and page == 1:
            self.logger.warning("no link on %s matches article_pattern %r: has the site changed?", listing,
                                self.source.article_pattern)

    def next_link(self, response: Response, page: int, **kwargs: Any) -> Iterable[Request]:
        """The request for the page the `next_page` link points to, below `max_pages`."""
        if self.source.next_page and page < self.source.max_pages:
            href = response.css(self.source.next_page).xpath("@href").get()  # ::attr on a group binds to its last part
            if href:
                yield self.next_page_request(response, href.strip(), cb_kwargs={"page": page + 1}, **kwargs)

    # --- rendered listings (render = "browser") ---------------------------------------------------
    async def parse_rendered(self, response: Response, page: int) -> AsyncIterator[Any]:
        """A listing page in the live browser: its links, then the pages its `next_click` button loads."""
        from playwright.async_api import Error as BrowserError  # here: plain crawls never load Playwright

        live = response.meta.get("playwright_page")
        if live is None:  # not through the browser's handler (a copy of the page handed over): read it as is
            self.logger.warning("listing %s was not rendered in the browser: reading its HTML as it came",
                                response.url)
            for output in (self.parse_start(response) if page == 1 else self.parse_listing(response, page)):
                yield output
            return
        if page == 1:
            self.note_start_ok()
        try:
            if self.source.next_click:
                last = page
                pages = clicked_pages(live, self.is_article, self.source.next_click, self.source.max_pages - page + 1)
                async with aclosing(pages):
                    async for number, urls in pages:
                        last = page + number - 1
                        known_before = self.known_skipped()
                        for request in self.article_requests(response.url, last, urls):
                            yield request
                        if self.nothing_new(urls, known_before):
                            self.logger.info("nothing new on %s (page %d): not clicking further", response.url, last)
                            break
                self.logger.info("listing %s: %d page(s) read in the browser", response.url, last - page + 1)
            else:
                for request in self.article_requests(response.url, page, await first_links(live, self.is_article)):
                    yield request
                document = HtmlResponse(url=live.url, body=await live.content(), encoding="utf-8",
                                        request=response.request)
                for request in self.next_link(document, page, callback=self.parse_rendered,
                                              errback=self.rendered_failed, meta=rendered_meta()):
                    yield request
        except BrowserError as exc:  # a click that failed, a page that crashed
            self.logger.error("listing %s: the browser failed: %s", response.url, exc)
        finally:
            await close_page(response.meta)

    def known_skipped(self) -> int:
        return self.crawler.stats.get_value("attache/known_skipped", 0)

    def nothing_new(self, urls: list[str], known_before: int) -> bool:
        """True when every one of a clicked page's links was already stored (as for a next link, the
        listing stops there). `KnownArticlesMiddleware` has counted each link by the time the spider
        goes on after yielding it: spider output is handed on one item at a time."""
        refresh = self.settings.getbool("ATTACHE_REFRESH")
        return bool(urls) and not refresh and self.known_skipped() - known_before == len(urls)

    async def rendered_failed(self, failure: Any) -> None:
        await close_page(failure.request.meta)
        if failure.request.cb_kwargs.get("page") == 1:
            self.start_failed(failure)
        else:
            self.logger.error("listing page failed: %s: %s", failure.request.url, failure_reason(failure))
