"""Which feeds exist: feed families (all, per source, per publisher country, per language).

A family is a prefix, a key pattern, a query for the keys present in the store
and a function that makes the `FeedSpec` of one key. Adding a family is a few
lines, e.g. country-pair feeds (`pairs/AZ-IT`)::

    register_family(FeedFamily(
        name="pairs", prefix="pairs/", heading="By country pair", pattern=r"[A-Z]{2}-[A-Z]{2}",
        keys=lambda s: sorted({f"{a}-{b}" for cs in distinct_list_values(s, "countries")
                               for a, b in itertools.combinations(cs, 2)}),
        make=lambda k: FeedSpec(f"pairs/{k}", f"{country_name(k[:2])} and {country_name(k[3:])}",
                                "Articles about both countries",
                                FeedFilter(subject_countries=(k[:2], k[3:]))),
    ))

Every feed exists in each of `render.FORMATS`; its files are `<slug>.rss`,
`<slug>.atom` and `<slug>.json` under the feeds directory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel import Locale
from sqlalchemy.orm import Session

from scraper.store.feed_queries import FeedFilter, distinct_values

from .clean import primary_language

logger = logging.getLogger(__name__)

SITE_NAME = "Attaché"
EXTENSIONS = {"rss": "rss", "atom": "atom", "json": "json"}
_ENGLISH = Locale("en")


def country_name(code: str) -> str:
    """English name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    return _ENGLISH.territories.get(code.upper(), code.upper())


def language_name(code: str) -> str:
    """English name of a language subtag (the code itself when unknown)."""
    return _ENGLISH.languages.get(code.lower(), code)


@dataclass(frozen=True)
class FeedSpec:
    """One feed: its path without extension (`slug`), titles and the filter selecting its articles."""

    slug: str
    title: str
    description: str
    filter: FeedFilter = field(default_factory=FeedFilter)
    language: str | None = None
    family: str = "all"

    def path(self, fmt: str) -> str:
        """The file path relative to the feeds directory (`sources/x.atom`)."""
        return f"{self.slug}.{EXTENSIONS[fmt]}"

    def url(self, base_url: str, fmt: str) -> str:
        """The absolute URL under the public base URL."""
        return base_url + self.path(fmt)


@dataclass(frozen=True)
class FeedFamily:
    """A kind of feed with one member per key found in the store."""

    name: str
    prefix: str
    heading: str
    pattern: str
    """Regular expression a key must match in full (keeps slugs path-safe)."""
    keys: Callable[[Session], Iterable[str]]
    make: Callable[[str], FeedSpec]

    def parse(self, slug: str) -> FeedSpec | None:
        """The spec of `slug` when it belongs to this family, else None."""
        if not slug.startswith(self.prefix):
            return None
        key = slug[len(self.prefix):]
        return self.make(key) if re.fullmatch(self.pattern, key) else None


def _all_spec(_key: str) -> FeedSpec:
    return FeedSpec("all", f"{SITE_NAME}: all articles", "Defence-cooperation news from every source", family="all")


def _source_spec(key: str) -> FeedSpec:
    return FeedSpec(f"sources/{key}", f"{SITE_NAME}: {key}", f"Articles from the source {key}",
                    FeedFilter(sources=(key,)), family="sources")


def _country_spec(key: str) -> FeedSpec:
    name = country_name(key)
    return FeedSpec(f"from/{key}", f"{SITE_NAME}: published in {name}",
                    f"Articles from publishers in {name} ({key})", FeedFilter(publisher_countries=(key,)),
                    family="from")


def _language_spec(key: str) -> FeedSpec:
    name = language_name(key)
    return FeedSpec(f"lang/{key}", f"{SITE_NAME}: in {name}", f"Articles written in {name} ({key})",
                    FeedFilter(languages=(key,)), language=key, family="lang")


def _languages(session: Session) -> list[str]:
    return sorted({p for p in (primary_language(v) for v in distinct_values(session, "language")) if p})


def _countries(session: Session) -> list[str]:
    return sorted({v.upper() for v in distinct_values(session, "publisher_country") if len(v) == 2})


FAMILIES: list[FeedFamily] = [
    FeedFamily("all", "all", "Everything", "", lambda _s: [""], _all_spec),
    FeedFamily("sources", "sources/", "By source", r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}",
               lambda s: distinct_values(s, "source"), _source_spec),
    FeedFamily("from", "from/", "By publisher country", r"[A-Z]{2}", _countries, _country_spec),
    FeedFamily("lang", "lang/", "By language", r"[a-z]{2,3}", _languages, _language_spec),
]


def register_family(family: FeedFamily) -> None:
    """Add a feed family (replacing one of the same name)."""
    FAMILIES[:] = [f for f in FAMILIES if f.name != family.name] + [family]


def catalog(session: Session, families: Iterable[FeedFamily] | None = None) -> list[FeedSpec]:
    """Every feed that currently exists, family by family, keys sorted."""
    specs: list[FeedSpec] = []
    for family in FAMILIES if families is None else families:
        for key in family.keys(session):
            spec = family.parse(family.prefix + key)
            if spec is None:
                logger.warning("no %s feed for %r: the key does not match %s", family.name, key, family.pattern)
                continue
            specs.append(spec)
    return specs


def spec_for_slug(slug: str, families: Iterable[FeedFamily] | None = None) -> FeedSpec | None:
    """The feed a URL path (without extension) names, whether or not it has articles yet."""
    for family in FAMILIES if families is None else families:
        spec = family.parse(slug)
        if spec is not None and spec.slug == slug:
            return spec
    return None


def split_feed_path(path: str) -> tuple[str, str] | None:
    """`("sources/x", "atom")` for `sources/x.atom`; None when the extension names no format."""
    slug, dot, ext = path.rpartition(".")
    if not dot:
        return None
    for fmt, extension in EXTENSIONS.items():
        if ext == extension:
            return slug, fmt
    return None
