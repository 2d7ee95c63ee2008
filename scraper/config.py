"""Attaché's own configuration: one place that reads the environment.

Every value has an embedded default so the daemon runs with no configuration:
SQLite in the data directory, feeds in `<data dir>/feeds`, HTTP on 127.0.0.1.
The data directory's configuration file (`<data dir>/attache.toml`, `scraper.config_file`)
overrides the defaults; environment variables (``ATTACHE_*``) override the file; command-line
options and Scrapy settings of the same name override both (``scrapy crawl x -s ATTACHE_DATA_DIR=...``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from scraper.config_file import ConfigFileError, config_file_path, read_config_file
from scraper.urls import redact_credentials, url_without_credentials

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "attache"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
"""Debian's `chromium` package: the browser of sources with render = "browser"."""


class ConfigError(ValueError):
    """A configuration value is invalid; the message names the key."""


@dataclass(frozen=True)
class Config:
    """Resolved configuration."""

    data_dir: Path
    database_url: str
    feeds_dir: Path
    public_base_url: str
    sources: tuple[Path, ...]
    """The user catalogs, in order (a later one adds to or overrides an earlier one); () for none."""
    contact_url: str
    http_host: str
    http_port: int
    feed_limit: int
    crawl_interval: int
    crawl_timeout: int
    max_parallel_crawls: int
    feed_logo: str | None = None
    """Absolute URL of a logo image for the feeds (Atom logo, RSS image, JSON Feed icon)."""
    feed_icon: str | None = None
    """Absolute URL of a small icon (Atom icon, JSON Feed favicon)."""
    download_delay: float = 0.25
    """Minimum seconds between two requests to one site."""
    chromium: str = DEFAULT_CHROMIUM
    """Chromium executable that renders the listings of sources with render = "browser"."""
    normalise_workers: int = 0
    """Worker processes that normalise and tag fetched pages beside the crawl from its start (0: none from the start;
    see `workers_on_demand`)."""
    workers_on_demand: bool = True
    """``ATTACHE_NORMALISE_WORKERS=auto`` (the default): the crawl reads pages in its own process and starts page
    workers, one a usable core, once reading them keeps it busy (`scraper.page_demand`); False with a number."""
    crawl_memory_mb: int = 512
    """Peak RSS (MiB) at which a crawl is stopped and its run failed (Scrapy's MEMUSAGE_LIMIT_MB); with page workers,
    their PSS and their fork server's count too. A crawl of varied real pages holds ~380–420 MB however many
    articles it reads (docs/reliability.md, "Crawl memory"); unless set, the limit grows by `WORKER_MEMORY_MB` a
    page worker."""
    crawl_max_responses: int = 2000
    """Responses after which a crawl stops, its run partial (Scrapy's CLOSESPIDER_PAGECOUNT)."""
    websub_hub: str | None = None
    """Absolute URL of a WebSub hub: feeds name it (rel="hub") and a publish pings it for each changed feed."""
    builtins: bool = True
    """False: every built-in source is off (only the user catalog's sources are crawled)."""
    scrapyd_urls: tuple[str, ...] = ()
    """Base URLs of the Scrapyd nodes that run the crawls (empty: each crawl is a local subprocess)."""
    config_file: Path | None = None
    """The configuration file that was read (None when the data directory has none)."""
    public_base_url_set: bool = False
    """True when the public base URL was given (environment, option or file), not made from host and port."""

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def crawl_memory_warning_mb(self) -> int:
        """RSS (MiB) at which a crawl logs that it nears its limit (Scrapy's MEMUSAGE_WARNING_MB)."""
        return memory_warning(self.crawl_memory_mb)

    @property
    def normalise_workers_setting(self) -> str:
        """``ATTACHE_NORMALISE_WORKERS`` as set: ``auto`` or the number (for a crawl run elsewhere, which resolves
        `auto` against its own cores)."""
        return "auto" if self.workers_on_demand else str(self.normalise_workers)


def memory_warning(limit: int) -> int:
    """Where a crawl's memory warning stands for `limit` (any unit): ⅞ of it, above what an ordinary crawl of real
    pages holds, so the warning means something."""
    return limit * 7 // 8


WORKER_MEMORY_MB = 128
"""What the default crawl memory limit grows by for each page worker (and any limit, for each worker started on
demand) (a crawl of the dev set's real pages through
two workers: the crawl process's peak plus the workers' and their server's PSS, ~560–620 MB; docs/performance.md)."""


# key -> (environment variable / setting name, default or None)
_KEYS = {
    "data_dir": "ATTACHE_DATA_DIR",
    "database_url": "ATTACHE_DATABASE_URL",
    "feeds_dir": "ATTACHE_FEEDS_DIR",
    "public_base_url": "ATTACHE_PUBLIC_BASE_URL",
    "sources": "ATTACHE_SOURCES",
    "contact_url": "ATTACHE_CONTACT_URL",
    "http_host": "ATTACHE_HTTP_HOST",
    "http_port": "ATTACHE_HTTP_PORT",
    "feed_limit": "ATTACHE_FEED_LIMIT",
    "crawl_interval": "ATTACHE_CRAWL_INTERVAL",
    "crawl_timeout": "ATTACHE_CRAWL_TIMEOUT",
    "max_parallel_crawls": "ATTACHE_MAX_PARALLEL_CRAWLS",
    "feed_logo": "ATTACHE_FEED_LOGO",
    "feed_icon": "ATTACHE_FEED_ICON",
    "download_delay": "ATTACHE_DOWNLOAD_DELAY",
    "chromium": "ATTACHE_CHROMIUM",
    "normalise_workers": "ATTACHE_NORMALISE_WORKERS",
    "crawl_memory_mb": "ATTACHE_CRAWL_MEMORY_MB",
    "crawl_max_responses": "ATTACHE_CRAWL_MAX_RESPONSES",
    "websub_hub": "ATTACHE_WEBSUB_HUB",
    "builtins": "ATTACHE_BUILTINS",
    "scrapyd_urls": "ATTACHE_SCRAPYD_URLS",
}

SETTING_NAMES = tuple(_KEYS.values())


def _int(name: str, raw: Any, minimum: int = 1, maximum: int | None = None) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, got {value}")
    return value


def _database_url(raw: str) -> str:
    try:
        make_url(raw)
    except ArgumentError:
        raise ConfigError(f"ATTACHE_DATABASE_URL must be a database URL such as sqlite:////path/to/attache.sqlite3 "
                          f"or postgresql://user@host/db, got {raw!r}") from None
    return raw


def _node_urls(raw: str) -> tuple[str, ...]:
    """ATTACHE_SCRAPYD_URLS: comma-separated Scrapyd base URLs (http://host:port), each once, no trailing slash."""
    urls: list[str] = []
    for item in (part.strip() for part in raw.split(",")):
        parts = urlsplit(item)
        try:
            parts.port  # noqa: B018 (raises ValueError on a bad port)
            port_ok = True
        except ValueError:
            port_ok = False
        if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or parts.query or parts.fragment:
            raise ConfigError(f"ATTACHE_SCRAPYD_URLS must be comma-separated Scrapyd node URLs such as "
                              f"http://127.0.0.1:6800, got {redact_credentials(item)!r} in "
                              f"{redact_credentials(raw)!r}")
        url = item.rstrip("/")
        if url_without_credentials(url) in (url_without_credentials(u) for u in urls):
            raise ConfigError(f"ATTACHE_SCRAPYD_URLS names the node {url_without_credentials(url)} twice")
        urls.append(url)
    return tuple(urls)


def _float(name: str, raw: Any) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not value >= 0:
        raise ConfigError(f"{name} must be at least 0, got {raw!r}")
    return value


def _bool(name: str, raw: Any) -> bool:
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true or false), got {raw!r}")


def load_config(overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Resolve the configuration from defaults, the environment and `overrides`.

    `overrides` is keyed by setting name (``ATTACHE_DATA_DIR``) and wins over
    the environment; values that are None or empty are ignored. The same inputs
    resolve once per process (Scrapy's components of one crawl share the result).
    """
    env = os.environ if env is None else env
    raw: dict[str, str] = {}
    for key, name in _KEYS.items():
        value = env.get(name)
        if overrides is not None and overrides.get(name) not in (None, ""):
            value = overrides.get(name)
        if value not in (None, ""):
            raw[key] = str(value)
    data_dir = Path(raw.get("data_dir", DEFAULT_DATA_DIR)).expanduser()
    if data_dir.exists() and not data_dir.is_dir():
        raise ConfigError(f"the data folder {data_dir} is a file, not a folder (check --data-dir or "
                          "ATTACHE_DATA_DIR)")
    path = config_file_path(data_dir)
    try:
        remembered = read_config_file(path)
    except ConfigFileError as exc:
        raise ConfigError(str(exc)) from None
    for key, value in remembered.items():
        raw.setdefault(key, value)
    if path.is_file():
        raw["config_file"] = str(path)
    return _resolve(tuple(sorted(raw.items())))


def catalog_paths(value: object) -> tuple[Path, ...]:
    """The user catalogs of ``ATTACHE_SOURCES``/``--sources``: one path, or several separated by
    ``os.pathsep`` (":" on Linux) like PATH; empty parts are ignored."""
    if not value:
        return ()
    return tuple(Path(part).expanduser() for part in str(value).split(os.pathsep) if part.strip())


def catalogs_value(paths: Sequence[Path]) -> str:
    """`paths` as one ``ATTACHE_SOURCES`` value (for a child process)."""
    return os.pathsep.join(str(p) for p in paths)


@lru_cache(maxsize=16)
def _resolve(items: tuple[tuple[str, str], ...]) -> Config:
    raw = dict(items)
    data_dir = Path(raw.get("data_dir", DEFAULT_DATA_DIR)).expanduser()
    http_host = str(raw.get("http_host", "127.0.0.1"))
    http_port = _int("ATTACHE_HTTP_PORT", raw.get("http_port", 8787), minimum=0, maximum=65535)
    base_url = str(raw.get("public_base_url") or f"http://{http_host}:{http_port}/").strip()
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"ATTACHE_PUBLIC_BASE_URL must be an absolute http(s) URL, got {base_url!r}")
    if not base_url.endswith("/"):
        base_url += "/"
    sources = raw.get("sources")
    workers_raw = str(raw.get("normalise_workers", "auto")).strip()
    on_demand = workers_raw.lower() == "auto"
    workers = 0 if on_demand else _int("ATTACHE_NORMALISE_WORKERS (a number or auto)", workers_raw, minimum=0)
    images = {}
    for key in ("feed_logo", "feed_icon", "websub_hub"):
        value = raw.get(key)
        if value is not None and not str(value).startswith(("http://", "https://")):
            raise ConfigError(f"{_KEYS[key]} must be an absolute http(s) URL, got {value!r}")
        images[key] = str(value) if value is not None else None
    return Config(
        data_dir=data_dir,
        database_url=_database_url(str(raw.get("database_url") or f"sqlite:///{data_dir / 'attache.sqlite3'}")),
        feeds_dir=Path(raw.get("feeds_dir", data_dir / "feeds")).expanduser(),
        public_base_url=base_url,
        sources=catalog_paths(sources),
        contact_url=str(raw.get("contact_url", "https://github.com/attache-news/attache")),
        http_host=http_host,
        http_port=http_port,
        feed_limit=_int("ATTACHE_FEED_LIMIT", raw.get("feed_limit", 50)),
        crawl_interval=_int("ATTACHE_CRAWL_INTERVAL", raw.get("crawl_interval", 3600)),
        crawl_timeout=_int("ATTACHE_CRAWL_TIMEOUT", raw.get("crawl_timeout", 1800)),
        max_parallel_crawls=_int("ATTACHE_MAX_PARALLEL_CRAWLS", raw.get("max_parallel_crawls", os.cpu_count() or 1)),
        download_delay=_float("ATTACHE_DOWNLOAD_DELAY", raw.get("download_delay", 0.25)),
        crawl_memory_mb=_int("ATTACHE_CRAWL_MEMORY_MB", raw.get("crawl_memory_mb", Config.crawl_memory_mb
                                                                + WORKER_MEMORY_MB * workers), minimum=64),
        crawl_max_responses=_int("ATTACHE_CRAWL_MAX_RESPONSES", raw.get("crawl_max_responses", 2000), minimum=10),
        chromium=str(Path(raw["chromium"]).expanduser()) if raw.get("chromium") else DEFAULT_CHROMIUM,
        normalise_workers=workers,
        workers_on_demand=on_demand,
        builtins=_bool("ATTACHE_BUILTINS", raw.get("builtins", "1")),
        scrapyd_urls=_node_urls(raw["scrapyd_urls"]) if raw.get("scrapyd_urls", "").strip() else (),
        config_file=Path(raw["config_file"]) if raw.get("config_file") else None,
        public_base_url_set=bool(raw.get("public_base_url")),
        **images,
    )
