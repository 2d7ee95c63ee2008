"""The dev set's real pages served as a loopback site's articles and crawled end to end."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from bench.bench_crawl import LIFTED, site_pages
from scraper.config import Config
from scraper.page_demand import usable_cores
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


def _fast_crawl(site: LoopbackSite, env: dict[str, str], tmp_path: Path, workers: str) -> tuple[list[tuple], float,
                                                                                       str]:
    """Crawl the fast site at lifted politeness with ``ATTACHE_NORMALISE_WORKERS=workers`` into a new data folder:
    (the stored records, the crawl's peak MB, its log)."""
    data = tmp_path / f"data-{workers}"
    data.mkdir()
    env = dict(env, ATTACHE_NORMALISE_WORKERS=workers, ATTACHE_DATA_DIR=str(data),
               ATTACHE_DATABASE_URL=f"sqlite:///{data / 'attache.sqlite3'}")
    lifted = [part for setting in LIFTED for part in ("-s", setting)]
    result, peak_mb = run_scrapy_measured(env, "crawl", "fast", *lifted, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Memory usage exceeded" not in result.stderr and "'finish_reason': 'finished'" in result.stderr, \
        result.stderr[-3000:]
    with sqlite3.connect(data / "attache.sqlite3") as conn:
        stored = conn.execute("SELECT url, title, body_text, language, parties, mentioned, cooperation, primary_kind"
                              " FROM articles WHERE source = 'fast' ORDER BY url").fetchall()
        run = conn.execute("SELECT status, new FROM crawl_runs WHERE source = 'fast'").fetchone()
    assert len(stored) == 350 and run == ("ok", 350), (len(stored), run)
    return stored, peak_mb, result.stderr


def test_a_fast_crawl_of_the_real_page_mix_stays_under_the_default_memory_limit_and_starts_workers_on_demand(
        site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    """350 articles made of the dev set's pages (2+ MB pages, a dozen that need the language model), crawled at
    16 concurrent requests and no delay under the default ATTACHE_CRAWL_MEMORY_MB. Read in the crawl process
    (``ATTACHE_NORMALISE_WORKERS=0``), the crawl is not stopped by its memory limit and stores every article (at the
    old default of 384 MB: 'Memory usage exceeded', 209 of 350). At the default (``auto``), reading the pages
    keeps the crawl process busy, so it starts page workers on demand (on two cores or more), is not stopped by
    the limit they raise, and stores the very same records."""
    if not (devset_dir() / "pages").is_dir():
        pytest.skip(f"dev set not found at {devset_dir()} (set ATTACHE_DEVSET); skipping the real-page crawl")
    pages, _kind = site_pages(350)
    for path, body in pages.items():
        site.add(path.replace("index.html", ""), body, "text/html")
    attache_env.pop("ATTACHE_CRAWL_MEMORY_MB", None)
    attache_env["ATTACHE_CRAWL_MAX_RESPONSES"] = "1000"
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", listing_catalog(
        "fast", "A fast site", site.url("/list/"), "/a/[^/]+\\.html$", 1000)))
    in_process, peak_mb, _log = _fast_crawl(site, attache_env, tmp_path, "0")
    print(f"350 dev-set articles at lifted politeness, in process: crawl peak RSS {peak_mb:.0f} MB"
          f" (limit {Config.crawl_memory_mb} MB)")
    assert peak_mb < Config.crawl_memory_mb
    on_demand, peak_mb, log = _fast_crawl(site, attache_env, tmp_path, "auto")
    started = re.search(r"'attache/page_workers_on_demand': (\d+)", log)
    print(f"the same at the default (auto): {started.group(1) if started else 'no'} page workers started on demand,"
          f" crawl peak {peak_mb:.0f} MB (workers' PSS included)")
    if usable_cores() >= 2:
        assert started and int(started.group(1)) == usable_cores(), log[-3000:]
        assert "page workers started for the rest" in log
    assert on_demand == in_process
