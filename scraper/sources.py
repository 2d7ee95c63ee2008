"""The source catalog: the `Source` record, and loading, merging and validating the TOML catalogs.

The built-in catalog (`scraper/sources.toml`) ships with the package; a user
catalog (``--sources``, ``ATTACHE_SOURCES`` or the ``ATTACHE_SOURCES`` Scrapy
setting; several, in order) adds sources or overrides keys of built-in ones (``enabled = false``
switches one off); a later user catalog does the same to the ones before it. Every mistake raises
`CatalogError` with one message naming the file, the line where it can be found, the source id and the key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import GenericTranslator, SelectorError

from scraper.urls import is_http_url

SourceKind = Literal["html", "feed", "sitemap"]
SOURCE_KINDS: tuple[str, ...] = ("html", "feed", "sitemap")
RenderMode = Literal["plain", "browser"]
RENDER_MODES: tuple[str, ...] = ("plain", "browser")

SELECTOR_FIELDS: tuple[str, ...] = (
    "title", "summary", "body", "published", "updated", "authors", "tags", "image", "rights",
)


@dataclass(frozen=True)
class Source:
    """A news source; each one becomes a spider named by its `id`.

    `selectors` maps an article field (one of `SELECTOR_FIELDS`) to a CSS
    selector that wins over every generic signal for that field.
    """

    id: str
    name: str
    kind: SourceKind
    start_urls: tuple[str, ...]
    country: str | None = None
    language: str | None = None
    languages: tuple[str, ...] = ()
    article_pattern: str | None = None
    """Regular expression (searched in absolute URLs) that article links match."""
    next_page: str | None = None
    """CSS selector of the next listing page link (html kind)."""
    render: RenderMode = "plain"
    """"browser": listing pages are rendered in a headless browser (script-built links)."""
    next_click: str | None = None
    """CSS selector of a button that loads the next listing page in the browser (render = "browser")."""
    max_pages: int = 5
    max_articles: int | None = None
    allowed_domains: tuple[str, ...] = ()
    selectors: dict[str, str] = field(default_factory=dict)
    schedule: dict[str, object] = field(default_factory=dict)
    """Either {"interval": seconds} or {"cron": "m h dom mon dow"}; empty: the default interval."""
    timezone: str | None = None
    """IANA time zone of the publisher (e.g. "Asia/Baku"): for page times written without an offset."""
    enabled: bool = True
    auto_repair: bool = False
    """Apply a repair proposed by discovery to the user catalog when the source stops yielding."""
    origin: str = "built-in"
    """The catalog file this entry came from (for messages)."""


BUILTIN_CATALOG = "sources.toml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MIN_INTERVAL_SECONDS = 60

_KEYS = {f.name for f in fields(Source)} - {"id", "origin"}
_REQUIRED = ("name", "kind", "start_urls")


UPPER_BOUNDS = {"max_pages": 100, "max_articles": 1000}
"""The largest `max_pages` (listing pages, or child sitemaps of an index) and `max_articles` (articles
per run) a catalog entry may ask for: beyond them a run is a crawl of the whole site, not news."""


class CatalogError(ValueError):
    """A catalog file is unreadable or has an invalid entry."""


def load_catalog(user_catalogs: Sequence[Path | str] | Path | str | None = None, *, include_disabled: bool = False,
                 builtins: bool = True) -> dict[str, Source]:
    """The merged catalog: built-in entries, then each user catalog's additions and overrides, in order.

    With `builtins` False, every built-in entry is disabled unless the user catalog names it
    (overriding keys of a built-in entry brings that one back).
    """
    raw = _read_builtin()
    merged: dict[str, tuple[dict[str, Any], str, str]] = {
        sid: ({**entry, "enabled": False} if not builtins else entry, BUILTIN_CATALOG, text) for sid, entry, text in raw
    }
    if isinstance(user_catalogs, Path | str):
        user_catalogs = [user_catalogs]
    for user_catalog in user_catalogs or ():
        path = Path(user_catalog).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CatalogError(f"{path}: source catalog not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: cannot read source catalog: {exc}") from None
        for sid, entry, _ in _parse(text, str(path)):
            base = dict(merged[sid][0]) if sid in merged else {}
            base.update(entry)
            merged[sid] = (base, str(path), text)
    catalog: dict[str, Source] = {}
    for sid, (entry, origin, text) in merged.items():
        source = validate_entry(sid, entry, origin, text)
        if source.enabled or include_disabled:
            catalog[sid] = source
    return catalog


def _read_builtin() -> list[tuple[str, dict[str, Any], str]]:
    text = resources.files("scraper").joinpath(BUILTIN_CATALOG).read_text(encoding="utf-8")
    return _parse(text, BUILTIN_CATALOG)


def _parse(text: str, origin: str) -> list[tuple[str, dict[str, Any], str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{origin}: not valid TOML: {exc}") from None
    unknown_top = set(data) - {"sources"}
    if unknown_top:
        key = sorted(unknown_top)[0]
        raise CatalogError(
            f"{origin}{_line(text, key)}: unknown top-level key {key!r}; sources go in [sources.<id>] tables"
        )
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise CatalogError(f"{origin}: 'sources' must be a table of [sources.<id>] tables")
    entries = []
    for sid, entry in sources.items():
        where = f"{origin}{_line(text, sid, header=True)}"
        if not ID_PATTERN.match(sid):
            raise CatalogError(
                f"{where}: source id {sid!r} is invalid: use lower-case letters, digits, '-' and '_' "
                "(it becomes the spider name)"
            )
        if not isinstance(entry, dict):
            raise CatalogError(f"{where}: source {sid!r} must be a table ([sources.{sid}])")
        entries.append((sid, entry, text))
    return entries


def _line(text: str, key: str, *, header: bool = False, after: str | None = None) -> str:
    """', line N' for where `key` appears (a [sources.<key>] header, or `key =` or a [sources.<after>.<key>]
    table after a header)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        header_re = re.compile(rf"^\s*\[\s*sources\.\"?{re.escape(after)}\"?\s*[\].]")
        start = next((i for i, line in enumerate(lines) if header_re.match(line)), 0)
    pattern = (
        re.compile(rf"^\s*\[\s*sources\.\"?{re.escape(key)}\"?\s*\]")
        if header
        else re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*="  # key = ..., or its own [sources.<id>.<key>] table
                        rf"|^\s*\[\s*sources\.\"?{re.escape(after or '')}\"?\.\"?{re.escape(key)}\"?\s*\]")
    )
    for number in range(start, len(lines)):
        if pattern.match(lines[number]):
            return f", line {number + 1}"
    return ""


def validate_entry(sid: str, entry: dict[str, Any], origin: str, text: str = "") -> Source:
    """Check one catalog entry and build its `Source`."""

    def fail(key: str, problem: str) -> CatalogError:
        where = _line(text, key, after=sid) if key else _line(text, sid, header=True)
        key_part = f", key {key!r}" if key else ""
        return CatalogError(f"{origin}{where}: source {sid!r}{key_part}: {problem}")

    for key in entry:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, sorted(_KEYS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise fail(key, f"unknown key{hint}; known keys: {', '.join(sorted(_KEYS))}")
    for key in _REQUIRED:
        if key not in entry:
            raise fail("", f"missing required key {key!r}")

    values: dict[str, Any] = {"id": sid, "origin": origin}
    for key in ("name", "next_page", "article_pattern", "language", "country", "timezone"):
        if key in entry:
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise fail(key, "must be a non-empty string")
            values[key] = entry[key].strip()
    if entry["kind"] not in SOURCE_KINDS:
        raise fail("kind", f"must be one of {', '.join(SOURCE_KINDS)}, got {entry['kind']!r}")
    values["kind"] = entry["kind"]
    values["start_urls"] = tuple(_urls(entry["start_urls"], lambda p: fail("start_urls", p)))
    if not values["start_urls"]:
        raise fail("start_urls", "needs at least one URL")
    if "country" in values and not re.fullmatch(r"[A-Z]{2}", values["country"]):
        raise fail("country", f"must be an ISO 3166-1 alpha-2 code such as 'IT', got {values['country']!r}")
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise fail("timezone", f"{values['timezone']!r} is not an IANA time zone such as 'Europe/Rome'") from None
    languages = entry.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise fail("languages", "must be a list of language codes such as ['az', 'en']")
    for code in [values.get("language"), *languages]:
        if code is not None and not LANGUAGE_PATTERN.match(code):
            raise fail("language" if code == values.get("language") else "languages",
                       f"{code!r} is not a language code such as 'it' or 'pt-BR'")
    values["languages"] = tuple(languages)
    if "language" not in values and languages:
        values["language"] = languages[0]
    if "article_pattern" in values:
        try:
            re.compile(values["article_pattern"])
        except re.error as exc:
            raise fail("article_pattern", f"not a valid regular expression: {exc}") from None
    elif values["kind"] == "html":
        raise fail("", "missing required key 'article_pattern' (an html source needs it to find article links)")
    if "next_page" in values:
        _check_css(values["next_page"], lambda p: fail("next_page", p))
    if "render" in entry:
        if entry["render"] not in RENDER_MODES:
            raise fail("render", f"must be one of {', '.join(RENDER_MODES)}, got {entry['render']!r}")
        values["render"] = entry["render"]
    if "next_click" in entry:
        if not isinstance(entry["next_click"], str) or not entry["next_click"].strip():
            raise fail("next_click", "must be a non-empty string")
        _check_css(entry["next_click"], lambda p: fail("next_click", p))
        if values.get("render") != "browser":
            raise fail("next_click", 'a button can only be clicked in the browser: set render = "browser"')
        values["next_click"] = entry["next_click"].strip()
    for key in ("max_pages", "max_articles"):
        if key in entry:
            if not isinstance(entry[key], int) or isinstance(entry[key], bool) or entry[key] < 1:
                raise fail(key, f"must be a whole number ≥ 1, got {entry[key]!r}")
            if entry[key] > UPPER_BOUNDS[key]:
                raise fail(key, f"must be at most {UPPER_BOUNDS[key]}, got {entry[key]!r}")
            values[key] = entry[key]
    for key in ("enabled", "auto_repair"):
        if key in entry:
            if not isinstance(entry[key], bool):
                raise fail(key, "must be true or false")
            values[key] = entry[key]
    if "allowed_domains" in entry:
        domains = entry["allowed_domains"]
        if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
            raise fail("allowed_domains", "must be a list of host names")
        values["allowed_domains"] = tuple(domains)
    values["selectors"] = _selectors(entry.get("selectors", {}), fail)
    values["schedule"] = _schedule(entry.get("schedule", {}), fail)
    return Source(**values)


def _urls(value: Any, fail: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise fail("must be a URL or a list of URLs")
    for url in value:
        if not is_http_url(url):
            raise fail(f"{url!r} is not an absolute http(s) URL")
    return value


def _check_css(selector: str, fail: Any) -> None:
    try:
        GenericTranslator().css_to_xpath(selector.split("::", 1)[0])
    except SelectorError as exc:
        raise fail(f"{selector!r} is not a valid CSS selector: {exc}") from None


def _selectors(value: Any, fail: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail("selectors", "must be a table of field = \"CSS selector\"")
    for name, selector in value.items():
        if name not in SELECTOR_FIELDS:
            raise fail("selectors", f"unknown field {name!r}; fields: {', '.join(SELECTOR_FIELDS)}")
        if not isinstance(selector, str) or not selector.strip():
            raise fail("selectors", f"selector for {name!r} must be a non-empty string")
        _check_css(selector, lambda p, n=name: fail("selectors", f"{n}: {p}"))
    return dict(value)


def _schedule(value: Any, fail: Any) -> dict[str, object]:
    if not isinstance(value, dict):
        raise fail("schedule", "must be a table with 'interval' (seconds) or 'cron' (\"m h dom mon dow\")")
    if not value:
        return {}
    unknown = set(value) - {"interval", "cron"}
    if unknown or len(value) != 1:
        raise fail("schedule", "give exactly one of 'interval' (seconds) or 'cron' (\"m h dom mon dow\")")
    if "interval" in value:
        interval = value["interval"]
        if not isinstance(interval, int) or isinstance(interval, bool) or interval < MIN_INTERVAL_SECONDS:
            raise fail("schedule", f"interval must be a whole number of seconds ≥ {MIN_INTERVAL_SECONDS}")
    else:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value["cron"], timezone="UTC")
        except (ValueError, TypeError, AttributeError) as exc:
            raise fail("schedule", f"cron {value['cron']!r} is invalid: {exc}") from None
    return dict(value)
