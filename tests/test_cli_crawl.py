"""`attache crawl` against a loopback site: it republishes what it changed unless --no-publish, its progress
lines carry no Scrapy stats (not even the ERROR counter of a failed crawl)."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.site_fixtures import html_source_toml, make_articles, publish_site

pytestmark = pytest.mark.e2e


def _entries(env: dict[str, str], feed: str) -> int:
    path = Path(env["ATTACHE_DATA_DIR"]) / "feeds" / feed
    assert path.is_file(), f"{path} was not published"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return len(parsed.entries)


def test_crawl_publishes_unless_told_not_to_and_names_http_failures(site: LoopbackSite, attache_env: dict[str, str],
                                                                    tmp_path: Path, database_url: str) -> None:
    """On SQLite and PostgreSQL (`database_url`: the subprocesses store in the test's database)."""
    publish_site(site, make_articles(5))
    catalog = write_catalog(tmp_path / "mine.toml", html_source_toml(site) + html_source_toml(site, "gone").replace(
        site.url("/news/"), site.url("/no-such-listing/")))
    init = run_attache(attache_env, "--sources", str(catalog), "init", "--no-builtins")
    assert init.returncode == 0, init.stderr
    attache_env.pop("ATTACHE_SOURCES", None)  # from here on the catalog comes from attache.toml

    first = run_attache(attache_env, "crawl", "test-html")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "log_count" not in first.stdout and "Dumping Scrapy stats" not in first.stdout, first.stdout
    assert first.stdout.strip().splitlines()[-1].startswith("published 14 feed(s)"), first.stdout
    assert _entries(attache_env, "sources/test-html.rss") == 5

    publish_site(site, make_articles(6))
    held = run_attache(attache_env, "crawl", "test-html", "--no-publish")
    assert held.returncode == 0 and "published " not in held.stdout, held.stdout
    assert _entries(attache_env, "sources/test-html.rss") == 5  # not republished
    publish = run_attache(attache_env, "publish")
    assert publish.returncode == 0 and len(publish.stdout.strip().splitlines()) == 1, publish.stdout
    assert _entries(attache_env, "sources/test-html.rss") == 6

    gone = run_attache(attache_env, "crawl", "gone")
    assert gone.returncode in (1, 3), gone.stdout + gone.stderr
    assert f"start URL failed: {site.url('/no-such-listing/')}" in gone.stdout, gone.stdout
    assert "log_count" not in gone.stdout, gone.stdout  # the stats dump's ERROR counter is not an error line
    assert "Traceback" not in gone.stdout + gone.stderr
