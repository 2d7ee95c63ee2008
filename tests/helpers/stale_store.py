"""A store as an upgrade finds it: cooperation items whose stored tags are empty (tagged by an old tagger,
or stored before parties existed), with a tagger version set directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scraper.items import Article
from scraper.store import Store, set_tagger_version
from tests.helpers.cooperation_store import article, fill

STAFF_TALKS_IT = ("Il Capo di Stato Maggiore della Difesa italiano ha incontrato a Baku il Ministro della Difesa "
                  "dell'Azerbaijan per i colloqui di cooperazione militare bilaterale (staff talks) tra Italia e "
                  "Azerbaijan, con un piano di addestramento congiunto per il 2026.")
FRIGATES_EN = ("The French Navy frigate Provence and the Italian Navy frigate Carlo Bergamini held a joint exercise "
               "in the Tyrrhenian Sea this week, training together in anti-submarine warfare and air defence as "
               "part of bilateral naval cooperation between France and Italy.")
NO_TAGS: dict[str, object] = {"countries": [], "parties": [], "mentioned": [], "cooperation": [],
                              "primary_kind": None, "organisations": [], "cooperation_score": 0.0}


def stale_articles(count: int = 2, when: datetime | None = None) -> list[Article]:
    """`count` cooperation items (Italy–Azerbaijan staff talks, France–Italy exercise, alternating) stored
    without tags; recent, so their pair feeds are listed."""
    when = when or datetime.now(UTC) - timedelta(days=1)
    items = []
    for n in range(1, count + 1):
        if n % 2:
            item = article(n, f"Staff talks tra Italia e Azerbaijan a Baku ({n})", source="difesa",
                           body_text=STAFF_TALKS_IT, language="it", when=when - timedelta(minutes=n), **NO_TAGS)
        else:
            item = article(n, f"French and Italian frigates train together ({n})", source="marina",
                           body_text=FRIGATES_EN, when=when - timedelta(minutes=n), **NO_TAGS)
        item.summary = item.body_text[:120]
        items.append(item)
    return items


def make_stale_store(database_url: str, version: str | None, count: int = 2) -> None:
    """Fill the store at `database_url` with `stale_articles(count)` and record `version` (None: none)."""
    store = Store(database_url)
    try:
        fill(store, stale_articles(count), datetime.now(UTC) - timedelta(hours=1))
        if version is not None:
            with store.session() as session:
                set_tagger_version(session, version)
    finally:
        store.close()
