"""End-to-end crawls: real `scrapy crawl` subprocesses against a loopback site, records checked in the store (the
crawls that store run on SQLite and on PostgreSQL: they take `database_url`)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.daemon_runs import db_rows
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, run_scrapy, write_catalog
from tests.helpers.site_fixtures import (
    html_source_toml,
    make_articles,
    news_sitemap_xml,
    publish_site,
    rss_xml,
    three_kinds_catalog,
)

pytestmark = pytest.mark.e2e



def rows(env: dict[str, str], source: str) -> list[dict[str, Any]]:
    return db_rows(env, "SELECT * FROM articles WHERE source = :source ORDER BY url", source=source)


def last_run(env: dict[str, str], source: str) -> dict[str, Any]:
    return db_rows(env, "SELECT * FROM crawl_runs WHERE source = :source ORDER BY id DESC LIMIT 1", source=source)[0]


@pytest.fixture
def crawl_env(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    publish_site(site, make_articles(7))
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", three_kinds_catalog(site)))
    return attache_env


def assert_stored_the_fixture_site(site: LoopbackSite, env: dict[str, str], source: str) -> None:
    """The first crawl of `source` stored the seven articles, with their fields, in one ok run."""
    stored = rows(env, source)
    assert len(stored) == 7
    first = next(r for r in stored if r["url"].endswith("/news/story-1.html"))
    assert first["url"] == site.url("/news/story-1.html")  # canonical, tracking parameters gone
    assert first["title"] == "Italy and Azerbaijan hold sixth staff talks in Rome (report 1)"
    assert first["published"].startswith("2024-03-02 07:30")  # 09:30+02:00 stored as UTC
    assert "Colonel Mario Rossi" in first["authors"]
    assert "bilateral defence cooperation" in first["body_text"]
    assert first["publisher_country"] == "IT"
    run = last_run(env, source)
    assert (run["status"], run["new"], run["updated"], run["unchanged"]) == ("ok", 7, 0, 0)
    assert run["finished"] is not None


def test_html_crawl_stores_every_article_and_a_recrawl_downloads_only_new_ones(
    site: LoopbackSite, crawl_env: dict[str, str], database_url: str
) -> None:
    """An html crawl stores the site; a second downloads no known article; a third only the one new article.

    (Feed and sitemap sources store the same site in tests/test_pipelines.py and in the first crawl of their
    refetch tests below.)"""
    result = run_scrapy(crawl_env, "crawl", "test-html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_stored_the_fixture_site(site, crawl_env, "test-html")
    assert site.requests_for("/robots.txt"), "robots.txt must be consulted"
    agents = {r.headers.get("User-Agent", "") for r in site.requests_for("/news/story-")}
    assert agents and all(a.startswith("Attache/") and "+http" in a for a in agents)
    first_listing = site.requests_for("/news/")
    site.clear_log()

    result = run_scrapy(crawl_env, "crawl", "test-html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert site.requests_for("/news/story-") == []
    listing = [r for r in site.requests_for("/news/") if r.path == "/news/"]
    assert listing and listing[0].status == 304, "the unchanged listing is revalidated, not downloaded"
    assert "If-None-Match" in listing[0].headers
    assert len(site.requests_for("/news/page-")) == 0, "no further listing pages when nothing is new"
    assert first_listing
    run = last_run(crawl_env, "test-html")
    assert (run["status"], run["new"]) == ("ok", 0)

    publish_site(site, make_articles(8))  # one more article, listings change
    site.clear_log()
    assert run_scrapy(crawl_env, "crawl", "test-html").returncode == 0
    fetched = sorted({r.path.split("?")[0] for r in site.requests_for("/news/story-")})
    assert fetched == ["/news/story-8.html"]
    assert len(rows(crawl_env, "test-html")) == 8
    assert last_run(crawl_env, "test-html")["new"] == 1


def test_newer_sitemap_lastmod_refetches_and_sets_updated(site: LoopbackSite, crawl_env: dict[str, str],
                                                          database_url: str) -> None:
    assert run_scrapy(crawl_env, "crawl", "test-sitemap").returncode == 0
    assert_stored_the_fixture_site(site, crawl_env, "test-sitemap")
    articles = make_articles(7)
    changed = articles[2]
    changed.paragraphs.append("A correction was added to this report after publication.")
    changed_lastmod = datetime.now(UTC)
    publish_site(site, articles)
    # the sitemap announces the change with a newer lastmod
    xml = news_sitemap_xml(articles, site.base).replace(
        f"<lastmod>{changed.published.isoformat()}</lastmod>", f"<lastmod>{changed_lastmod.isoformat()}</lastmod>")
    site.add("/sitemap-news.xml.gz", gzip.compress(xml.encode()), "application/x-gzip")
    site.clear_log()
    assert run_scrapy(crawl_env, "crawl", "test-sitemap").returncode == 0
    assert sorted({r.path for r in site.requests_for("/news/story-")}) == [changed.path]
    row = next(r for r in rows(crawl_env, "test-sitemap") if r["url"].endswith(changed.path))
    assert "correction was added" in row["body_text"]
    assert row["updated"] is not None
    run = last_run(crawl_env, "test-sitemap")
    assert (run["new"], run["updated"]) == (0, 1)


def test_attache_crawl_and_articles_then_an_updated_feed_entry_is_refetched(
    site: LoopbackSite, crawl_env: dict[str, str], database_url: str
) -> None:
    """`attache crawl` prints progress and a summary, `attache articles` lists the records; a re-dated RSS
    entry is downloaded again by the next crawl, and only it, and its record is updated."""
    result = run_attache(crawl_env, "crawl", "test-feed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crawling test-feed" in result.stdout
    summary = [line for line in result.stdout.splitlines() if line.startswith("test-feed ")]
    assert summary and summary[0].split()[1:3] == ["ok", "7"], result.stdout
    assert_stored_the_fixture_site(site, crawl_env, "test-feed")
    listed = run_attache(crawl_env, "articles", "--source", "test-feed", "--limit", "3")
    assert listed.returncode == 0, listed.stderr
    assert "story-7.html" in listed.stdout and "story-1.html" not in listed.stdout  # newest first, limited
    as_json = run_attache(crawl_env, "articles", "--source", "test-feed", "--limit", "2", "--json")
    records = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [r["title"][-10:] for r in records] == ["(report 7)", "(report 6)"]
    assert records[0]["published"] == "2024-03-08T07:30:00+00:00" and records[0]["first_seen"]

    articles = make_articles(7)
    changed = articles[4]
    changed.paragraphs.append("The ministry corrected the date of the next meeting.")
    publish_site(site, articles)
    # RSS items have no update time of their own: the publisher re-dates the corrected item
    old_date = f"<pubDate>{changed.published:%a, %d %b %Y %H:%M:%S %z}</pubDate>"
    rss = rss_xml(articles, site.base)
    assert old_date in rss
    site.add("/feed.xml", rss.replace(old_date, f"<pubDate>{format_datetime(datetime.now(UTC))}</pubDate>"),
             "application/rss+xml")
    site.clear_log()
    result = run_scrapy(crawl_env, "crawl", "test-feed")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted({r.path for r in site.requests_for("/news/story-")}) == [changed.path]
    assert [r.status for r in site.requests_for("/feed.xml")] == [200], "the changed feed is downloaded again"
    row = next(r for r in rows(crawl_env, "test-feed") if r["url"].endswith(changed.path))
    assert "corrected the date of the next meeting" in row["body_text"]
    assert row["updated"] is not None
    run = last_run(crawl_env, "test-feed")
    assert (run["new"], run["updated"], run["unchanged"]) == (0, 1, 0)


def test_unknown_source_is_a_clear_error(crawl_env: dict[str, str]) -> None:
    result = run_attache(crawl_env, "crawl", "no-such-source")
    assert result.returncode == 2
    assert "unknown source(s): no-such-source" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_listing_that_is_not_html_fails_the_run_with_a_clear_error(
    site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    site.add("/news/", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\x00\x01binary", "application/pdf")
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", html_source_toml(site)))
    result = run_attache(attache_env, "crawl", "test-html")
    assert result.returncode == 1
    assert "is not an HTML page" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    run = last_run(attache_env, "test-html")
    assert run["status"] == "failed" and "is not an HTML page" in run["last_error"]
