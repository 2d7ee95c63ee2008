"""Item pipelines in process: PageItem → NormalisePipeline → TagPipeline → StorePipeline, on a real SQLite store.

The pipelines are built with `build_from_crawler` on a `get_crawler` crawler of a catalog source's spider
and opened as the engine opens them; pages come from the fixture site (tests/helpers/site_fixtures.py)
through the spider's own `parse_article`, so the items carry the spider's hints.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import select
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

import scraper.page_reading
from scraper.crawl_resources import crawl_resources
from scraper.items import Article, FetchedArticle, PageItem
from scraper.middlewares import KnownArticlesMiddleware
from scraper.pipelines import NormalisePipeline, StorePipeline, TagPipeline
from scraper.store import set_tagger_version, stored_tagger_version
from scraper.store.schema import ArticleRow
from scraper.tagging.version import TAGGER_VERSION
from tests.helpers.scrapy_components import (
    BASE,
    OfflineSite,
    call,
    close_spider,
    component_crawler,
    follow,
    make_response,
    make_source,
    open_spider,
)
from tests.helpers.site_fixtures import FixtureArticle, article_html, make_articles, publish_site

Stages = tuple[NormalisePipeline, TagPipeline, StorePipeline]


def open_pipelines(crawler: Crawler) -> Stages:
    normalise = build_from_crawler(NormalisePipeline, crawler)
    tag = build_from_crawler(TagPipeline, crawler)
    store = build_from_crawler(StorePipeline, crawler)
    open_spider(crawler)
    for stage in (normalise, tag, store):
        stage.open_spider()
    return normalise, tag, store


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    return component_crawler(make_source(country="IT"), tmp_path)


def page_item(crawler: Crawler, article: FixtureArticle, query: str = "?utm_source=listing",
              hints: dict[str, Any] | None = None, html: str | None = None) -> PageItem:
    """What the spider yields for the fixture article's page."""
    request = crawler.spider.article_request(BASE + article.path + query, hints)
    response = make_response(request.url, html or article_html(article, BASE), request=request)
    (item,) = call(request, response)
    return item


def run_all(stages: Stages, item: Any) -> Any:
    for stage in stages:
        item = settled(stage.process_item(item), stages[-1])
    return item


def settled(value: Any, store: StorePipeline) -> Any:
    """`value`, or what a Deferred the store stage returned gives once its batch is stored (flushed now)."""
    if not isinstance(value, Deferred):
        return value
    if not value.called:
        store.flush()
    outcome: list[Any] = []
    value.addBoth(outcome.append)
    if isinstance(outcome[0], Failure):
        outcome[0].raiseException()
    return outcome[0]


def stored_rows(crawler: Crawler) -> list[ArticleRow]:
    with crawl_resources(crawler).store.session() as session:
        return list(session.scalars(select(ArticleRow).order_by(ArticleRow.url)))


# --- NormalisePipeline ----------------------------------------------------------------------------
def test_a_page_becomes_a_fetched_article(crawler: Crawler) -> None:
    normalise, _, _ = open_pipelines(crawler)
    story = make_articles(1)[0]
    fetched = normalise.process_item(page_item(crawler, story))
    assert isinstance(fetched, FetchedArticle)
    assert fetched.fetched_url == BASE + story.path + "?utm_source=listing"
    article = fetched.article
    assert article.url == BASE + story.path  # the page's canonical link
    assert article.source == "test-html"
    assert article.title == "Italy and Azerbaijan hold sixth staff talks in Rome (report 1)"
    assert article.published == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)
    assert article.authors == ["Colonel Mario Rossi"]
    assert article.body_text.startswith("Report number 1: delegations met")
    assert article.content_hash


def test_hints_fill_what_the_page_does_not_say(crawler: Crawler) -> None:
    normalise, _, _ = open_pipelines(crawler)
    published = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    paragraph = "A plain paragraph about a joint naval exercise. " * 8
    bare = f"<html><body><article><p>{paragraph}</p></article></body></html>"
    item = page_item(crawler, make_articles(1)[0], hints={"title": "Title from the feed", "published": published},
                     html=bare)
    article = normalise.process_item(item).article
    assert (article.title, article.published) == ("Title from the feed", published)


@pytest.mark.parametrize(("html", "reason"), [
    ("<html><body></body></html>", "no title found on"),
    ("<html><head><title>Only a title</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
     "no article text found on"),
])
def test_pages_without_title_or_text_are_dropped_with_the_reason(crawler: Crawler, html: str, reason: str) -> None:
    normalise, _, _ = open_pipelines(crawler)
    item = page_item(crawler, make_articles(1)[0], html=html)
    with pytest.raises(DropItem, match=reason) as info:
        normalise.process_item(item)
    assert item.url in str(info.value)


def test_a_page_that_breaks_normalisation_is_dropped_not_raised(
    crawler: Crawler, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Article:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(scraper.page_reading, "normalise", broken)
    normalise, _, _ = open_pipelines(crawler)
    item = page_item(crawler, make_articles(1)[0])
    with pytest.raises(DropItem, match=r"normalise failed for .*story-1\.html.*: parser exploded"):
        normalise.process_item(item)
    assert "normalise failed for" in caplog.text


def test_other_items_pass_every_stage_untouched(crawler: Crawler) -> None:
    stages = open_pipelines(crawler)
    other = {"not": "a page"}
    assert run_all(stages, other) is other
    assert stored_rows(crawler) == []


# --- TagPipeline ----------------------------------------------------------------------------------
def test_tags_use_the_publishers_country(tmp_path: Path) -> None:
    """'The Ministry' is the publisher's own state: a party it never names; Italy, an observer, is only mentioned."""
    title = "Staff talks with Georgia"
    body = ("The Ministry of Defence hosted a Georgian delegation for bilateral staff talks on joint exercises. "
            "An observer from Italy attended the meeting as a guest.")
    parties = {}
    for publisher in ("AZ", "GB"):
        crawler = component_crawler(make_source(country=publisher), tmp_path / publisher)
        _, tag, _ = open_pipelines(crawler)
        article = Article(url=BASE + "/news/talks.html", title=title, body_text=body, language="en")
        tagged = tag.process_item(FetchedArticle(article, article.url))
        parties[publisher] = tagged.article.parties
        assert tagged.article.cooperation_score > 0.5  # scored as defence cooperation
        assert tagged.article.mentioned == ["IT"] and tagged.article.primary_kind == "staff_talks"
    assert parties == {"AZ": ["AZ", "GE"], "GB": ["GB", "GE"]}


def test_a_tagging_failure_keeps_the_article(crawler: Crawler, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    def broken(article: Article, country: str | None) -> None:
        raise ValueError("lexicon missing")

    normalise, tag, _ = open_pipelines(crawler)
    fetched = normalise.process_item(page_item(crawler, make_articles(1)[0]))
    monkeypatch.setattr(scraper.page_reading, "tag_article", broken)
    with caplog.at_level(logging.ERROR):
        assert tag.process_item(fetched) is fetched
    assert "tagging failed for" in caplog.text and fetched.article.countries == []


# --- StorePipeline --------------------------------------------------------------------------------
def test_new_updated_unchanged_counted_across_runs(tmp_path: Path) -> None:
    story, other = make_articles(2)

    def run(*stories: FixtureArticle) -> Crawler:
        crawler = component_crawler(make_source(country="IT"), tmp_path)
        stages = open_pipelines(crawler)
        for s in stories:
            assert isinstance(run_all(stages, page_item(crawler, s)), Article)
        close_spider(crawler)
        return crawler

    def counts(crawler: Crawler) -> tuple[int, int, int]:
        return tuple(crawler.stats.get_value(f"attache/{k}", 0) for k in ("new", "updated", "unchanged"))  # type: ignore[return-value]

    first = run(story, other)
    assert counts(first) == (2, 0, 0)
    assert counts(run(story, other)) == (0, 0, 2)
    story.paragraphs.append("A correction was added to this report after publication.")
    assert counts(run(story, other)) == (0, 1, 1)
    rows = {row.url.removeprefix(BASE): row for row in stored_rows(first)}
    assert set(rows) == {story.path, other.path}
    row = rows[story.path]
    assert "correction was added" in row.body_text and row.updated is not None
    assert row.publisher_country == "IT" and row.source == "test-html"
    assert row.fetched_url == BASE + story.path  # canonicalised: the tracking parameter is gone


def test_the_store_keeps_what_tagging_decided_about_cooperation(crawler: Crawler) -> None:
    """Parties, mentions, the main kind and organisations reach the store as the tag stage leaves them
    (set here directly: this checks the wiring, not the tagger)."""
    normalise, tag, store = open_pipelines(crawler)
    fetched = tag.process_item(normalise.process_item(page_item(crawler, make_articles(1)[0])))
    fetched.article.parties, fetched.article.mentioned = ["AZ", "IT"], ["TR"]
    fetched.article.cooperation, fetched.article.primary_kind = ["staff_talks", "training"], "staff_talks"
    fetched.article.organisations, fetched.article.cooperation_score = ["NATO"], 0.9
    store.process_item(fetched)
    (row,) = stored_rows(crawler)
    assert (row.parties, row.mentioned, row.primary_kind, row.organisations, row.cooperation) == (
        ["AZ", "IT"], ["TR"], "staff_talks", ["NATO"], ["staff_talks", "training"])


def test_the_same_article_twice_in_a_run_is_dropped_as_a_duplicate(crawler: Crawler) -> None:
    stages = open_pipelines(crawler)
    story = make_articles(1)[0]
    run_all(stages, page_item(crawler, story))
    again = page_item(crawler, story, query="?from=feed")  # another URL, the same canonical article
    with pytest.raises(DropItem, match=r"duplicate in this run: .*story-1\.html \(fetched as .*\?from=feed\)"):
        run_all(stages, again)
    assert crawler.stats.get_value("attache/new") == 1 and crawler.stats.get_value("attache/unchanged") is None
    assert len(stored_rows(crawler)) == 1


@pytest.mark.parametrize(("kind", "start"), [("html", "/news/"), ("feed", "/feed.xml"), ("sitemap", "/sitemap.xml")])
def test_each_kind_of_source_stores_the_fixture_site(tmp_path: Path, kind: str, start: str) -> None:
    """The spider, KnownArticlesMiddleware and the three pipelines over the fixture site (what `scrapy crawl`
    does, without the downloader): seven records with the page's fields."""
    site = OfflineSite()
    publish_site(site, make_articles(7))  # type: ignore[arg-type]
    crawler = component_crawler(make_source(f"test-{kind}", kind=kind, start=start, country="IT"), tmp_path)
    middleware = build_from_crawler(KnownArticlesMiddleware, crawler)
    stages = open_pipelines(crawler)
    walk = follow(crawler, site, middleware)
    stored = [run_all(stages, item) for item in walk.items]
    assert len(stored) == 7 and crawler.stats.get_value("attache/new") == 7
    rows = stored_rows(crawler)
    assert len(rows) == 7
    first = next(r for r in rows if r.url.endswith("/news/story-1.html"))
    assert first.url == BASE + "/news/story-1.html"  # canonical, tracking parameters gone
    assert first.source == f"test-{kind}" and first.publisher_country == "IT"
    assert first.title == "Italy and Azerbaijan hold sixth staff talks in Rome (report 1)"
    assert first.published == datetime(2024, 3, 2, 7, 30, tzinfo=UTC)  # 09:30+02:00
    assert "Colonel Mario Rossi" in first.authors
    assert "bilateral defence cooperation" in first.body_text
    close_spider(crawler)


def test_a_crawl_into_an_empty_store_records_the_tagger_version(tmp_path: Path) -> None:
    """So the daemon's start does not retag what the current tagger just tagged; a store that already
    has articles of an unknown version keeps that unknown (the daemon retags it)."""
    (story,) = make_articles(1)
    crawler = component_crawler(make_source(country="IT"), tmp_path)
    stages = open_pipelines(crawler)
    run_all(stages, page_item(crawler, story))
    store = crawl_resources(crawler).store
    with store.session() as session:
        assert stored_tagger_version(session) == TAGGER_VERSION
        set_tagger_version(session, "older")
    close_spider(crawler)
    again = component_crawler(make_source(country="IT"), tmp_path)
    open_pipelines(again)
    with crawl_resources(again).store.session() as session:
        assert stored_tagger_version(session) == "older"
    close_spider(again)


def test_a_store_failure_drops_the_article_naming_the_sqlite_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    crawler = component_crawler(make_source(country="IT"), tmp_path,
                                ATTACHE_DATABASE_URL=f"sqlite:///{data / 'attache.sqlite3'}?timeout=0.2")
    stages = open_pipelines(crawler)
    story = make_articles(1)[0]
    holder = sqlite3.connect(data / "attache.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a second connection holds the write lock
    try:
        with pytest.raises(DropItem) as dropped, caplog.at_level(logging.ERROR):
            run_all(stages, page_item(crawler, story))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    url = BASE + story.path
    assert str(dropped.value) == f"could not store {url}: database is locked"
    assert f"could not store {url}: OperationalError: database is locked" in caplog.text
    assert stored_rows(crawler) == []
    assert isinstance(run_all(stages, page_item(crawler, story)), Article)  # unlocked: stored next time


def test_one_bad_record_in_a_batch_costs_only_itself(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A batch whose transaction fails is stored again article by article: every waiting item gets its answer
    (a pending Deferred would hold the crawl open), the good articles are stored, the bad one is dropped."""
    crawler = component_crawler(make_source(country="IT"), tmp_path, ATTACHE_STORE_BATCH=3)
    normalise, tag, store = open_pipelines(crawler)
    fetched = [tag.process_item(normalise.process_item(page_item(crawler, s))) for s in make_articles(3)]
    fetched[1].article.content_hash = ""  # refused by the store (ValueError, not a database error)
    async def hand_over() -> list[Any]:  # in a running loop: the first item starts the batch's flush timer
        return [store.process_item(item) for item in fetched]  # the third fills the batch: stored now

    with caplog.at_level(logging.WARNING):
        waiting = asyncio.run(hand_over())
    outcomes: list[Any] = []
    for deferred in waiting:
        assert isinstance(deferred, Deferred) and deferred.called
        deferred.addBoth(outcomes.append)
    assert [type(o).__name__ for o in outcomes] == ["Article", "Failure", "Article"]
    assert outcomes[1].check(DropItem) and "has no content_hash" in str(outcomes[1].value)
    assert "storing them one by one" in caplog.text
    assert len(stored_rows(crawler)) == 2
    assert crawler.stats.get_value("attache/new") == 2


def test_an_article_waits_for_its_batch_at_most_the_flush_delay(tmp_path: Path) -> None:
    crawler = component_crawler(make_source(country="IT"), tmp_path, ATTACHE_STORE_BATCH=50,
                                ATTACHE_STORE_FLUSH_SECONDS=0.05)
    normalise, tag, store = open_pipelines(crawler)
    item = tag.process_item(normalise.process_item(page_item(crawler, make_articles(1)[0])))

    async def hand_over() -> tuple[bool, bool, int]:
        waiting = store.process_item(item)
        before = waiting.called
        await asyncio.sleep(0.5)  # the batch is far from full: the timer stores it
        return before, waiting.called, len(stored_rows(crawler))

    assert asyncio.run(hand_over()) == (False, True, 1)
    assert crawler.stats.get_value("attache/new") == 1
