"""The crawl benchmark's baseline: the smallest useful news spider, Scrapy + trafilatura and nothing else.

It follows the article links of one listing page and turns each article into a record with trafilatura
at its documented defaults (`bare_extraction` with metadata: title, date, author, text), yielding it to
no pipeline. Run by `bench.bench_crawl` as
`scrapy runspider bench/trafilatura_spider.py -a listing=URL -a pattern=REGEX`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import scrapy
import trafilatura


class TrafilaturaSpider(scrapy.Spider):
    name = "trafilatura-only"

    def __init__(self, listing: str = "", pattern: str = ".", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [listing]
        self.pattern = re.compile(pattern)

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if self.pattern.search(url):
                yield scrapy.Request(url, callback=self.parse_article)

    def parse_article(self, response: scrapy.http.Response) -> Iterator[dict[str, Any]]:
        document = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if document is not None and document.text:
            yield {"url": response.url, "title": document.title, "date": document.date,
                   "author": document.author, "text": document.text}
