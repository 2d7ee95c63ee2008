"""Which feeds exist: feed families (all, cooperation, per subject country, per country pair,
per source, per publisher country, per language).

A family is a prefix, a key pattern, a query for the keys present in the store
and a function that makes the `FeedSpec` of one key. Adding a family is a few
lines, e.g. cooperation-only feeds per subject country (`coop/IT`)::

    register_family(FeedFamily(
        name="coop", prefix="coop/", heading="Cooperation by country", pattern=r"[A-Z]{2}",
        keys=lambda s: sorted({c for cs in distinct_list_values(s, "countries", FeedFilter(cooperation_only=True))
                               for c in cs}),
        make=lambda k: FeedSpec(f"coop/{k}", f"Cooperation: {country_name(k)}", "Cooperation articles",
                                FeedFilter(subject_countries=(k,), cooperation_only=True),
                                family="coop", stories=True),
    ))

(`stories=True` makes reports of one story a single entry; per-source feeds keep every item.)

Pair and country feeds exist for what cooperation items support (`feeds.activity`): a pair feed for
each pair of an item's parties, a country feed for each party. Any valid code is still a feed
(`always=True`): the server answers it, empty until news arrives, so a reader can subscribe ahead.

Every feed exists in each of `render.FORMATS`; its files are `<slug>.rss`,
`<slug>.atom` and `<slug>.json` under the feeds directory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from babel import Locale
from sqlalchemy.orm import Session

from scraper.country_codes import country_name, is_country_code
from scraper.languages import primary_subtag
from scraper.store.feed_queries import FeedFilter, distinct_values, feed_window

from .activity import party_activity
from .clean import language_tag

logger = logging.getLogger(__name__)

SITE_NAME = "Attaché"
EXTENSIONS = {"rss": "rss", "atom": "atom", "json": "json"}
_ENGLISH = Locale("en")


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
    stories: bool = False
    """One entry per story: reports that `feeds.stories` groups become one entry (see docs/feeds.md)."""
    indexed: bool = False
    """The store's feed index keeps this feed's members under `slug` (`scraper.store.feed_index`): its
    window walks that index. Only the built-in families set it; others are answered by their filter."""

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
    make_named: Callable[[str, Mapping[str, str]], FeedSpec] | None = None
    """Like `make`, given publisher names by source id (for families whose titles name a publisher)."""
    check: Callable[[str], str | None] | None = None
    """Why a key matching `pattern` still names no feed (e.g. "'QQ' is not ...country code"), else None."""
    always: bool = False
    """Every valid key is a feed, articles or not: the server answers it (empty until news arrives)."""
    hint: str = ""
    """What a key looks like, for messages about a bad one ("an ISO 3166-1 alpha-2 country code (IT)")."""

    def problem(self, slug: str) -> str | None:
        """Why `slug`, under this family's prefix, names no feed; None when it names one."""
        key = slug[len(self.prefix):]
        if not re.fullmatch(self.pattern, key):
            if not self.pattern:
                return f"{slug[:60]!r} names no feed"
            shown = repr(key[:40]) + ("…" if len(key) > 40 else "")
            return f"{shown} is not {self.hint}" if self.hint else f"{shown} does not match {self.pattern}"
        return self.check(key) if self.check is not None else None

    def parse(self, slug: str, names: Mapping[str, str] | None = None) -> FeedSpec | None:
        """The spec of `slug` when it belongs to this family, else None."""
        if not slug.startswith(self.prefix) or self.problem(slug) is not None:
            return None
        key = slug[len(self.prefix):]
        if names is not None and self.make_named is not None:
            return self.make_named(key, names)
        return self.make(key)


def _all_spec(_key: str) -> FeedSpec:
    return FeedSpec("all", f"{SITE_NAME}: all articles", "Defence-cooperation news from every source, "
                    "one entry per story", family="all", stories=True, indexed=True)


def _source_spec(key: str, names: Mapping[str, str] | None = None) -> FeedSpec:
    name = (names or {}).get(key) or key
    description = f"Articles from {name} ({key})" if name != key else f"Articles from the source {key}"
    return FeedSpec(f"sources/{key}", f"{SITE_NAME}: {name}", description,
                    FeedFilter(sources=(key,)), family="sources", indexed=True)


def _cooperation_spec(_key: str) -> FeedSpec:
    return FeedSpec("cooperation", f"{SITE_NAME}: defence cooperation",
                    "Staff talks, agreements, visits, exercises, training, industry and multilateral cooperation, "
                    "one entry per story", FeedFilter(cooperation_only=True), family="cooperation",
                    stories=True, indexed=True)


def _subject_spec(key: str) -> FeedSpec:
    name = country_name(key)
    return FeedSpec(f"countries/{key}", f"{SITE_NAME}: about {name}",
                    f"Articles about {name} ({key}) (not those that only mention it), whoever published them, "
                    "one entry per story", FeedFilter(subject_countries=(key,)), family="countries",
                    stories=True, indexed=True)


def _pair_spec(key: str) -> FeedSpec:
    a, b = sorted((key[:2], key[3:]))  # the slug is canonical: `pairs/IT-AZ` names no feed
    first, second = country_name(a), country_name(b)
    return FeedSpec(f"pairs/{a}-{b}", f"Defence cooperation: {first} – {second}",
                    f"Defence cooperation between {first} ({a}) and {second} ({b}): reports in which both are "
                    "parties, one entry per story", FeedFilter(parties=(a, b)), family="pairs",
                    stories=True, indexed=True)


def _not_a_country(*codes: str) -> str | None:
    bad = [c for c in codes if not is_country_code(c)]
    return f"{bad[0]!r} is not an ISO 3166-1 alpha-2 country code" if bad else None


def _check_pair(key: str) -> str | None:
    a, b = key[:2], key[3:]
    problem = _not_a_country(a, b)
    if problem is None and a > b:
        return f"pair codes go in alphabetical order: pairs/{b}-{a}"
    return problem


def _country_spec(key: str) -> FeedSpec:
    name = country_name(key)
    return FeedSpec(f"from/{key}", f"{SITE_NAME}: published in {name}",
                    f"Articles from publishers in {name} ({key})", FeedFilter(publisher_countries=(key,)),
                    family="from", indexed=True)


def _language_spec(key: str) -> FeedSpec:
    name = language_name(key)
    return FeedSpec(f"lang/{key}", f"{SITE_NAME}: in {name}", f"Articles written in {name} ({key})",
                    FeedFilter(languages=(key,)), language=key, family="lang", indexed=True)


def _languages(session: Session) -> list[str]:
    tags = (language_tag(v) for v in distinct_values(session, "language"))
    return sorted({p for p in (primary_subtag(t, strict=True) for t in tags) if p})


def _countries(session: Session) -> list[str]:
    return sorted({v.upper() for v in distinct_values(session, "publisher_country") if len(v) == 2})


def _subjects(session: Session) -> list[str]:
    """Countries that are parties of at least one cooperation item."""
    return sorted(party_activity(session).countries)


def _pairs(session: Session) -> list[str]:
    """Pairs of parties of at least one cooperation item, most recently active first."""
    return list(party_activity(session).pairs)


def _cooperation(session: Session) -> list[str]:
    return [""] if feed_window(session, "cooperation", 1) else []


FAMILIES: list[FeedFamily] = [
    FeedFamily("all", "all", "Everything", "", lambda _s: [""], _all_spec, always=True),
    FeedFamily("cooperation", "cooperation", "Defence cooperation", "", _cooperation, _cooperation_spec,
               always=True),
    FeedFamily("pairs", "pairs/", "By country pair (cooperation)", r"([A-Z]{2})-(?!\1)[A-Z]{2}", _pairs,
               _pair_spec, check=_check_pair, always=True,
               hint="two different ISO 3166-1 alpha-2 country codes, upper case, joined by '-' (AZ-IT)"),
    FeedFamily("countries", "countries/", "By country (subject)", r"[A-Z]{2}", _subjects, _subject_spec,
               check=_not_a_country, always=True, hint="an ISO 3166-1 alpha-2 country code, upper case (IT)"),
    FeedFamily("sources", "sources/", "By source", r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}",
               lambda s: distinct_values(s, "source"), _source_spec, _source_spec),
    FeedFamily("from", "from/", "By publisher country", r"[A-Z]{2}", _countries, _country_spec),
    FeedFamily("lang", "lang/", "By language", r"[a-z]{2,3}", _languages, _language_spec),
]


def register_family(family: FeedFamily) -> None:
    """Add a feed family (replacing one of the same name)."""
    FAMILIES[:] = [f for f in FAMILIES if f.name != family.name] + [family]


def catalog(
    session: Session, families: Iterable[FeedFamily] | None = None, names: Mapping[str, str] | None = None
) -> list[FeedSpec]:
    """Every feed that currently exists, family by family, keys sorted (`names`: publisher names by source id)."""
    specs: list[FeedSpec] = []
    for family in FAMILIES if families is None else families:
        for key in family.keys(session):
            spec = family.parse(family.prefix + key, names)
            if spec is None:
                logger.warning("no %s feed for %r: the key does not match %s", family.name, key, family.pattern)
                continue
            specs.append(spec)
    return specs


def spec_for_slug(
    slug: str, families: Iterable[FeedFamily] | None = None, names: Mapping[str, str] | None = None
) -> FeedSpec | None:
    """The feed a URL path (without extension) names, whether or not it has articles yet."""
    for family in FAMILIES if families is None else families:
        spec = family.parse(slug, names)
        if spec is not None and spec.slug == slug:
            return spec
    return None


def family_of(slug: str, families: Iterable[FeedFamily] | None = None) -> FeedFamily | None:
    """The family whose prefix `slug` falls under (the longest prefix), whether or not it names a feed."""
    found = [f for f in (FAMILIES if families is None else families)
             if (slug.startswith(f.prefix) if f.prefix.endswith("/") else slug == f.prefix)]
    return max(found, key=lambda f: len(f.prefix), default=None)


def split_feed_path(path: str) -> tuple[str, str] | None:
    """`("sources/x", "atom")` for `sources/x.atom`; None when the extension names no format."""
    slug, dot, ext = path.rpartition(".")
    if not dot:
        return None
    for fmt, extension in EXTENSIONS.items():
        if ext == extension:
            return slug, fmt
    return None
