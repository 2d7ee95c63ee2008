"""`bench_crawl` past one source's `max_articles` bound: the articles split into sources crawled at once, every
variant (the trafilatura-only baseline too) crawling the same listings, one process each."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_crawl import MAX_PER_SOURCE, listing_paths, site_pages, source_sizes
from scraper.sources import CatalogError, load_catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("count", "per_source", "expected"), [
    (500, MAX_PER_SOURCE, [500]),
    (1000, MAX_PER_SOURCE, [1000]),
    (1001, MAX_PER_SOURCE, [501, 500]),
    (2000, MAX_PER_SOURCE, [1000, 1000]),
    (2001, MAX_PER_SOURCE, [667, 667, 667]),
    (61, 30, [21, 20, 20]),
])
def test_articles_are_split_evenly_into_as_few_sources_as_the_bound_allows(count: int, per_source: int,
                                                                          expected: list[int]) -> None:
    assert source_sizes(count, per_source) == expected


def test_each_source_of_the_2000_article_crawl_is_an_entry_the_catalog_accepts(tmp_path: Path) -> None:
    shares = source_sizes(2000)
    catalog = tmp_path / "s.toml"
    catalog.write_text("".join(f"""
[sources.bench-{n}]
name = "part {n}"
kind = "html"
start_urls = ["http://127.0.0.1:1/list/{n}/"]
article_pattern = '/a/'
max_articles = {share}
""" for n, share in enumerate(shares, 1)), encoding="utf-8")
    loaded = load_catalog(catalog, builtins=False)
    assert [loaded[f"bench-{n}"].max_articles for n in (1, 2)] == [1000, 1000]
    with pytest.raises(CatalogError, match="max_articles"):  # one source of 2,000 is refused
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("= 1000", "= 2000", 1), encoding="utf-8")
        load_catalog(catalog, builtins=False)


def test_each_listing_links_its_own_share_and_together_every_article_once() -> None:
    pages, kind = site_pages(60, per_source=25)
    articles = {path for path in pages if path.startswith("/a/")}
    assert len(articles) == 60 and "3 sources" in kind
    linked = [set(re.findall(r'href="([^"]+)"', pages[path].decode())) for path in listing_paths(3)]
    assert [len(share) for share in linked] == [20, 20, 20]
    assert set().union(*linked) == articles and sum(map(len, linked)) == len(articles)
    assert listing_paths(1) == ["/list/index.html"]


@pytest.mark.e2e
@pytest.mark.timeout(600)
def test_a_crawl_of_two_sources_counts_both_in_every_variant(tmp_path: Path) -> None:
    out = tmp_path / "crawl.json"
    proc = subprocess.run([sys.executable, "-m", "bench.bench_crawl", "--articles", "40", "--source-articles", "20",
                           "--rounds", "1", "--variants", "trafilatura,attache", "--json", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=590)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["articles"] == 40 and data["sources"] == [20, 20]
    ours = data["variants"]["Attaché: normalise + tag + store"]
    base = data["variants"]["trafilatura-only spider (baseline)"]
    assert ours["records"] == [40]  # both sources' articles, not one source's
    assert base["records"][0] >= 38  # trafilatura finds no text on a few real pages
    assert ours["peak_rss_mb"][0] > 0 and base["peak_rss_mb"][0] > 0
    assert "2 sources of 20 crawled at once" in proc.stdout
