"""The dev set's real pages served as a loopback site's articles and crawled end to end."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from bench.bench_crawl import LIFTED, site_pages
from scraper.config import Config
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_scrapy, run_scrapy_measured, write_catalog
from tests.helpers.site_fixtures import devset_dir, devset_pages

pytestmark = pytest.mark.e2e


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def listing_catalog(source_id: str, name: str, listing: str, pattern: str, max_articles: int) -> str:
    """A catalog entry for one listing page whose links matching `pattern` are the articles."""
    return f"""
[sources.{source_id}]
name = "{name}"
kind = "html"
start_urls = ["{listing}"]
article_pattern = '{pattern}'
max_articles = {max_articles}
"""


def test_devset_pages_crawled_into_records(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    if not (devset_dir() / "pages").is_dir():
        pytest.skip(f"dev set not found at {devset_dir()} (set ATTACHE_DEVSET); skipping the real-page crawl")
    pages = devset_pages()
    links = []
    for name, html, _expected in pages:
        site.add(f"/devset/{name}.html", html, "text/html")  # no charset: the page must say or be sniffed
        links.append(f'<a href="/devset/{name}.html">{name}</a>')
    site.add("/devset/", "<html><body>" + "\n".join(links) + "</body></html>")
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", listing_catalog(
        "devset", "Dev set", site.url("/devset/"), "/devset/[^/]+\\.html$", 500)))
    result = run_scrapy(attache_env, "crawl", "devset", timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    db = Path(attache_env["ATTACHE_DATA_DIR"]) / "attache.sqlite3"
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT fetched_url, title FROM articles WHERE source = 'devset'").fetchall())
        run = conn.execute("SELECT status, new, dropped FROM crawl_runs WHERE source = 'devset'").fetchone()
    assert len(site.requests_for("/devset/", "GET")) == len(pages) + 1
    assert run[1] == len(stored)
    share_stored = len(stored) / len(pages)
    titles_right = sum(
        1 for name, _html, expected in pages
        if _norm(stored.get(site.url(f"/devset/{name}.html"), "")) == _norm(expected["title"])
    )
    print(f"dev set crawl: {len(stored)}/{len(pages)} stored, {titles_right} exact titles, dropped {run[2]}")
    assert share_stored >= 0.97
    assert titles_right / len(pages) >= 0.75


def test_a_fast_crawl_of_the_real_page_mix_stays_under_the_default_memory_limit(
        site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    """350 articles made of the dev set's pages (2+ MB pages, a dozen that need the language model), crawled at
    16 concurrent requests and no delay under the default ATTACHE_CRAWL_MEMORY_MB: the crawl is not stopped by
    its memory limit and stores every article (at the old default of 384 MB: 'Memory usage exceeded', 209 of 350)."""
    if not (devset_dir() / "pages").is_dir():
        pytest.skip(f"dev set not found at {devset_dir()} (set ATTACHE_DEVSET); skipping the real-page crawl")
    pages, _kind = site_pages(350)
    for path, body in pages.items():
        site.add(path.replace("index.html", ""), body, "text/html")
    attache_env.pop("ATTACHE_CRAWL_MEMORY_MB", None)
    attache_env["ATTACHE_CRAWL_MAX_RESPONSES"] = "1000"
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", listing_catalog(
        "fast", "A fast site", site.url("/list/"), "/a/[^/]+\\.html$", 1000)))
    lifted = [part for setting in LIFTED for part in ("-s", setting)]
    result, peak_mb = run_scrapy_measured(attache_env, "crawl", "fast", *lifted, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Memory usage exceeded" not in result.stderr and "'finish_reason': 'finished'" in result.stderr, \
        result.stderr[-3000:]
    with sqlite3.connect(Path(attache_env["ATTACHE_DATA_DIR"]) / "attache.sqlite3") as conn:
        stored = conn.execute("SELECT count(*) FROM articles WHERE source = 'fast'").fetchone()[0]
        run = conn.execute("SELECT status, new FROM crawl_runs WHERE source = 'fast'").fetchone()
    print(f"350 dev-set articles at lifted politeness: {stored} stored, crawl peak RSS {peak_mb:.0f} MB"
          f" (limit {Config.crawl_memory_mb} MB)")
    assert stored == 350 and run == ("ok", 350), (stored, run)
    assert peak_mb < Config.crawl_memory_mb
