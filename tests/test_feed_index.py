"""The store's feed index (`feed_members`, `sort_time`) and dirty-feed marks: every built-in feed's window
read from the index is the window its filter query gives, after inserts, text changes and retags; marks
are made in the article's transaction and cleared only as seen. SQLite and PostgreSQL (`database_url`)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, inspect, select, text

from feeds.catalog import catalog
from scraper.items import Article
from scraper.store import Store, update_tags, upsert_article
from scraper.store.dirty import clear_dirty, dirty_feeds, mark_dirty
from scraper.store.feed_index import member_feeds
from scraper.store.feed_queries import feed_window, filter_window
from scraper.store.schema import ArticleRow, FeedMemberRow, StoreMetaRow

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
CODES = ["AZ", "IT", "TR", "GE", "de", "FR"]


def random_article(rng: random.Random, n: int) -> Article:
    """Odd cases on purpose: lower-case codes, mentioned countries, regional languages, no date, ties."""
    countries = rng.sample(CODES, rng.randint(0, 3))
    coop = rng.random() < 0.5
    return Article(
        url=f"https://s{n % 5}.example.org/{n}", source=f"s{n % 5}", title=f"Title {n}", body_text=f"Text {n}.",
        content_hash=f"h{n}", published=None if n % 7 == 0 else T0 + timedelta(hours=rng.randint(0, 30)),
        language=rng.choice(["en", "it-IT", "EN_gb", "az", None, "tr"]), countries=countries,
        mentioned=[c for c in countries if rng.random() < 0.3],
        parties=[c for c in countries if rng.random() < 0.8] if coop else [],
        cooperation=[rng.choice(["staff_talks", "visit"])] if coop else [],
        primary_kind=("staff_talks" if rng.random() < 0.8 else None) if coop else None,
    )


def check_windows(store: Store) -> int:
    """Every indexed feed's window equals its filter's; returns how many feeds were compared."""
    with store.session() as session:
        specs = [s for s in catalog(session) if s.indexed]
        for spec in specs:
            assert feed_window(session, spec.slug, 1000) == filter_window(session, spec.filter, 1000), spec.slug
    return len(specs)


def exercise(url: str) -> None:
    rng = random.Random(5)
    store = Store(url)
    try:
        with store.session() as session:
            for n in range(120):
                upsert_article(session, random_article(rng, n), T0 + timedelta(minutes=n % 40),
                               publisher_country=rng.choice(["it", "AZ", None]))
        assert check_windows(store) > 10
        with store.session() as session:  # new texts (new dates, new tags) and retags of the same text
            for n in range(0, 120, 3):
                changed = random_article(rng, n)
                changed.content_hash = f"h{n}-2"
                upsert_article(session, changed, T0 + timedelta(days=1))
            for row in session.scalars(select(ArticleRow).where(ArticleRow.id % 4 == 1)):
                update_tags(row, random_article(rng, row.id), T0 + timedelta(days=2))
        check_windows(store)
        with store.session() as session:
            for row in session.scalars(select(ArticleRow)):
                assert row.sort_time == (row.published or row.first_seen)
                stored = set(session.scalars(select(FeedMemberRow.feed).where(FeedMemberRow.article_id == row.id)))
                assert stored == member_feeds(row)
    finally:
        store.close()


def test_feed_windows_from_the_index_equal_the_filter_queries(database_url: str) -> None:
    exercise(database_url)


def test_a_window_walks_the_index_and_sorts_nothing(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    try:
        with store.session() as session:
            upsert_article(session, random_article(random.Random(1), 1), T0)
            plan = " ".join(str(r[-1]) for r in session.execute(text(
                "EXPLAIN QUERY PLAN SELECT article_id FROM feed_members WHERE feed = 'all' "
                "ORDER BY sort_time DESC, article_id LIMIT 50")))
        assert "ix_feed_members_window" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        store.close()


def dirty_marks(url: str) -> None:
    store = Store(url)
    try:
        with store.session() as session:
            article = random_article(random.Random(2), 3)
            article.countries, article.mentioned, article.language = ["IT"], [], "it"
            upsert_article(session, article, T0, publisher_country="IT")
            assert dirty_feeds(session) == dict.fromkeys(sorted(member_feeds(session.scalar(select(ArticleRow)))), 1)
        with store.session() as session:
            seen = dirty_feeds(session)
        with store.session() as session:  # a crawl marks `all` again while a publish runs
            mark_dirty(session, ["all"])
        with store.session() as session:
            clear_dirty(session, seen)
            assert dirty_feeds(session) == {"all": 2}  # the newer mark stays for the next publish
        with store.session() as session:  # an unchanged article marks nothing
            clear_dirty(session, dirty_feeds(session))
            assert upsert_article(session, article, T0 + timedelta(hours=1)) == "unchanged"
            assert dirty_feeds(session) == {}
    finally:
        store.close()


def test_dirty_marks(database_url: str) -> None:
    dirty_marks(database_url)


def test_a_store_without_the_index_is_backfilled_on_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    store = Store(url)
    rng = random.Random(3)
    with store.session() as session:
        for n in range(30):
            upsert_article(session, random_article(rng, n), T0 + timedelta(minutes=n))
        expected = {(m.feed, m.article_id) for m in session.scalars(select(FeedMemberRow))}
    with store.engine.begin() as conn:  # as a store made before the index (and before migrations) existed
        conn.execute(delete(FeedMemberRow))
        conn.execute(ArticleRow.__table__.update().values(sort_time=None))
        conn.execute(delete(StoreMetaRow))
        conn.exec_driver_sql("DROP INDEX ix_feed_members_window")
        conn.exec_driver_sql("DROP TABLE alembic_version")
    store.close()
    store = Store(url)
    try:
        assert "ix_feed_members_window" in {ix["name"] for ix in inspect(store.engine).get_indexes("feed_members")}
        with store.session() as session:
            assert {(m.feed, m.article_id) for m in session.scalars(select(FeedMemberRow))} == expected
            assert session.scalar(select(func.count()).where(ArticleRow.sort_time.is_(None))) == 0
        check_windows(store)
    finally:
        store.close()
