"""Sources whose listings are built by script (`render = "browser"`), read in Debian's real Chromium.

A loopback site (tests/helpers/script_site.py) serves a listing whose article links exist only after its
script runs and whose next pages come from a button. In process: the page coroutine (`clicked_pages`) in a
real headless Chromium, the crawl settings a browser source gets (and a plain one does not), and the
message when Chromium is missing. End to end: `scrapy crawl` stores every article of the clicked pages up
to `max_pages`; the built-in difesa-smd-news-italia source reads its fixture listing; with Chromium
missing, `attache crawl` fails that source with the package to install while a plain source is crawled.
Tests needing Chromium skip, saying so, when it is absent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.http import Request
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from scraper.config import load_config
from scraper.sources import load_catalog
from scraper.spiders.browser import chromium_problem, clicked_pages, rendered_meta
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import REPO, run_attache, run_scrapy, write_catalog
from tests.helpers.scrapy_components import (
    BASE,
    articles,
    call,
    component_crawler,
    make_response,
    make_source,
    start_requests,
)
from tests.helpers.script_site import SCRIPT_LISTING, publish_script_site, script_source_toml
from tests.helpers.site_fixtures import html_source_toml, listing_html, make_articles, publish_site

CHROMIUM = load_config().chromium
CHROMIUM_MISSING = chromium_problem(CHROMIUM)
needs_chromium = pytest.mark.skipif(CHROMIUM_MISSING is not None, reason=f"needs Chromium: {CHROMIUM_MISSING}")
ARTICLE = re.compile(r"/news/story-\d+\.html")
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
DIFESA = "difesa-smd-news-italia"


def story_numbers(urls: list[str]) -> list[int]:
    return [int(re.search(r"story-(\d+)", u).group(1)) for u in urls]  # type: ignore[union-attr]


# --- in process -----------------------------------------------------------------------------------
@needs_chromium
def test_clicked_pages_read_script_built_links_page_after_page(site: LoopbackSite) -> None:
    pages = publish_script_site(site, make_articles(8))  # newest first: 8 7 6 | 5 4 3 | 2 1
    assert pages == 3
    assert b"story-" not in site.pages[SCRIPT_LISTING].body.split(b"<script")[0], "the HTML itself has no link"

    async def read(max_pages: int, next_click: str = "#next") -> list[tuple[int, list[int]]]:
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            page = await browser.new_page()
            await page.goto(site.url(SCRIPT_LISTING))
            found = [(n, story_numbers(links)) async for n, links in
                     clicked_pages(page, lambda u: bool(ARTICLE.search(u)), next_click, max_pages, seconds=5)]
            await browser.close()
            return found

    # every page, then the button is disabled on the last one (max_pages is not reached)
    assert asyncio.run(read(5)) == [(1, [8, 7, 6]), (2, [5, 4, 3]), (3, [2, 1])]
    assert asyncio.run(read(2)) == [(1, [8, 7, 6]), (2, [5, 4, 3])]  # max_pages counts the first page
    assert asyncio.run(read(5, "#no-such-button")) == [(1, [8, 7, 6])]
    assert [r.path for r in site.requests_for("/news/page-")] == ["/news/page-2.json", "/news/page-3.json",
                                                                   "/news/page-2.json"]


@needs_chromium
def test_only_a_browser_source_gets_the_browser_and_only_for_its_listing(tmp_path: Path) -> None:
    browser_source = make_source("test-script", start="/news/", next_page=None, render="browser", next_click="#next")
    crawler = component_crawler(browser_source, tmp_path / "browser")
    handlers = crawler.settings.getdict("DOWNLOAD_HANDLERS")
    assert handlers["http"] is ScrapyPlaywrightDownloadHandler
    assert handlers.get("https") is not ScrapyPlaywrightDownloadHandler  # the start URLs' scheme only
    launch = crawler.settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["executable_path"] == CHROMIUM and launch["headless"] is True
    (listing,) = start_requests(crawler.spider)
    assert listing.meta["playwright"] is True and listing.meta["playwright_include_page"] is True
    assert listing.meta["dont_cache"] is True  # rendered and clicked every run: a stored copy is never used
    assert listing.callback == crawler.spider.parse_rendered and listing.cb_kwargs == {"page": 1}
    article = crawler.spider.article_request("http://127.0.0.1:8765/news/story-1.html")
    assert "playwright" not in article.meta  # article pages are plain downloads

    plain = component_crawler(make_source("test-html"), tmp_path / "plain")
    assert ScrapyPlaywrightDownloadHandler not in plain.settings.getdict("DOWNLOAD_HANDLERS").values()
    assert not plain.settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    (request,) = start_requests(plain.spider)
    assert "playwright" not in request.meta and request.callback == plain.spider.parse_start


def test_a_listing_handed_over_without_the_browser_is_read_as_it_came(tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A rendered listing's callback given the page's HTML (no live browser page, as in-process fixture tests
    do with a copy of the page after its script ran) reads the links in that HTML, and says it did."""
    crawler = component_crawler(make_source("test-script", next_page=None, render="browser", next_click="#next"),
                                tmp_path)
    request = Request(BASE + "/news/", callback=crawler.spider.parse_rendered, cb_kwargs={"page": 1},
                      meta=rendered_meta())
    with caplog.at_level(logging.WARNING):
        outputs = call(request, make_response(request.url, listing_html(make_articles(3), None), request=request))
    assert story_numbers([r.url for r in articles(outputs)]) == [1, 2, 3]
    assert "was not rendered in the browser: reading its HTML as it came" in caplog.text
    assert crawler.stats.get_value("attache/start_ok") == 1


PLAIN_CRAWLER_IMPORTS = """
import sys
from pathlib import Path
from tests.helpers.scrapy_components import (
    BASE,
    articles,
    call,
    component_crawler,
    make_response,
    make_source,
    start_requests,
)
crawler = component_crawler(make_source("test-html"), Path(sys.argv[1]))
start_requests(crawler.spider)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("playwright", "scrapy_playwright")))
"""


def test_a_plain_source_never_loads_playwright(tmp_path: Path) -> None:
    """A plain crawl's process (spider loader, settings, spider, start requests) imports no Playwright module."""
    result = subprocess.run([sys.executable, "-c", PLAIN_CRAWLER_IMPORTS, str(tmp_path)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_missing_chromium_names_the_package_and_requests_nothing(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "no" / "chromium"
    source = make_source("test-script", next_page=None, render="browser", next_click="#next")
    crawler = component_crawler(source, tmp_path, ATTACHE_CHROMIUM=str(missing))
    handlers = crawler.settings.getdict("DOWNLOAD_HANDLERS").values()
    assert ScrapyPlaywrightDownloadHandler not in handlers, "no browser handler without a browser"
    with caplog.at_level(logging.ERROR):
        assert start_requests(crawler.spider) == []
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    message = record.getMessage()
    assert "test-script renders its listings in a browser" in message and str(missing) in message
    assert "apt-get install chromium" in message and "ATTACHE_CHROMIUM" in message


# --- end to end -----------------------------------------------------------------------------------
def stored(env: dict[str, str], source: str) -> list[sqlite3.Row]:
    with sqlite3.connect(Path(env["ATTACHE_DATA_DIR"]) / "attache.sqlite3") as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM articles WHERE source = ? ORDER BY url", (source,)).fetchall()


def last_run(env: dict[str, str], source: str) -> sqlite3.Row:
    with sqlite3.connect(Path(env["ATTACHE_DATA_DIR"]) / "attache.sqlite3") as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 1",
                            (source,)).fetchone()


def crawl_stats(env: dict[str, str], source: str, tmp_path: Path, *settings: str) -> dict[str, Any]:
    stats_file = tmp_path / f"stats-{source}.json"
    args = ["crawl", source, "-s", f"ATTACHE_STATS_FILE={stats_file}"]
    for setting in settings:
        args += ["-s", setting]
    result = run_scrapy(env, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(stats_file.read_text("utf-8"))


@pytest.mark.e2e
@needs_chromium
def test_script_built_listing_stores_every_article_up_to_max_pages(site: LoopbackSite, attache_env: dict[str, str],
                                                                   tmp_path: Path) -> None:
    """Every article of the clicked pages is stored, up to max_pages; a re-crawl stops clicking at the first
    page with nothing new, as link pagination stops following."""
    articles = make_articles(8)
    publish_script_site(site, articles)  # newest first: 8 7 6 | 5 4 3 | 2 1
    catalog = tmp_path / "sources.toml"
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(catalog, script_source_toml(site, max_pages=2)))
    short_env = dict(attache_env, ATTACHE_DATA_DIR=str(tmp_path / "short"),
                     ATTACHE_DATABASE_URL=f"sqlite:///{tmp_path / 'short' / 'attache.sqlite3'}")
    stats = crawl_stats(short_env, "test-script", tmp_path)
    assert sorted(story_numbers([r["url"] for r in stored(short_env, "test-script")])) == [3, 4, 5, 6, 7, 8]
    assert stats["attache/links_found"] == 6 and stats["attache/status"] == "ok"
    assert not site.requests_for("/news/page-3.json"), "max_pages = 2: the button is clicked once"

    write_catalog(catalog, script_source_toml(site, max_pages=5))
    site.clear_log()
    stats = crawl_stats(attache_env, "test-script", tmp_path)
    assert sorted(story_numbers([r["url"] for r in stored(attache_env, "test-script")])) == list(range(1, 9))
    assert stats["attache/links_found"] == 8 and stats["attache/status"] == "ok"
    # one page in the browser (the listing, clicked twice); every article a plain Scrapy download
    assert stats["playwright/request_count/navigation"] == 1 and stats["playwright/page_count"] == 1
    assert [r.path for r in site.requests_for("/news/page-")] == ["/news/page-2.json", "/news/page-3.json"]
    assert site.requests_for("/robots.txt")
    agents = {next((v for k, v in r.headers.items() if k.lower() == "user-agent"), "")
              for r in site.requests_for("/news/")}
    assert agents and all(a.startswith("Attache/") for a in agents), agents  # the browser's requests too
    first = next(r for r in stored(attache_env, "test-script") if r["url"].endswith("/news/story-8.html"))
    assert first["title"] == articles[7].title and "bilateral defence cooperation" in first["body_text"]

    publish_script_site(site, make_articles(9))  # one new article: 9 8 7 | 6 5 4 | 3 2 1
    site.clear_log()
    stats = crawl_stats(attache_env, "test-script", tmp_path)
    assert {r.path.split("?")[0] for r in site.requests_for("/news/story-")} == {"/news/story-9.html"}
    assert [r.path for r in site.requests_for("/news/page-")] == ["/news/page-2.json"], (
        "page 2 had nothing new: page 3 is not loaded")
    assert stats["attache/known_skipped"] == 5  # 8 7 on page 1, 6 5 4 on page 2
    run = last_run(attache_env, "test-script")
    assert (run["status"], run["new"]) == ("ok", 1)


@pytest.mark.e2e
@needs_chromium
def test_a_rendered_listing_follows_its_next_page_links_in_the_browser(site: LoopbackSite,
                                                                      attache_env: dict[str, str],
                                                                      tmp_path: Path) -> None:
    """Without next_click, `next_page` links are followed, each next page rendered in the browser too."""
    publish_site(site, make_articles(7))  # /news/, /news/page-2.html, /news/page-3.html
    entry = html_source_toml(site, "test-rendered") + 'render = "browser"\n'
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", entry))
    stats = crawl_stats(attache_env, "test-rendered", tmp_path)
    assert sorted(story_numbers([r["url"] for r in stored(attache_env, "test-rendered")])) == list(range(1, 8))
    assert stats["playwright/request_count/navigation"] == 3  # the three listing pages, and nothing else
    assert stats["attache/status"] == "ok"


@pytest.mark.e2e
@needs_chromium
def test_builtin_difesa_reads_its_script_built_fixture_listing(site: LoopbackSite, attache_env: dict[str, str],
                                                               tmp_path: Path) -> None:
    """The built-in entry, start URL moved to loopback (path kept), against its fixture: as `--check` crawls it."""
    fixture = tomllib.loads((FIXTURES / DIFESA / "fixture.toml").read_text("utf-8"))
    for path, name in fixture["serve"].items():
        site.add(path, (FIXTURES / DIFESA / name).read_text("utf-8").replace("{base}", site.base))
    (start,) = load_catalog()[DIFESA].start_urls
    catalog = write_catalog(tmp_path / "sources.toml",
                            f'[sources.{DIFESA}]\nstart_urls = ["{site.url(urlsplit(start).path)}"]\n')
    attache_env["ATTACHE_SOURCES"] = str(catalog)
    stats = crawl_stats(attache_env, DIFESA, tmp_path, "ATTACHE_MAX_ARTICLES=1")
    assert stats["attache/start_ok"] == 1 and stats["attache/status"] == "ok"
    assert stats["attache/links_found"] == fixture["expect"]["links"]  # both pages, the second by #btnNext
    (article,) = stored(attache_env, DIFESA)
    assert urlsplit(article["url"]).path in fixture["serve"]
    assert article["title"] == fixture["expect"]["title"]
    assert article["published"].startswith(fixture["expect"]["published"])


@pytest.mark.e2e
def test_without_chromium_a_browser_source_fails_clearly_and_a_plain_one_is_crawled(
    site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path
) -> None:
    publish_site(site, make_articles(7))
    script_site = LoopbackSite().start()
    try:
        publish_script_site(script_site, make_articles(4))
        catalog = html_source_toml(site) + script_source_toml(script_site)
        attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", catalog))
        attache_env["ATTACHE_CHROMIUM"] = str(tmp_path / "missing" / "chromium")
        result = run_attache(attache_env, "crawl", "test-html", "test-script")
        script_requests = list(script_site.log)
    finally:
        script_site.stop()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "apt-get install chromium" in output, output[-3000:]
    assert script_requests == [], "nothing is requested from a browser source without a browser"
    failed = last_run(attache_env, "test-script")
    assert failed["status"] == "failed" and "apt-get install chromium" in failed["last_error"]
    assert len(stored(attache_env, "test-html")) == 7
    assert last_run(attache_env, "test-html")["status"] == "ok"
