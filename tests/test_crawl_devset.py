"""The dev set's real pages served as a loopback site's articles and crawled end to end."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_scrapy, write_catalog
from tests.helpers.site_fixtures import devset_dir, devset_pages

pytestmark = pytest.mark.e2e


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def test_devset_pages_crawled_into_records(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    if not (devset_dir() / "pages").is_dir():
        pytest.skip(f"dev set not found at {devset_dir()} (set ATTACHE_DEVSET); skipping the real-page crawl")
    pages = devset_pages()
    links = []
    for name, html, _expected in pages:
        site.add(f"/devset/{name}.html", html, "text/html")  # no charset: the page must say or be sniffed
        links.append(f'<a href="/devset/{name}.html">{name}</a>')
    site.add("/devset/", "<html><body>" + "\n".join(links) + "</body></html>")
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", f"""
[sources.devset]
name = "Dev set"
kind = "html"
start_urls = ["{site.url('/devset/')}"]
article_pattern = '/devset/[^/]+\\.html$'
max_articles = 500
"""))
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
