"""How active each pair and country feed is, from the cooperation items in the store; the long tail.

Only cooperation items make pair and country feeds: a pair for each pair of an item's parties
(`scraper.tagging.pairs.party_pairs`, the one rule), a country for each party. Countries an article
only mentions, and codes that name no country (`scraper.country_codes`), never make a feed.

The index page and the OPML list show the `PAIRS_ON_INDEX` most recently active pairs that had an item
within `QUIET_DAYS` of the newest cooperation item in the store; the others (the long tail) are listed
on `pairs.html` only. Measuring from the newest item rather than the clock keeps the pages a function of
the data: the same store always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from scraper.country_codes import is_country_code
from scraper.items import Article
from scraper.store.feed_queries import cooperation_items
from scraper.tagging.pairs import is_cooperation, party_pairs

PAIRS_ON_INDEX = 30
QUIET_DAYS = 90
_CACHE_KEY = "attache.party_activity"


@dataclass(frozen=True)
class Activity:
    """The cooperation items behind one feed: how many, and the newest one's time."""

    items: int
    latest: datetime


@dataclass(frozen=True)
class PartyActivity:
    """Activity of every pair (`AZ-IT`) and country (`IT`) that cooperation items support.

    Both mappings are ordered by activity: newest item first, then more items, then the key.
    """

    pairs: dict[str, Activity]
    countries: dict[str, Activity]
    newest: datetime | None
    """The newest cooperation item's time (None when there is none)."""


def _ordered(found: Mapping[str, Activity]) -> dict[str, Activity]:
    return dict(sorted(found.items(), key=lambda kv: (-kv[1].latest.timestamp(), -kv[1].items, kv[0])))


def _count(found: dict[str, Activity], key: str, when: datetime) -> None:
    seen = found.get(key)
    found[key] = Activity(1, when) if seen is None else Activity(seen.items + 1, max(seen.latest, when))


def party_activity(session: Session) -> PartyActivity:
    """Pairs and countries the store's cooperation items support (computed once per session)."""
    cached = session.info.get(_CACHE_KEY)
    if isinstance(cached, PartyActivity):
        return cached
    pairs: dict[str, Activity] = {}
    countries: dict[str, Activity] = {}
    newest = None
    for item in cooperation_items(session):
        parties = sorted({p.upper() for p in item.parties if is_country_code(p.upper())})
        article = Article(url="", parties=parties, cooperation=list(item.kinds), primary_kind=item.primary_kind)
        if not is_cooperation(article):
            continue
        newest = item.when if newest is None else max(newest, item.when)
        for a, b in party_pairs(article):
            _count(pairs, f"{a}-{b}", item.when)
        for code in parties:
            _count(countries, code, item.when)
    activity = PartyActivity(_ordered(pairs), _ordered(countries), newest)
    session.info[_CACHE_KEY] = activity
    return activity


def split_long_tail(activity: PartyActivity) -> tuple[list[str], list[str]]:
    """Pair keys for the index and OPML (recently active, at most `PAIRS_ON_INDEX`) and the long tail."""
    if activity.newest is None:
        return [], []
    since = activity.newest - timedelta(days=QUIET_DAYS)
    recent = [key for key, a in activity.pairs.items() if a.latest >= since][:PAIRS_ON_INDEX]
    shown = set(recent)
    return recent, [key for key in activity.pairs if key not in shown]
