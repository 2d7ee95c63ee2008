"""Shared helpers for the feed tests: a real SQLite store filled with varied and hostile articles."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scraper.config import Config, load_config
from scraper.items import Article, Image
from scraper.store import Store, upsert_article

NOW = datetime(2025, 3, 10, 12, 0, 0, tzinfo=UTC)

HOSTILE_BODY = (
    '<p onclick="steal()">Body with a <a href="/relative/page">relative link</a> and '
    '<img src="img/inline.png" alt="inline"> picture.</p>'
    "<script>alert('x')</script><iframe src=\"https://evil.example/frame\">frame</iframe>"
    "<p>Bell\x07 char, form\x0c feed, smart \x93quotes\x94.</p>"
)


def make_config(tmp_path: Path, **extra: str) -> Config:
    """A configuration rooted in `tmp_path` (nothing read from the real environment)."""
    env = {"ATTACHE_DATA_DIR": str(tmp_path / "data"), "ATTACHE_PUBLIC_BASE_URL": "http://127.0.0.1:8787/"}
    env.update(extra)
    return load_config(env=env)


def _article(n: int, **fields: object) -> Article:
    values: dict[str, object] = {
        "url": f"https://news.example.org/articles/{n}",
        "source": "example-news",
        "title": f"Defence cooperation story {n}",
        "summary": f"Summary of story {n}.",
        "body_text": f"Full text of story {n}. Frigate exercise and training.",
        "body_html": f"<p>Full text of story {n}. Frigate exercise and training.</p>",
        "published": NOW - timedelta(hours=n),
        "authors": [f"Reporter {n}"],
        "language": "en",
        "tags": ["navy", "training"],
        "countries": ["IT", "AZ"],
        "cooperation": ["exercise"],
    }
    values.update(fields)
    cooperation = values["cooperation"]
    # A cooperation item's parties are the countries it names unless a test says otherwise.
    values.setdefault("parties", list(values["countries"]) if cooperation else [])  # type: ignore[call-overload]
    values.setdefault("primary_kind", cooperation[0] if cooperation else None)  # type: ignore[index]
    article = Article(**values)  # type: ignore[arg-type]
    article.content_hash = hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()
    return article


def sample_articles() -> list[tuple[Article, str | None]]:
    """Varied articles with their publisher country, hostile ones included."""
    return [
        (_article(1, images=[Image("https://news.example.org/img/lead1.jpg", caption="Lead <b>one</b>",
                                   mime_type="image/jpeg", length=12345, width=800, height=600)],
                  rights="© Example News, CC BY 4.0"), "GB"),
        (_article(2, title="Esercitazione congiunta \x01Italia\x1f–Azerbaigian",
                  summary="Sintesi \x85 con caratteri di controllo\x0b.", body_html=HOSTILE_BODY,
                  body_text="Testo completo sulla fregata.", language="it_IT", authors=[],
                  images=[Image("/media/foto.png")], source="difesa-it", countries=["IT", "AZ"]), "IT"),
        (_article(3, title="<b>Bold</b> title &amp; entity", published=None, authors=["A. Writer", ""],
                  tags=["cyber", "Navy & Air"], countries=["DE"], cooperation=[], language="de",
                  source="bund-de", images=[Image("https://cdn.example.org/photo?id=7")]), "DE"),
        (_article(4, published=NOW - timedelta(hours=4), language="en-GB", countries=[],
                  body_html="", body_text="Only plain text here.\nSecond line."), "GB"),
        (_article(5, published=NOW - timedelta(hours=4), title="", summary="Untitled article summary"), "GB"),
    ]


def fill_store(store: Store, now: datetime = NOW) -> None:
    """Upsert the sample articles through the real store API."""
    with store.session() as session:
        for i, (article, country) in enumerate(sample_articles()):
            upsert_article(session, article, now + timedelta(seconds=i), publisher_country=country)


def add_article(store: Store, n: int, now: datetime = NOW, country: str | None = "GB", **fields: object) -> None:
    """Upsert one more article."""
    with store.session() as session:
        upsert_article(session, _article(n, **fields), now, publisher_country=country)


def serve_feeds(tmp_path: Path, database_url: str | None = None):  # type: ignore[no-untyped-def]
    """Fill a store in `tmp_path` (or in `database_url`), publish it and start the feed server on an ephemeral
    loopback port."""
    from feeds.publish import publish
    from feeds.server import make_server

    config = make_config(tmp_path, **({"ATTACHE_DATABASE_URL": database_url} if database_url else {}))
    store = Store(config.database_url)
    fill_store(store)
    publish(config, store)
    server = make_server(config, store, port=0)
    server.start()
    return server
