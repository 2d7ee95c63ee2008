"""Publisher names for feed titles: source id -> the catalog's `name`, falling back to the id.

A mistake in the catalog (`CatalogError`) never breaks publishing: it is logged
once per catalog version and the ids stand in for the names.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from scraper.config import Config
from scraper.sources import CatalogError, load_catalog

from .clean import plain_text

logger = logging.getLogger(__name__)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=8)
def _load(user_catalogs: tuple[str, ...], _versions: tuple[int, ...]) -> Mapping[str, str]:
    try:
        sources = load_catalog(user_catalogs, include_disabled=True)
    except CatalogError as exc:  # a user's mistake in the catalog must not stop the feeds
        logger.warning("feeds use source ids as publisher names: the source catalog did not load: %s", exc)
        return {}
    names = {sid: plain_text(source.name, 200) for sid, source in sources.items()}
    return {sid: name for sid, name in names.items() if name}


def publisher_names(config: Config) -> Mapping[str, str]:
    """Source id -> publisher name from the built-in and user catalogs ({} when they cannot be loaded)."""
    return _load(tuple(str(p) for p in config.sources), tuple(_mtime(p) for p in config.sources))


def publisher_name(names: Mapping[str, str], source: str | None) -> str:
    """The publisher's name of `source`, else the id itself."""
    if not source:
        return ""
    return names.get(source) or source
