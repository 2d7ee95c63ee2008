"""Filter parameters on feed URLs (`?q=&country=&pair=&kind=&cooperation=&lang=&source=&since=&limit=`):
parsing.

Each bad parameter raises `FilterError` with a message naming the parameter,
what was wrong and what is accepted; the server answers it with 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode

from scraper.store.feed_queries import FeedFilter
from scraper.store.search_query import parse_term, split_terms
from scraper.tagging.cooperation import KINDS

from .clean import language_tag

PARAMETERS = ("q", "country", "pair", "kind", "cooperation", "lang", "source", "since", "limit")
MAX_KEYWORDS = 10
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_PAIR = re.compile(r"([A-Za-z]{2})-([A-Za-z]{2})")
_YES = ("1", "true", "yes")
_SOURCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class FilterError(ValueError):
    """A filter parameter is invalid; the message says which and why."""


@dataclass(frozen=True)
class FilterRequest:
    """Parsed filter parameters: the extra conditions, an optional entry cap and the canonical query string."""

    filter: FeedFilter
    limit: int | None
    query: str


def _since(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise FilterError(
            f"since must be an ISO 8601 date or date-time (2025-03-01 or 2025-03-01T08:00:00+01:00), got {value!r}"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def parse_filters(query: str, max_limit: int) -> FilterRequest:
    """Parse a URL query string; raises `FilterError` for unknown, repeated, empty or malformed parameters."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=20)
    except ValueError as exc:
        raise FilterError(f"malformed query string: {exc}") from None
    values: dict[str, str] = {}
    for key, value in pairs:
        if key not in PARAMETERS:
            raise FilterError(f"unknown parameter {key!r}; feed URLs accept {', '.join(PARAMETERS)}")
        if key in values:
            raise FilterError(f"parameter {key!r} given more than once")
        value = value.strip()
        if not value:
            raise FilterError(f"parameter {key!r} is empty")
        values[key] = value
    flt = FeedFilter()
    limit: int | None = None
    if "q" in values:
        terms = tuple(dict.fromkeys(split_terms(values["q"])))
        if len(values["q"]) > 200 or len(terms) > MAX_KEYWORDS:
            raise FilterError(f"q takes at most {MAX_KEYWORDS} words or quoted phrases and 200 characters")
        if not any(parse_term(t) is not None for t in terms):
            raise FilterError(f"q has no word to search for (letters or digits), got {values['q']!r}")
        values["q"] = " ".join(terms)
        flt &= FeedFilter(keywords=terms)
    if "country" in values:
        codes = [c.strip() for c in values["country"].split(",")]
        if not all(_COUNTRY.fullmatch(c) for c in codes):
            raise FilterError(
                f"country must be ISO 3166-1 alpha-2 codes separated by commas (IT or AZ,IT), got {values['country']!r}"
            )
        values["country"] = ",".join(dict.fromkeys(c.upper() for c in codes))
        flt &= FeedFilter(any_countries=tuple(values["country"].split(",")))
    if "pair" in values:
        match = _PAIR.fullmatch(values["pair"])
        codes = sorted({c.upper() for c in match.groups()}) if match else []
        if len(codes) != 2:
            raise FilterError(
                f"pair must be two different ISO 3166-1 alpha-2 codes joined by '-' (AZ-IT), got {values['pair']!r}"
            )
        values["pair"] = "-".join(codes)
        flt &= FeedFilter(subject_countries=tuple(codes))
    if "kind" in values:
        kind = values["kind"].strip().lower().replace("-", "_").replace(" ", "_")
        if kind not in KINDS:
            raise FilterError(f"kind must be one of {', '.join(KINDS)}, got {values['kind']!r}")
        values["kind"] = kind
        flt &= FeedFilter(kinds=(kind,))
    if "cooperation" in values:
        if values["cooperation"].lower() not in _YES:
            raise FilterError(f"cooperation takes 1 (only defence-cooperation articles), got {values['cooperation']!r}")
        values["cooperation"] = "1"
        flt &= FeedFilter(cooperation_only=True)
    if "lang" in values:
        tag = language_tag(values["lang"])
        if tag is None:
            raise FilterError(f"lang must be a language code like it or it-IT, got {values['lang']!r}")
        values["lang"] = tag.split("-")[0]
        flt &= FeedFilter(languages=(values["lang"],))
    if "source" in values:
        if not _SOURCE.fullmatch(values["source"]):
            raise FilterError(f"source must be a source id (letters, digits, '.', '_', '-'), got {values['source']!r}")
        flt &= FeedFilter(sources=(values["source"],))
    if "since" in values:
        since = _since(values["since"])
        values["since"] = since.isoformat()
        flt &= FeedFilter(since=since)
    if "limit" in values:
        try:
            limit = int(values["limit"])
        except ValueError:
            limit = 0
        if not 1 <= limit <= max_limit:
            raise FilterError(f"limit must be a whole number from 1 to {max_limit}, got {values['limit']!r}")
        values["limit"] = str(limit)
    canonical = urlencode(sorted(values.items()))
    return FilterRequest(flt, limit, canonical)
