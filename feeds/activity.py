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
from scraper.store.feed_queries import feed_activity

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


def party_activity(session: Session) -> PartyActivity:
    """Pairs and countries the store's cooperation items support (computed once per session).

    Read from the store's feed index (`pairs/`, `party/` keys of `scraper.store.feed_index`, the rule of
    `scraper.tagging.pairs.party_pairs`), so the cost follows the cooperation items, not the whole store.
    """
    cached = session.info.get(_CACHE_KEY)
    if isinstance(cached, PartyActivity):
        return cached
    pairs = {key: Activity(count, latest) for key, count, latest in feed_activity(session, "pairs/")
             if all(is_country_code(code) for code in key.split("-"))}
    countries = {key: Activity(count, latest) for key, count, latest in feed_activity(session, "party/")
                 if is_country_code(key)}
    newest = max((a.latest for a in countries.values()), default=None)
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
