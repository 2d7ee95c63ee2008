"""Scrapy settings for Attaché.

Attaché's own settings (``ATTACHE_*``: data dir, database URL, user catalog,
contact URL, download delay, ...) are read by `scraper.config.load_config`, the
one configuration reader, from the environment here and from these settings
(``-s ATTACHE_DATA_DIR=...``) inside the components. Crawl-only settings, read
by the components' `from_crawler`: ``ATTACHE_REFRESH`` (download known articles
again), ``ATTACHE_MAX_ARTICLES`` (cap per run), ``ATTACHE_RETRY_AFTER_MAX``,
``ATTACHE_STATS_FILE``, ``ATTACHE_NODE`` (the Scrapyd node a crawl runs on, set by the
scheduler and recorded with the run), ``ATTACHE_STORE_BATCH`` (articles per store transaction, default
20) and ``ATTACHE_STORE_FLUSH_SECONDS`` (the longest an article waits for its batch, default 0.25).
"""

from __future__ import annotations

import sys

from scraper import __version__
from scraper.config import ConfigError, load_config

try:
    _config = load_config()
except ConfigError as exc:  # a user mistake in the environment: say it, no traceback
    print(f"attache: configuration error: {exc}", file=sys.stderr)
    raise SystemExit(2) from None

BOT_NAME = "attache"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
SPIDER_LOADER_CLASS = "scraper.spiders.loader.CatalogSpiderLoader"

# Identify ourselves, with a contact URL (ATTACHE_CONTACT_URL).
USER_AGENT = f"Attache/{__version__} (+{_config.contact_url})"

# Politeness: Scrapy's own machinery.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# ATTACHE_DOWNLOAD_DELAY sets the minimum delay between requests to one site (seconds).
DOWNLOAD_DELAY = _config.download_delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = max(DOWNLOAD_DELAY, 1.0) if DOWNLOAD_DELAY else 0.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
# Resource bounds (docs/reliability.md). A body over DOWNLOAD_MAXSIZE, on the wire or once
# decompressed (Content-Encoding, or a .gz sitemap or feed), is refused with an error naming it.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Peak RSS of the crawl process: over ATTACHE_CRAWL_MEMORY_MB the crawl stops and its run fails
# (scraper.extensions.PeakMemoryUsage: Scrapy's extension on the process's own peak, VmHWM).
MEMUSAGE_ENABLED = True
MEMUSAGE_LIMIT_MB = _config.crawl_memory_mb
MEMUSAGE_WARNING_MB = _config.crawl_memory_warning_mb
MEMUSAGE_CHECK_INTERVAL_SECONDS = 1.0
# Responses per crawl: after ATTACHE_CRAWL_MAX_RESPONSES the crawl stops and its run is partial.
CLOSESPIDER_PAGECOUNT = _config.crawl_max_responses

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.RetryAfterMiddleware": 550,
}
# Known, repeated and over-the-cap article links are dropped before any other spider
# middleware sees them (the highest number is the closest to the spider).
SPIDER_MIDDLEWARES = {
    "scraper.middlewares.KnownArticlesMiddleware": 950,
}

# Conditional requests: unchanged listing/feed/sitemap pages are revalidated (304).
# Start pages send "Cache-Control: max-age=0" so they are always revalidated, never
# served from cache unasked. Article pages are requested with dont_cache (known ones
# are not fetched again at all).
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scraper.extensions.RevalidatingRFC2616Policy"
HTTPCACHE_STORAGE = "scraper.extensions.DataDirCacheStorage"
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

ITEM_PIPELINES = {
    "scraper.pipelines.NormalisePipeline": 100,
    "scraper.pipelines.TagPipeline": 200,
    "scraper.pipelines.StorePipeline": 300,
}
EXTENSIONS = {
    "scrapy.extensions.memusage.MemoryUsage": None,
    "scraper.extensions.PeakMemoryUsage": 0,
    "scraper.extensions.CrawlRunRecorder": 100,
}

# A daemon starting many crawls keeps no consoles or remote-control job files.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
