"""Discovery: URL shapes (pure), the user-catalog writer, and discovery against loopback site shapes.

Discovery here runs without its test crawl (fast, in process); the test crawl, `attache sources add`
and the repair loop are exercised end to end in `test_discovery_e2e.py` and by `make bench-discovery`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.extract_scoring import devset_dir
from scraper.app.cli import main
from scraper.app.discovery.browser import chromium_path
from scraper.app.discovery.catalog_file import CatalogWriteError, add_entry, replace_entry
from scraper.app.discovery.discover import discover, source_id_for
from scraper.app.discovery.entry import entry_diff, entry_toml, source_entry
from scraper.app.discovery.listing import SampleResult, find_pager
from scraper.app.discovery.repair import repaired_entry
from scraper.app.discovery.shapes import group_links, segment_token, shape_of
from scraper.config import load_config
from scraper.normalise import normalise
from scraper.sources import load_catalog
from tests.helpers.discovery_sites import EXPECTED_KIND, SHAPES
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import devset_pages

BROWSER_SHAPES = {"script-built links", "button pager"}


# --- URL shapes ----------------------------------------------------------------------------------

def test_segments_generalise_to_ids_slugs_and_literals() -> None:
    assert segment_token("12345") == r"\d+"
    assert segment_token("12345.html") == r"\d+\.html"
    assert segment_token("italy-and-greece-hold-talks") == "[^/]+"
    assert segment_token("1001-joint-exercise.html") == r"[^/]+\.html"
    assert segment_token("id4567") == r"id\d+"
    assert segment_token("news") == "news" and segment_token("index.php") == r"index\.php"


def test_links_group_by_shape_and_articles_rank_first() -> None:
    base = "https://mod.example"
    urls = [f"{base}/news/{n}/" for n in range(30, 40)] + [f"{base}/about/", f"{base}/contact/",
                                                          f"{base}/news/page/2/", "https://other.example/x/1/"]
    groups = group_links(urls, ["mod.example"])
    assert groups[0].pattern == r"//mod\.example/news/\d+/$" and len(groups[0].urls) == 10
    assert all("other.example" not in u for g in groups for u in g.urls), "other sites' links are not candidates"
    assert all(g.shape.generalised for g in groups), "literal-only paths (about, contact) are never articles"
    assert re.search(groups[0].pattern, f"{base}/news/99/") and not re.search(groups[0].pattern, f"{base}/news/")
    assert shape_of(f"{base}/logo.png") is None and shape_of("mailto:press@mod.example") is None


# --- catalog entries and the user-catalog writer ------------------------------------------------

ENTRY = {"name": "Ministry — news", "kind": "html", "language": "it", "start_urls": ["https://mod.example/news/"],
         "article_pattern": r"//mod\.example/news/\d+/$", "next_page": 'a:contains("Successivo")'}


def test_entry_toml_round_trips_through_the_catalog_loader(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(entry_toml("mod-example", ENTRY, ["why: because", "a hostile\n[sources.x]\rcomment"]),
                    encoding="utf-8")
    source = load_catalog(path)["mod-example"]
    assert source_entry(source) == ENTRY
    assert "# discovery: why: because" in path.read_text()


def test_add_entry_appends_and_refuses_an_existing_id(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text("# my sources\n[sources.mine]\nname = \"Mine\"\nkind = \"feed\"\n"
                    "start_urls = [\"https://mine.example/feed\"]\n", encoding="utf-8")
    add_entry(path, "mod-example", entry_toml("mod-example", ENTRY))
    catalog = load_catalog(path)
    assert {"mine", "mod-example"} <= set(catalog) and path.read_text().startswith("# my sources\n")
    before = path.read_text()
    with pytest.raises(CatalogWriteError, match="'mod-example' already exists"):
        add_entry(path, "mod-example", entry_toml("mod-example", ENTRY))
    with pytest.raises(CatalogWriteError, match="would make the catalog invalid"):
        add_entry(path, "broken", entry_toml("broken", {**ENTRY, "kind": "carrier pigeon"}))
    assert path.read_text() == before, "a refused entry leaves the file as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["sources.toml"], "no temporary file left behind"


def test_replace_entry_swaps_the_tables_and_their_discovery_comments(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    old = {**ENTRY, "schedule": {"interval": 600}}
    path.write_text(entry_toml("mod-example", old, ["old reason"]) + "\n# keep me\n[sources.other]\n"
                    'name = "Other"\nkind = "feed"\nstart_urls = ["https://o.example/rss"]\n', encoding="utf-8")
    new = {**old, "article_pattern": r"//mod\.example/articles/\d+/$"}
    replace_entry(path, "mod-example", entry_toml("mod-example", new, ["new reason"]))
    text = path.read_text()
    assert "old reason" not in text and "new reason" in text and "# keep me" in text
    catalog = load_catalog(path)
    assert catalog["mod-example"].article_pattern == new["article_pattern"]
    assert catalog["mod-example"].schedule == {"interval": 600} and "other" in catalog
    diff = entry_diff("mod-example", old, new)
    assert "-article_pattern" in diff and "+article_pattern" in diff


def test_a_repair_replaces_navigation_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(entry_toml("mod-example", {**ENTRY, "country": "IT", "auto_repair": True}), encoding="utf-8")
    source = load_catalog(path)["mod-example"]
    found = {"name": "Site title", "kind": "feed", "start_urls": ["https://mod.example/rss.xml"]}
    entry = repaired_entry(source, found)
    assert (entry["name"], entry["country"], entry["auto_repair"]) == (ENTRY["name"], "IT", True)
    assert entry["kind"] == "feed" and entry["start_urls"] == found["start_urls"] and "next_page" not in entry
    assert entry["article_pattern"] == r"//mod\.example/", "a built-in pattern cannot be unset: match the site"


# --- discovery against site shapes ---------------------------------------------------------------

@pytest.fixture(params=sorted(SHAPES))
def shape(request: pytest.FixtureRequest) -> str:
    if request.param in BROWSER_SHAPES and not Path(chromium_path()).exists():
        pytest.skip(f"no Chromium at {chromium_path()} (set ATTACHE_CHROMIUM): script-built shapes need it")
    return request.param


def test_discovery_finds_how_to_follow_each_site_shape(shape: str, site: LoopbackSite, tmp_path: Path) -> None:
    url = SHAPES[shape](site)
    config = load_config({"ATTACHE_DATA_DIR": str(tmp_path), "ATTACHE_DOWNLOAD_DELAY": "0"}, env={})
    proposal = discover(url, config, test=False)
    expected = EXPECTED_KIND[shape]
    if expected is None:
        assert proposal.entry is None
        text = proposal.failure()
        assert "no feed" in text and "no sitemap" in text and "no group of them looks like articles" in text
        return
    assert proposal.entry is not None, proposal.failure()
    assert proposal.entry["kind"] == expected, proposal.toml()
    path = tmp_path / "sources.toml"
    path.write_text(proposal.toml(), encoding="utf-8")
    source = load_catalog(path)[proposal.source_id]  # the proposal is a valid entry
    articles = [p for p in site.pages if re.search(r"/(news|press|releases|newsroom|posts|articles|story|item)/|"
                                                   r"/2024/", p) and p.count("/") > 2 and "page" not in p]
    if source.article_pattern:
        pattern = re.compile(source.article_pattern)
        assert all(pattern.search(site.url(p)) for p in articles), (source.article_pattern, articles)
        assert not any(pattern.search(site.url(p)) for p in ("/about/", "/contact/", "/tag/staff-talks/", "/news/"))
    if shape in BROWSER_SHAPES:
        assert source.render == "browser"
    assert (source.next_click == "button#load-more") == (shape == "button pager")
    if shape == "listing, numeric ids":
        assert source.next_page == 'a:contains("Successivo »")'
    if shape == "listing, slugs":
        assert source.next_page == "a.older"
    assert len(proposal.tried) <= 30, "discovery reads a handful of pages, not the site"


def test_discovery_obeys_robots_txt(site: LoopbackSite, tmp_path: Path) -> None:
    url = SHAPES["listing, numeric ids"](site)
    site.add("/robots.txt", "User-agent: *\nDisallow: /news/\n", "text/plain")
    config = load_config({"ATTACHE_DATA_DIR": str(tmp_path), "ATTACHE_DOWNLOAD_DELAY": "0"}, env={})
    proposal = discover(url, config, test=False)
    assert proposal.entry is None and "robots.txt" in proposal.failure()
    assert not site.requests_for("/news/"), "the forbidden page was not requested"
    agents = {r.headers.get("User-Agent", "") for r in site.requests_for("/")}
    assert agents and all(a.startswith("Attache/") for a in agents)


def test_source_ids_come_from_the_host() -> None:
    assert source_id_for("https://www.mod.gov.example/news/") == "mod-gov-example"
    assert source_id_for("http://127.0.0.1:8080/") == "127-0-0-1-8080"


@pytest.mark.parametrize(("html", "next_page", "next_click"), [
    ('<a href="/n/2" rel="next">2</a>', "a[rel~=next]", None),
    ('<head><link rel="next" href="/n/2"></head>', "link[rel~=next]", None),
    ('<a href="/n/2" class="pg">Weiter ›</a><a href="/x" class="pg">x</a>', 'a:contains("Weiter ›")', None),
    ('<a href="/n/2" id="nx">далее</a>', "a#nx", None),
    ('<a href="/n/?page=2">2</a><a href="/n/?page=3">3</a>', 'a[href*="page=2"]', None),
    ('<button class="btn more">Load more</button>', None, "button.btn"),
    ('<a href="/n/1">1</a>', None, None),
])
def test_the_pager_is_a_next_link_or_a_button(html: str, next_page: str | None, next_click: str | None) -> None:
    pager = find_pager(f"<html><body>{html}</body></html>", "https://mod.example/n/")
    assert (pager.next_page, pager.next_click) == (next_page, next_click), pager.how


def test_real_news_pages_of_the_dev_set_read_as_articles() -> None:
    """The article-likeness rule discovery tests candidate groups with holds on real pages (every publisher)."""
    if not (devset_dir() / "pages").is_dir():
        reason = f"dev set not found at {devset_dir()} (set ATTACHE_DEVSET)"
        print(reason)
        pytest.skip(reason)
    pages = devset_pages()
    judged = []
    for name, body, expected in pages[::5]:
        article = normalise(body, expected.get("url") or "https://example.org/news/1")
        judged.append(SampleResult(name, article.title or "", len(article.body_text or "")))
    not_articles = [(s.url, s.body_chars) for s in judged if not s.article_like]
    assert len(judged) >= 20 and not not_articles, not_articles


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org/news/", "http://", "www.example.org/news/"])
def test_sources_add_refuses_a_url_that_is_not_http_before_discovering(url: str, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "sources", "add", url]) == 2
    out, err = capsys.readouterr()
    assert "discovering" not in out
    assert err.strip().splitlines() == [f"attache: {url!r} is not an absolute http(s) URL "
                                        "(give the site's news page, e.g. https://www.example.org/news/)"]
