"""Hostile input over real crawls (issue 13): real `scrapy crawl` subprocesses against a loopback site that
mixes good pages with control references, gzip bombs, a 15.5 MB article and non-HTML start pages. Each test
checks that no good article is lost, that the crawl's memory stays bounded, and that the run names the cause."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import feedparser
import pytest

from scraper.normalise.limits import BODY_HTML_CHARS, BODY_TEXT_CHARS
from tests.helpers.daemon_runs import db_rows
from tests.helpers.hostile_site import CONTROL_REFERENCES, big_article, gzip_bomb, serve_with_references
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, run_scrapy, run_scrapy_measured, write_catalog
from tests.helpers.site_fixtures import (
    article_html,
    make_articles,
    news_sitemap_xml,
    publish_site,
    sitemap_index_xml,
    three_kinds_catalog,
)

pytestmark = pytest.mark.e2e

RSS_BOUND_MB = 300
"""Peak RSS of a crawl on any hostile input (issue 13's target)."""



@pytest.fixture
def env(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path, database_url: str) -> dict[str, str]:
    """The crawl's environment, on SQLite and on PostgreSQL (hostile text must store on both)."""
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", three_kinds_catalog(site)))
    return attache_env


def stored(env: dict[str, str], source: str) -> dict[str, dict[str, Any]]:
    rows = db_rows(env, "SELECT * FROM articles WHERE source = :source", source=source)
    return {r["url"].rsplit("/", 1)[-1]: r for r in rows}


def last_run(env: dict[str, str], source: str) -> dict[str, Any]:
    return db_rows(env, "SELECT * FROM crawl_runs WHERE source = :source ORDER BY id DESC LIMIT 1", source=source)[0]


def test_control_references_lose_no_article_over_a_real_crawl(site: LoopbackSite, env: dict[str, str]) -> None:
    """Seven articles, each with a word processor's reference (&#1;, &#x0B;, ..., &#xFFFF;) inside a word and
    between words of every paragraph: all seven are stored with their whole text (before: 'no article text')."""
    articles = make_articles(7)
    publish_site(site, articles)
    serve_with_references(site, articles)
    result = run_scrapy(env, "crawl", "test-html")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = stored(env, "test-html")
    assert len(rows) == 7, sorted(rows)
    for article, reference in zip(articles, CONTROL_REFERENCES, strict=True):
        body = rows[article.path.rsplit("/", 1)[-1]]["body_text"]
        assert "gations met to review bilateral defence cooperation" in body and "Report number" in body, reference
        assert "The talks covered training, exercises" in body, reference
        assert not any(ord(c) < 9 or 13 < ord(c) < 32 or c in "\ufffe\uffff" for c in body), reference
    run = last_run(env, "test-html")
    assert (run["status"], run["new"], run["dropped"]) == ("ok", 7, 0)


def test_a_gzip_bomb_sitemap_is_refused_and_the_other_sitemap_still_crawls(site: LoopbackSite,
                                                                          env: dict[str, str]) -> None:
    """A sitemap index lists a 1 GiB gzip bomb (1 MB on the wire) and the good news sitemap: the bomb is read no
    further than DOWNLOAD_MAXSIZE (16 MiB), the crawl stays under 300 MB, the seven articles are stored, and the
    run is partial with the bomb's URL and the cause."""
    articles = make_articles(7)
    publish_site(site, articles)
    site.add("/sitemap-bomb.xml.gz", gzip_bomb(1 << 30), "application/x-gzip")
    site.add("/sitemap.xml", sitemap_index_xml(["/sitemap-bomb.xml.gz", "/sitemap-news.xml.gz"], site.base),
             "application/xml")
    result, peak_mb = run_scrapy_measured(env, "crawl", "test-sitemap")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(stored(env, "test-sitemap")) == 7
    assert peak_mb < RSS_BOUND_MB, peak_mb
    run = last_run(env, "test-sitemap")
    assert run["status"] == "partial" and run["new"] == 7
    assert "/sitemap-bomb.xml.gz: over DOWNLOAD_MAXSIZE (16777216 B) once decompressed" in run["last_error"]
    print(f"gzip-bomb sitemap (1 GiB): crawl peak RSS {peak_mb:.0f} MB")


def test_a_gzip_bomb_feed_is_refused_with_its_cause(site: LoopbackSite, env: dict[str, str]) -> None:
    site.add("/feed.xml", gzip_bomb(1 << 29, b'<?xml version="1.0"?><rss version="2.0"><channel>'),
             "application/rss+xml")
    result, peak_mb = run_scrapy_measured(env, "crawl", "test-feed")
    assert result.returncode == 0, result.stderr[-3000:]
    assert peak_mb < RSS_BOUND_MB, peak_mb
    run = last_run(env, "test-feed")
    assert run["status"] == "failed"
    assert f"feed {site.url('/feed.xml')}: over DOWNLOAD_MAXSIZE" in run["last_error"]


def test_content_encoding_gzip_bombs_are_refused_by_scrapy_within_download_maxsize(site: LoopbackSite,
                                                                                  env: dict[str, str]) -> None:
    """`Content-Encoding: gzip` on an article (1 GiB once expanded) and on the feed of another source: Scrapy's
    HttpCompressionMiddleware stops at DOWNLOAD_MAXSIZE (checked here, not assumed); the six other articles are
    stored, the crawl stays under 300 MB, and both runs name the cause."""
    articles = make_articles(7)
    publish_site(site, articles)
    bomb = gzip_bomb(1 << 30, b"<html><body><p>")
    site.add(articles[3].path, bomb, headers={"Content-Encoding": "gzip"})
    result, peak_mb = run_scrapy_measured(env, "crawl", "test-feed")
    assert result.returncode == 0, result.stderr[-3000:]
    assert peak_mb < RSS_BOUND_MB, peak_mb
    rows = stored(env, "test-feed")
    assert len(rows) == 6 and articles[3].path.rsplit("/", 1)[-1] not in rows
    run = last_run(env, "test-feed")
    assert run["status"] == "partial" and run["new"] == 6
    assert articles[3].path in run["last_error"] and "DOWNLOAD_MAXSIZE" in run["last_error"], run["last_error"]
    print(f"Content-Encoding gzip bomb (1 GiB): crawl peak RSS {peak_mb:.0f} MB")

    site.add("/sitemap-news.xml.gz", gzip.compress(news_sitemap_xml(articles, site.base).encode()),
             "application/xml", headers={"Content-Encoding": "gzip"})
    site.add("/sitemap.xml", gzip_bomb(1 << 30, b'<?xml version="1.0"?><sitemapindex>'), "application/xml",
             headers={"Content-Encoding": "gzip"})
    result, peak_mb = run_scrapy_measured(env, "crawl", "test-sitemap")
    assert result.returncode == 0 and peak_mb < RSS_BOUND_MB, (peak_mb, result.stderr[-3000:])
    run = last_run(env, "test-sitemap")
    assert run["status"] == "failed" and "DOWNLOAD_MAXSIZE" in run["last_error"], run["last_error"]


def test_a_15mb_article_is_stored_bounded_within_the_memory_bound_and_appears_in_the_feeds(
        site: LoopbackSite, env: dict[str, str]) -> None:
    """A 15.5 MB article (under the 16 MiB download cap) among six normal ones: the crawl stays under 300 MB, the
    article is stored with bounded text and HTML, and the published RSS, Atom and JSON feeds carry it."""
    articles = make_articles(7)
    publish_site(site, articles)
    big = big_article(articles[2], 15_500_000)
    html = article_html(big, site.base)
    assert 15_000_000 < len(html.encode()) < 16 * 1024 * 1024
    site.add(big.path, html)
    result, peak_mb = run_scrapy_measured(env, "crawl", "test-html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert peak_mb < RSS_BOUND_MB, peak_mb
    rows = stored(env, "test-html")
    assert len(rows) == 7
    row = rows[big.path.rsplit("/", 1)[-1]]
    assert row["title"] == big.title
    assert len(row["body_text"]) <= BODY_TEXT_CHARS and len(row["body_html"]) <= BODY_HTML_CHARS + 20
    assert row["body_text"].startswith(big.paragraphs[0][:40]) and row["body_html"].endswith("<p>…</p>")
    assert last_run(env, "test-html")["status"] == "ok"
    print(f"15.5 MB article: crawl peak RSS {peak_mb:.0f} MB")

    published = run_attache(env, "publish")
    assert published.returncode == 0, published.stderr[-2000:]
    feeds_dir = Path(env["ATTACHE_DATA_DIR"]) / "feeds"
    for name in ("all.rss", "all.atom"):
        parsed = feedparser.parse((feeds_dir / name).read_bytes())
        assert parsed.bozo == 0 and len(parsed.entries) == 7, name
        assert big.title in [e.title for e in parsed.entries], name
    items = json.loads((feeds_dir / "all.json").read_text("utf-8"))["items"]
    assert big.title in [i["title"] for i in items]


def test_non_feed_and_non_sitemap_start_pages_fail_the_run_naming_url_and_content_type(
        site: LoopbackSite, env: dict[str, str]) -> None:
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\x00\x01binary"
    site.add("/feed.xml", pdf, "application/pdf")
    site.add("/sitemap.xml", pdf, "application/pdf")
    for source, path in (("test-feed", "/feed.xml"), ("test-sitemap", "/sitemap.xml")):
        result = run_scrapy(env, "crawl", source)
        assert result.returncode == 0, result.stderr[-3000:]
        run = last_run(env, source)
        assert run["status"] == "failed", source
        assert f"{site.url(path)} (Content-Type application/pdf)" in run["last_error"], run["last_error"]


def test_a_pdf_listing_page_after_the_first_makes_the_run_partial_not_ok(site: LoopbackSite,
                                                                         env: dict[str, str]) -> None:
    articles = make_articles(7)
    publish_site(site, articles)
    site.add("/news/page-2.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
    result = run_attache(env, "crawl", "test-html")
    run = last_run(env, "test-html")
    assert run["status"] == "partial" and run["new"] == 3, result.stdout
    assert f"listing page {site.url('/news/page-2.html')} is not an HTML page (Content-Type application/pdf)" \
        in run["last_error"]


def test_a_crawl_stops_after_its_response_bound_and_keeps_what_it_stored(site: LoopbackSite,
                                                                        env: dict[str, str]) -> None:
    publish_site(site, make_articles(30), per_page=30)
    env["ATTACHE_CRAWL_MAX_RESPONSES"] = "10"
    result = run_scrapy(env, "crawl", "test-feed")
    assert result.returncode == 0, result.stderr[-3000:]
    run = last_run(env, "test-feed")
    assert run["status"] == "partial"
    assert run["last_error"] == "stopped after 10 responses (ATTACHE_CRAWL_MAX_RESPONSES)"
    # Responses in flight when the bound is reached still arrive (CONCURRENT_REQUESTS = 16) and are stored.
    assert 5 <= len(stored(env, "test-feed")) <= 10 + 16
    assert len(site.requests_for("/news/story-")) <= 10 + 16


def test_a_crawl_over_its_memory_limit_stops_and_fails_its_run(site: LoopbackSite, env: dict[str, str]) -> None:
    """ATTACHE_CRAWL_MEMORY_MB below what the crawl process needs: Scrapy's memusage extension stops the crawl,
    the run is failed with the cause, and the process exits without a traceback."""
    publish_site(site, make_articles(7))
    env["ATTACHE_CRAWL_MEMORY_MB"] = "64"
    result = run_scrapy(env, "crawl", "test-feed")
    run = last_run(env, "test-feed")
    assert run["status"] == "failed" and "Memory usage exceeded 64" in run["last_error"], run["last_error"]
    assert "Traceback" not in result.stderr
