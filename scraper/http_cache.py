"""HTTP cache: storage in Attaché's data directory, and an RFC 2616 policy that revalidates."""

from __future__ import annotations

from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

from .config import load_config


class DataDirCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache, stored under ``<data dir>/httpcache``."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.cachedir = str(load_config(settings).data_dir / "httpcache")


class RevalidatingRFC2616Policy(RFC2616Policy):
    """Scrapy's RFC 2616 policy, also revalidating responses marked ``no-cache``.

    Scrapy's policy treats a ``Cache-Control: no-cache`` response as stale but
    returns before adding ``If-None-Match`` / ``If-Modified-Since``, so such
    pages (common on news sites) are downloaded whole every time. RFC 7234
    says no-cache means "revalidate before use", which this does.
    """

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        fresh = super().is_cached_response_fresh(cachedresponse, request)
        if not fresh:
            self._set_conditional_validators(request, cachedresponse)
        return fresh
