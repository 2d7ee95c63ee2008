"""HTTP cache storage kept in Attaché's data directory (follows ``-s ATTACHE_DATA_DIR``)."""

from __future__ import annotations

from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.settings import BaseSettings

from .config import load_config


class DataDirCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache, stored under ``<data dir>/httpcache``."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.cachedir = str(load_config(settings).data_dir / "httpcache")
