"""The store's change marker (`scraper.store.changes`): moves on every insert and rewrite, stays otherwise."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from scraper.store import Store, upsert_article
from scraper.store.changes import change_marker
from tests.helpers.feed_store import NOW, _article


def test_the_marker_moves_when_articles_are_added_or_changed_and_only_then(database_url):
    store = Store(database_url)  # SQLite and PostgreSQL
    try:
        with store.session() as session:
            assert change_marker(session) == (0, None)
            upsert_article(session, _article(1), NOW)
            first = change_marker(session)
        assert first == (1, NOW)
        with store.session() as session:
            assert upsert_article(session, _article(1), NOW + timedelta(hours=1)) == "unchanged"
            assert change_marker(session) == first  # seen again, nothing changed
            upsert_article(session, _article(2), NOW + timedelta(hours=2))
            second = change_marker(session)
        assert second == (2, NOW + timedelta(hours=2))
        retagged = dataclasses.replace(_article(1), countries=["FR"], parties=["FR"])
        retagged.content_hash = _article(1).content_hash  # same text, new tags
        with store.session() as session:
            assert upsert_article(session, retagged, NOW + timedelta(hours=3)) == "updated"
            assert change_marker(session) == (2, NOW + timedelta(hours=3))
    finally:
        store.close()
