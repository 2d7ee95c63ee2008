"""Articles of the issue-10 complaint, tags set directly: two cooperation items with known parties and
ordinary news naming many countries (an election story naming 20, a trade story, a territory's news)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from scraper.items import Article
from scraper.store import Store, upsert_article

T0 = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
ELECTION = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
            "LU", "LV", "SY"]


def article(n: int, title: str, *, source: str = "wire", when: datetime | None = None, **tags: object) -> Article:
    body = f"{title}. " + "Report text with enough words to read as an article. " * 4
    values: dict[str, object] = {
        "url": f"https://{source}.example.org/news/{n}", "source": source, "title": title, "summary": body[:120],
        "body_text": body, "body_html": f"<p>{body}</p>", "published": when or T0 - timedelta(hours=n),
        "language": "en", "authors": ["Desk"],
    }
    values.update(tags)
    item = Article(**values)  # type: ignore[arg-type]
    item.content_hash = hashlib.sha256(f"{n}|{title}|{body}".encode()).hexdigest()
    return item


STAFF_TALKS = article(
    1, "Italy and Azerbaijan hold the 7th defence staff talks in Baku",
    countries=["AZ", "GE", "IT", "TR"], parties=["AZ", "IT"], mentioned=["GE", "TR"],
    cooperation=["staff_talks", "training"], primary_kind="staff_talks", organisations=["NATO"],
    cooperation_score=0.94,
)
EXERCISE = article(
    2, "French and Italian frigates train together in the Tyrrhenian Sea", source="marina",
    countries=["FR", "IT"], parties=["FR", "IT"], mentioned=[], cooperation=["exercise"], primary_kind="exercise",
    organisations=[], cooperation_score=0.88,
)
ORDINARY = [
    STAFF_TALKS, EXERCISE,
    article(3, "European elections: turnout figures from twenty countries", countries=ELECTION, mentioned=ELECTION),
    article(4, "Trade talks: China, the United States and Germany discuss tariffs", countries=["CN", "DE", "US"],
            mentioned=["CN", "DE", "US"]),
    article(5, "Cyclone season: Australia prepares the Cocos (Keeling) Islands", countries=["AU", "CC"],
            mentioned=["AU", "CC"]),
]


def fill(store: Store, articles: list[Article], now: datetime = T0) -> None:
    with store.session() as session:
        for i, item in enumerate(articles):
            upsert_article(session, item, now + timedelta(seconds=i), publisher_country="IT")
