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

from .config import WORKER_MEMORY_MB, Config, load_config
from .page_demand import usable_cores
from .page_workers import PageWorkers
from .store import Store

_BY_CRAWLER: WeakKeyDictionary[Crawler, CrawlResources] = WeakKeyDictionary()


class CrawlResources:
    """The configuration, the store and the page workers of one crawl."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._store: Store | None = None
        self._workers: PageWorkers | None = None
        self._started_on_demand = 0

    @property
    def page_workers(self) -> PageWorkers | None:
        """The crawl's page worker processes (started on first use), or None: pages are read in process."""
        if self._workers is None and self.config.normalise_workers > 0:
            self._workers = PageWorkers(self.config.normalise_workers)
        return self._workers

    @property
    def workers_on_demand(self) -> int:
        """How many page workers `start_workers_on_demand` would start: with ``ATTACHE_NORMALISE_WORKERS=auto``,
        one a usable core (the crawl process then only downloads and stores), none on one core."""
        if not self.config.workers_on_demand or self._workers is not None:
            return 0
        cores = usable_cores()
        return cores if cores >= 2 else 0

    def start_workers_on_demand(self) -> PageWorkers | None:
        """Start the page workers the crawl may have on demand (see `workers_on_demand`), if it has none yet."""
        count = self.workers_on_demand
        if count:
            self._workers = PageWorkers(count)
            self._started_on_demand = count
        return self._workers

    @property
    def memory_allowance_mb(self) -> int:
        """What the crawl memory limit grows by for the workers started on demand: `WORKER_MEMORY_MB` each and
        once more (unlike a crawl with workers from the start, the crawl process has read pages itself and holds
        the reading modules too)."""
        return WORKER_MEMORY_MB * (self._started_on_demand + 1) if self._started_on_demand else 0

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
