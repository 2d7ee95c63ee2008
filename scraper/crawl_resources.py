"""What the components of one crawl share: the configuration, resolved once, the store, opened once, and
the page worker processes, if any.

Scrapy builds the spider middlewares, extensions and pipelines one by one from the
crawler; each asks `crawl_resources(crawler)` in its `from_crawler` and gets the same
`CrawlResources`. The store is opened on first use and closed when the engine stops,
after every component has written its last row.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler

from .config import Config, load_config
from .page_workers import PageWorkers
from .store import Store

_BY_CRAWLER: WeakKeyDictionary[Crawler, CrawlResources] = WeakKeyDictionary()


class CrawlResources:
    """The configuration, the store and the page workers of one crawl."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._store: Store | None = None
        self._workers: PageWorkers | None = None

    @property
    def page_workers(self) -> PageWorkers | None:
        """The crawl's page worker processes (started on first use), or None: pages are read in process."""
        if self._workers is None and self.config.normalise_workers > 0:
            self._workers = PageWorkers(self.config.normalise_workers)
        return self._workers

    @property
    def running_page_workers(self) -> PageWorkers | None:
        """The crawl's page worker processes if they were started, without starting them."""
        return self._workers

    @property
    def store(self) -> Store:
        """The crawl's store (opened on first use)."""
        if self._store is None:
            self._store = Store(self.config.database_url)
        return self._store

    def close(self) -> None:
        """Stop the page workers and close the store, if they were started."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        if self._store is not None:
            self._store.close()
            self._store = None


def crawl_resources(crawler: Crawler) -> CrawlResources:
    """The shared resources of `crawler`'s crawl, made on the first call."""
    resources = _BY_CRAWLER.get(crawler)
    if resources is None:
        resources = CrawlResources(load_config(crawler.settings))
        _BY_CRAWLER[crawler] = resources
        crawler.signals.connect(resources.close, signal=signals.engine_stopped)
    return resources
