"""The built-in catalog against the page shapes it expects.

Each built-in source has `tests/fixtures/sources/<id>/`: a start page (listing, RSS, Atom or sitemap) and
one article page modelled on the public evidence about the real site, plus `fixture.toml` saying at which
real paths they are served (`[serve]`), what a check must find (`[expect]`) and the shape the evidence
shows (`[shape]`: the entry's kind, the start page's format, the exact path and query of every start URL,
and how much of the markup is evidenced). `{base}` in a fixture file becomes the site's base URL. An entry
whose kind, start URLs or pattern contradict its fixture fails here (see tests/fixtures/sources/README.md).

In process, for every built-in source: each start URL is answered with its fixture page, as a real
Scrapy response, to the source's own spider behind `KnownArticlesMiddleware` capped at one article (as
`attache sources --check` crawls); the article links found must be `[expect] links`, the one article
kept must be the fixture's, and its page, through the spider's `parse_article`, `NormalisePipeline` and
`TagPipeline`, must give `[expect]`'s title, publication time and body length.

End to end (marked e2e), one `attache sources --check` subprocess on loopback copies (each source on its
own loopback site; a user catalog moves only the source's `start_urls` there, keeping path and query)
reports a source whose listing changed shape BROKEN and an unchanged one ok, and exits 1.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import pytest
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.utils.misc import build_from_crawler

from scraper.config import load_config
from scraper.items import FetchedArticle, PageItem
from scraper.middlewares import ARTICLE_KEY, NEXT_PAGE_KEY, KnownArticlesMiddleware
from scraper.pipelines import NormalisePipeline, TagPipeline
from scraper.sources import Source, load_catalog, validate_entry
from scraper.spiders.browser import chromium_problem
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.scrapy_components import (
    call,
    close_spider,
    component_crawler,
    make_response,
    open_spider,
    start_requests,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
BUILTIN = load_catalog(None, include_disabled=True)
SOURCE_IDS = sorted(BUILTIN)
RENDERED = "its fixture listing is built by script: read in a real browser in tests/test_browser_sources.py"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
}


def fixture_of(sid: str) -> dict:
    manifest = FIXTURES / sid / "fixture.toml"
    assert manifest.is_file(), f"built-in source {sid!r} has no fixture: {manifest} is missing"
    return tomllib.loads(manifest.read_text("utf-8"))


NO_BROWSER = chromium_problem(load_config().chromium)


def _in_process_param(sid: str) -> object:
    if fixture_of(sid).get("script_built"):
        return pytest.param(sid, marks=pytest.mark.skip(reason=RENDERED))
    if BUILTIN[sid].render == "browser" and NO_BROWSER:
        return pytest.param(sid, marks=pytest.mark.skip(reason=f"{sid} is a browser source: {NO_BROWSER}"))
    return sid


IN_PROCESS_IDS = [_in_process_param(sid) for sid in SOURCE_IDS]
"""Sources whose fixture start pages can be read in process (`script_built = true`: links exist only in a
browser; a browser source needs Chromium even when its fixture is the page after its script ran)."""


def start_paths(sid: str) -> set[str]:
    return {urlsplit(u).path for u in BUILTIN[sid].start_urls}


FORMATS_OF_KIND = {"feed": {"rss2", "atom"}, "sitemap": {"urlset", "sitemapindex"}, "html": {"html"}}
ATOM_NS = "http://www.w3.org/2005/Atom"


def document_format(text: str) -> str:
    """What a start page is: "rss2", "atom", "urlset", "sitemapindex" (sitemaps.org), else "html"."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError:
        return "html"
    name = lxml.etree.QName(root).localname
    if name == "rss" and root.get("version") == "2.0":
        return "rss2"
    if name == "feed" and lxml.etree.QName(root).namespace == ATOM_NS:
        return "atom"
    if name in ("urlset", "sitemapindex"):
        return name
    return "html" if name == "html" else f"unknown <{name}>"


def article_paths(sid: str) -> list[str]:
    """The fixture's article pages: every served path that is not a start page."""
    return [p for p in fixture_of(sid)["serve"] if p not in start_paths(sid)]


def fixture_page(sid: str, path: str, base: str, replace: dict[str, str] | None = None) -> tuple[str, str]:
    """(text, content type) of the fixture file served at `path`, `{base}` filled in."""
    name = fixture_of(sid)["serve"][path]
    file = FIXTURES / sid / name
    text = (replace or {}).get(name) or file.read_text("utf-8")
    return text.replace("{base}", base), CONTENT_TYPES[file.suffix]


def shape_problems(source: Source, sid: str) -> list[str]:
    """How `source` contradicts the fixture of `sid`: start URLs not served or not the evidenced ones, a start
    page format its kind cannot read, a kind other than the evidenced one, article paths its pattern misses."""
    fixture = fixture_of(sid)
    served, shape, problems = fixture["serve"], fixture.get("shape", {}), []
    starts = {urlsplit(u).path for u in source.start_urls}
    if not starts <= set(served):
        problems.append(f"start paths not in the fixture: {sorted(starts - set(served))}")
    if "starts" in shape and sorted(path_and_query(u) for u in source.start_urls) != sorted(shape["starts"]):
        problems.append(f"start URLs {list(source.start_urls)} are not the evidenced {shape['starts']}")
    if "kind" in shape and shape["kind"] != source.kind:
        problems.append(f"kind {source.kind!r}, the evidence shows {shape['kind']!r}")
    formats = {document_format(fixture_page(sid, path, "https://example.org")[0]) for path in starts & set(served)}
    if not formats <= FORMATS_OF_KIND[source.kind]:
        problems.append(f"a {source.kind} entry cannot read start pages in format {sorted(formats)}")
    if "format" in shape and formats and formats != {shape["format"]}:
        problems.append(f"start pages are {sorted(formats)}, the fixture says {shape['format']!r}")
    articles = [p for p in served if p not in starts]
    if not articles:
        problems.append("the fixture has no article page")
    for path in articles:
        if source.article_pattern and not re.search(source.article_pattern, "https://example.org" + path):
            problems.append(f"article path {path} does not match the pattern {source.article_pattern!r}")
        if document_format(fixture_page(sid, path, "https://example.org")[0]) != "html":
            problems.append(f"article page {path} is not HTML")
    return problems


@pytest.mark.parametrize("sid", SOURCE_IDS)
def test_entry_has_the_shape_its_fixture_evidences(sid: str) -> None:
    """Start paths served, exact evidenced start URLs (path and query), kind, start page format, article paths."""
    assert shape_problems(BUILTIN[sid], sid) == []


@pytest.mark.parametrize(("sid", "entry", "problem"), [
    ("nato-newsroom", {"kind": "html", "start_urls": ["https://www.nato.int/cps/en/natohq/news.htm"],
                       "article_pattern": r"/cps/en/natohq/news_\d+\.htm"}, "start paths not in the fixture"),
    ("nato-newsroom", {"kind": "feed", "start_urls": ["https://www.nato.int/sitemap.xml"]},
     "a feed entry cannot read start pages in format ['urlset']"),
    ("azernews", {"kind": "feed", "start_urls": ["https://www.azernews.az/rss/"]}, "are not the evidenced"),
    ("us-dod-news", {"kind": "feed", "start_urls": [
        "https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=10"]},
     "are not the evidenced"),
    ("fr-armees", {"kind": "html", "start_urls": ["https://www.defense.gouv.fr/actualites"],
                   "article_pattern": r"/actualites/\d+$"}, "does not match the pattern"),
])
def test_an_entry_that_contradicts_its_fixture_is_caught(sid: str, entry: dict[str, Any], problem: str) -> None:
    """The catalog as it was before the evidence (NATO's old listing, AzerNews' /rss/) fails the shape check."""
    wrong = validate_entry(sid, {"name": "wrong", **entry}, "test")
    assert any(problem in p for p in shape_problems(wrong, sid)), shape_problems(wrong, sid)


@pytest.mark.parametrize(("text", "expected"), [
    ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "rss2"),
    ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', "atom"),
    ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "urlset"),
    ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "sitemapindex"),
    ("<!DOCTYPE html><html><body><p>a<br>b</body></html>", "html"),
    ('<rss version="0.91"><channel/></rss>', "unknown <rss>"),
])
def test_document_format(text: str, expected: str) -> None:
    assert document_format(text) == expected


# --- in process -----------------------------------------------------------------------------------
@dataclass
class StartPages:
    """What the source's spider made of its fixture start pages, behind the middleware capped at one."""

    crawler: Crawler
    found: list[Request]
    """Every article request the spider yielded."""
    kept: list[Request]
    """What the middleware let through (articles and listing pages)."""


def read_start_pages(sid: str, tmp_path: Path, replace: dict[str, str] | None = None) -> StartPages:
    """Answer each of the built-in source's start URLs (its real URL) with its fixture page."""
    crawler = component_crawler(BUILTIN[sid], tmp_path, ATTACHE_MAX_ARTICLES="1")
    middleware = build_from_crawler(KnownArticlesMiddleware, crawler)
    open_spider(crawler)
    found: list[Request] = []
    kept: list[Request] = []
    for request in start_requests(crawler.spider):
        parts = urlsplit(request.url)
        text, content_type = fixture_page(sid, parts.path, f"{parts.scheme}://{parts.netloc}", replace)
        response = make_response(request.url, text, content_type, request=request)
        outputs = call(request, response)
        found += [o for o in outputs if isinstance(o, Request) and ARTICLE_KEY in o.meta]
        kept += middleware.process_spider_output(response, iter(outputs))
    return StartPages(crawler, found, kept)


@pytest.fixture(scope="module")
def start_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], StartPages]]:
    """Each source's start pages, read once for the tests below."""
    read: dict[str, StartPages] = {}

    def get(sid: str) -> StartPages:
        if sid not in read:
            read[sid] = read_start_pages(sid, tmp_path_factory.mktemp(sid))
        return read[sid]

    yield get
    for pages in read.values():
        close_spider(pages.crawler)


@pytest.mark.parametrize("sid", IN_PROCESS_IDS)
def test_start_pages_give_the_expected_article_links(start_pages: Callable[[str], StartPages], sid: str) -> None:
    source, expect = BUILTIN[sid], fixture_of(sid)["expect"]
    pages = start_pages(sid)
    stats = pages.crawler.stats
    assert stats.get_value("attache/start_ok") == len(source.start_urls), f"{sid}: a start page was not read"
    # `attache sources --check` reports this count as "article links"
    assert stats.get_value("attache/links_found") == len(pages.found) == expect["links"], (
        f"{sid}: {[r.url for r in pages.found]}")
    (article,) = [r for r in pages.kept if ARTICLE_KEY in r.meta]  # capped at one, as the check crawls
    assert urlsplit(article.url).path in article_paths(sid), (
        f"{sid}: the check would fetch {article.url}, not the fixture article")
    next_pages = [r for r in pages.kept if r.meta.get(NEXT_PAGE_KEY)]
    if source.next_page and source.max_pages > 1:  # the pager selector finds the fixture's next link
        assert len(next_pages) == 1, f"{sid}: no next listing page found with {source.next_page!r}"
    else:
        assert next_pages == []


@pytest.mark.parametrize("sid", IN_PROCESS_IDS)
def test_fixture_article_normalises_as_expected(start_pages: Callable[[str], StartPages], sid: str) -> None:
    expect = fixture_of(sid)["expect"]
    pages = start_pages(sid)
    crawler = pages.crawler
    (request,) = [r for r in pages.kept if ARTICLE_KEY in r.meta]
    parts = urlsplit(request.url)
    text, content_type = fixture_page(sid, parts.path, f"{parts.scheme}://{parts.netloc}")
    (item,) = call(request, make_response(request.url, text, content_type, request=request))
    assert isinstance(item, PageItem) and item.source == sid
    result: Any = item
    for cls in (NormalisePipeline, TagPipeline):
        stage = build_from_crawler(cls, crawler)
        stage.open_spider()
        result = stage.process_item(result)
    assert isinstance(result, FetchedArticle)
    article = result.article
    assert article.title == expect["title"], sid
    assert article.published is not None, f"{sid}: article has no publication date"
    assert article.published.astimezone(UTC).isoformat().startswith(expect["published"]), (
        f"{sid}: {article.published.isoformat()}")  # the check shows the stored time, in UTC
    assert len(article.body_text) >= expect.get("body_chars", 200), f"{sid}: {len(article.body_text)} body chars"


CHANGED = "mod-gov-az-news"


def changed_listing() -> str:
    """The ministry moves its articles to /az/xeber/<id> (no longer /az/news/<slug>-<id>.html)."""
    listing = (FIXTURES / CHANGED / "listing.html").read_text("utf-8")
    changed = re.sub(r"/az/news/[a-z0-9-]+-(\d+)\.html", r"/az/xeber/\1", listing)
    assert changed != listing
    return changed


def test_changed_listing_shape_finds_no_article_link(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        pages = read_start_pages(CHANGED, tmp_path, replace={"listing.html": changed_listing()})
    close_spider(pages.crawler)
    assert pages.found == [] and pages.crawler.stats.get_value("attache/links_found") is None
    assert pages.crawler.stats.get_value("attache/start_ok") == 1  # the page was read: it is the shape that changed
    assert "has the site changed?" in caplog.text


# --- end to end: the canary itself -----------------------------------------------------------------
def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def serve(site: LoopbackSite, sid: str, replace: dict[str, str] | None = None) -> None:
    """Put the source's fixture files on `site` at the paths its fixture.toml names."""
    for path in fixture_of(sid)["serve"]:
        site.add(path, *fixture_page(sid, path, site.base, replace))


def override(sid: str, site: LoopbackSite) -> str:
    """A user-catalog entry moving `sid`'s start URLs (same path and query) to `site`."""
    urls = ", ".join(json.dumps(site.url(path_and_query(u))) for u in BUILTIN[sid].start_urls)
    return f"[sources.{sid}]\nstart_urls = [{urls}]\n"


def parse_check_table(stdout: str) -> dict[str, dict[str, str]]:
    """Rows of the `attache sources --check` table by source id (columns cut where the rule's dashes are)."""
    lines = stdout.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.startswith("source ") and "result" in line), None)
    assert header_at is not None, f"no check table in output:\n{stdout}"
    rule = lines[header_at + 1]
    spans, start = [], 0
    for chunk in rule.split("  "):
        spans.append((start, start + len(chunk)))
        start += len(chunk) + 2
    names = [lines[header_at][a:b].strip() for a, b in spans]
    rows = {}
    for line in lines[header_at + 2:]:
        if not line.strip():
            continue
        cells = [line[a:b if i < len(spans) - 1 else None].strip() for i, (a, b) in enumerate(spans)]
        rows[cells[0]] = dict(zip(names, cells, strict=True))
    return rows


@pytest.mark.e2e
def test_check_reports_a_changed_listing_broken_and_an_unchanged_source_ok(
    site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path
) -> None:
    """`attache sources --check`: a listing whose links lost the article shape is BROKEN ('no article links
    found', nothing fetched); a source whose pages kept their shape is ok; one BROKEN source makes exit 1."""
    ok_sid = "uk-mod"
    serve(site, CHANGED, replace={"listing.html": changed_listing()})
    ok_site = LoopbackSite().start()  # a site per source, as publishers do not share pages
    try:
        serve(ok_site, ok_sid)
        catalog = write_catalog(tmp_path / "sources.toml", override(CHANGED, site) + override(ok_sid, ok_site))
        result = run_attache(attache_env, "--sources", str(catalog), "sources", "--check", CHANGED, ok_sid)
        fetched = {r.path for r in ok_site.requests_for("/") if r.status == 200}
    finally:
        ok_site.stop()
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    rows = parse_check_table(result.stdout)
    broken = rows[CHANGED]
    assert broken["result"] == "BROKEN", broken
    assert broken["article links"] == "0", broken
    assert broken["problem"].startswith("no article links found"), broken
    assert not site.requests_for("/az/xeber/"), "no article should have been fetched"

    expect, ok = fixture_of(ok_sid)["expect"], rows[ok_sid]
    assert ok["result"] == "ok" and ok["problem"] == "", ok
    assert int(ok["article links"]) == expect["links"], ok
    title = expect["title"]
    assert ok["title"] == (title if len(title) <= 50 else title[:49] + "…"), ok
    assert ok["published"].startswith(expect["published"]), ok
    assert int(ok["body chars"]) >= expect.get("body_chars", 200), ok
    assert set(article_paths(ok_sid)) <= fetched, f"the fixture article was not fetched: {sorted(fetched)}"
