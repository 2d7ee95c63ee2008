"""`CatalogSpiderLoader`: Scrapy's spider loader, extended with one spider per catalog source.

Hand-written spiders in `SPIDER_MODULES` keep working and win over a catalog
entry of the same name. The user catalog comes from the `ATTACHE_SOURCES`
setting or environment variable.
"""

from __future__ import annotations

import difflib
import logging
import sys
from typing import Any

from scrapy.http import Request
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from ..config import load_config
from ..sources import CatalogError, Source, load_catalog
from .base import CatalogSpider
from .feed import FeedSourceSpider
from .html import HtmlSourceSpider
from .sitemap import SitemapSourceSpider

logger = logging.getLogger(__name__)

SPIDER_CLASSES: dict[str, type[CatalogSpider]] = {
    "html": HtmlSourceSpider,
    "feed": FeedSourceSpider,
    "sitemap": SitemapSourceSpider,
}


def spider_class_for(source: Source) -> type[CatalogSpider]:
    """A spider class for one catalog source, named after its id."""
    base = SPIDER_CLASSES[source.kind]
    class_name = "".join(part.capitalize() for part in source.id.replace("_", "-").split("-")) + "Spider"
    return type(class_name, (base,), {"name": source.id, "source": source, "__module__": __name__})


class CatalogSpiderLoader(SpiderLoader):
    """Spider loader that adds the catalog's sources to the project's spider modules."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        config = load_config(settings)
        self._catalogs = ", ".join(
            ["the built-in catalog" if config.builtins else "the built-in catalog (off: builtins = false)"]
            + [str(p) for p in config.sources]
            + ([f"(no user catalog: set `sources` in {config.config_file or 'attache.toml'} or ATTACHE_SOURCES)"]
               if not config.sources else []))
        try:
            catalog = load_catalog(config.sources, builtins=config.builtins)
        except CatalogError as exc:
            # A user mistake: say what is wrong, without a traceback.
            print(f"attache: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        for source in catalog.values():
            if source.id not in self._spiders:
                self._spiders[source.id] = spider_class_for(source)

    def load(self, spider_name: str) -> type:
        """The spider class, or exit 2 with one line naming the source and the catalogs searched."""
        if spider_name in self._spiders:
            return super().load(spider_name)
        close = difflib.get_close_matches(spider_name, list(self._spiders), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        print(f"attache: unknown source {spider_name!r}{hint}; searched {self._catalogs}", file=sys.stderr)
        raise SystemExit(2)

    def find_by_request(self, request: Request) -> list[str]:
        return [name for name, cls in self._spiders.items() if cls.handles_request(request)]

    @classmethod
    def from_settings(cls, settings: BaseSettings, **kwargs: Any) -> CatalogSpiderLoader:
        return cls(settings)
