"""End to end: zero-yield warnings, `attache sources add`, and the daemon repairing a site that changed.

Real subprocesses (`attache`, `scrapy crawl`), a real SQLite file, loopback sites only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scraper.app.daemon.runner import run_once
from scraper.app.daemon.service import CrawlService
from scraper.config import load_config
from scraper.sources import load_catalog
from scraper.store import Store, latest_repairs, recent_articles
from tests.helpers.daemon_runs import daemon_catalog
from tests.helpers.discovery_sites import SHAPES, listing_numeric
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.site_fixtures import make_articles, publish_site

pytestmark = pytest.mark.e2e


def _off() -> str:
    return "".join(f"[sources.{sid}]\nenabled = false\n\n" for sid in load_catalog())


def test_a_crawl_that_finds_no_article_link_is_a_warning_everywhere(site: LoopbackSite, tmp_path: Path,
                                                                      attache_env: dict[str, str]) -> None:
    publish_site(site, make_articles(4))
    catalog = write_catalog(tmp_path / "sources.toml", _off() + f"""
[sources.typo]
name = "A pattern that matches nothing"
kind = "html"
start_urls = ["{site.url('/news/')}"]
article_pattern = '/nouvelles/\\d+'
""")
    env = {**attache_env, "ATTACHE_SOURCES": str(catalog)}
    crawl = run_attache(env, "crawl", "typo")
    assert crawl.returncode == 3, crawl.stdout + crawl.stderr
    assert re.search(r"^typo\s+empty\s", crawl.stdout, re.M), crawl.stdout
    assert "warning: typo: no article link" in crawl.stdout
    status = run_attache(env, "status")
    assert status.returncode == 0 and re.search(r"^typo\s+warning: no article links", status.stdout, re.M), \
        status.stdout
    assert "warning: typo: `attache status --explain typo` says why" in status.stdout, status.stdout
    rows = json.loads(run_attache(env, "status", "--json").stdout)["sources"]
    assert rows[0]["state"] == "warning: no article links" and "/nouvelles/" in rows[0]["warning"]
    explain = run_attache(env, "status", "--explain", "typo")
    assert "no repair proposed yet" in explain.stdout and "empty" in explain.stdout, explain.stdout
    assert run_attache(env, "publish").returncode == 0
    index = (Path(env["ATTACHE_DATA_DIR"]) / "feeds" / "index.html").read_text("utf-8")
    assert ('<tr class="warning" data-state="warning"><td data-label="source">typo</td>'
            '<td data-label="state">warning: no article links</td>') in index
    # Known links are not a warning: the same listing with the right pattern, crawled twice.
    write_catalog(catalog, _off() + f"""
[sources.typo]
name = "Fixed"
kind = "html"
start_urls = ["{site.url('/news/')}"]
article_pattern = '/news/story-\\d+\\.html'
""")
    assert run_attache(env, "crawl", "typo").returncode == 0
    again = run_attache(env, "crawl", "typo")
    assert again.returncode == 0 and re.search(r"^typo\s+ok\s+0\s", again.stdout, re.M), again.stdout


def test_sources_add_proposes_tests_and_writes_an_entry(site: LoopbackSite, tmp_path: Path,
                                                        attache_env: dict[str, str]) -> None:
    url = listing_numeric(site)
    catalog = write_catalog(tmp_path / "sources.toml", _off())
    env = {**attache_env, "ATTACHE_SOURCES": str(catalog)}
    dry = run_attache(env, "sources", "add", url, "--id", "ministry")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "[sources.ministry]" in dry.stdout and "# discovery: test crawl: " in dry.stdout
    assert "ministry" not in load_catalog(catalog), "without --write nothing is written"
    wrote = run_attache(env, "sources", "add", url, "--id", "ministry", "--write")
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    source = load_catalog(catalog)["ministry"]
    assert source.kind == "html" and source.next_page
    crawl = run_attache(env, "crawl", "ministry")
    assert crawl.returncode == 0 and re.search(r"^ministry\s+ok\s+10\s", crawl.stdout, re.M), crawl.stdout
    again = run_attache(env, "sources", "add", url, "--id", "ministry", "--write")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_sources_add_says_what_it_tried_when_nothing_works(site: LoopbackSite, tmp_path: Path,
                                                           attache_env: dict[str, str]) -> None:
    url = SHAPES["nothing usable"](site)
    result = run_attache(attache_env, "sources", "add", url)
    assert result.returncode == 1
    assert "nothing usable found" in result.stderr and "no feed" in result.stderr and "no sitemap" in result.stderr


def test_a_site_that_changes_its_url_scheme_is_repaired_between_daemon_cycles(site: LoopbackSite,
                                                                                tmp_path: Path) -> None:
    listing_numeric(site, prefix="/news/")  # articles at /news/4000N/, listing at /news/
    catalog = write_catalog(tmp_path / "sources.toml", daemon_catalog(site).replace(
        "article_pattern = '/news/story-\\d+\\.html'", "article_pattern = '/news/\\d+/$'\nauto_repair = true"))
    # A first user catalog before the one holding the source: the repair goes to the source's own file.
    other = write_catalog(tmp_path / "other.toml", '[sources.test-html]\nname = "Renamed by the first catalog"\n')
    other_text = other.read_text()
    config = load_config({"ATTACHE_DATA_DIR": str(tmp_path / "data"), "ATTACHE_SOURCES": f"{other}:{catalog}",
                          "ATTACHE_DOWNLOAD_DELAY": "0"}, env={})
    store = Store(config.database_url)
    try:
        assert run_once(config, store, load_catalog(catalog)) == 0
        with store.session() as session:
            before = len(recent_articles(session, "test-html", 100))
        assert before >= 5
        # The site moves its articles to a new URL scheme; the old pattern now matches nothing.
        site.pages.clear()
        listing_numeric(site, prefix="/stories/")
        assert run_once(config, store, load_catalog(catalog)) == 3, "the cycle after the change warns"
        service = CrawlService(config, store, load_catalog(catalog))
        assert service.health()["test-html"].warning is not None
        with store.session() as session:
            repair = latest_repairs(session, ["test-html"])["test-html"]
        assert repair.status == "applied", (repair.status, repair.message)
        assert "+article_pattern = '//127" in repair.diff and "/stories/" in repair.diff
        repaired = load_catalog(catalog)["test-html"]
        assert repaired.auto_repair and repaired.country == "IT", "the entry's own settings are kept"
        assert other.read_text() == other_text and str(catalog) in repair.message
        assert run_once(config, store, load_catalog(catalog)) == 0
        with store.session() as session:
            urls = [a.url for a in recent_articles(session, "test-html", 100)]
        assert len([u for u in urls if "/stories/" in u]) >= 5, urls
        assert service.health()["test-html"].warning is None
    finally:
        store.close()


def test_without_auto_repair_a_repair_is_proposed_once_per_episode_and_not_applied(site: LoopbackSite,
                                                                                     tmp_path: Path) -> None:
    url = listing_numeric(site)
    catalog = write_catalog(tmp_path / "sources.toml", _off() + f"""
[sources.manual]
name = "Manual"
kind = "html"
start_urls = ["{url}"]
article_pattern = '/old-scheme/\\d+'
""")
    before = catalog.read_text()
    config = load_config({"ATTACHE_DATA_DIR": str(tmp_path / "data"), "ATTACHE_SOURCES": str(catalog),
                          "ATTACHE_DOWNLOAD_DELAY": "0"}, env={})
    store = Store(config.database_url)
    try:
        service = CrawlService(config, store, load_catalog(catalog), republish=False)
        assert service.crawl("manual").status == "empty"
        with store.session() as session:
            repair = latest_repairs(session, ["manual"])["manual"]
        assert repair.status == "proposed" and "auto_repair is off" in repair.message
        assert "+article_pattern = '//127" in repair.diff and "-article_pattern = '/old-scheme/" in repair.diff
        assert catalog.read_text() == before, "not applied without auto_repair"
        row = next(r for r in service.health_rows() if r["source"] == "manual")
        assert str(row["repair"]).startswith("proposed") and "+article_pattern" in str(row["repair"])
        requests = len(site.log)
        assert service.crawl("manual").status == "empty"
        with store.session() as session:
            assert latest_repairs(session, ["manual"])["manual"].id == repair.id, "one proposal per episode"
        assert len(site.log) - requests <= 3, "no second discovery in the same episode"
    finally:
        store.close()


def test_sources_add_write_creates_a_user_catalog_that_does_not_exist_yet(site: LoopbackSite, tmp_path: Path,
                                                                          attache_env: dict[str, str]) -> None:
    url = SHAPES["feed link in the head"](site)
    catalog = tmp_path / "new" / "my-sources.toml"
    result = run_attache(attache_env, "--sources", str(catalog), "sources", "add", url, "--id", "mine", "--write")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"written to {catalog}" in result.stdout
    assert load_catalog(catalog)["mine"].kind == "feed"
