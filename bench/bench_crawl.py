"""Crawl benchmark: real `scrapy crawl` subprocesses against a loopback site.

Serves the dev set's pages (or generated fixture articles when the dev set is
absent) as one site's articles behind a listing, then measures in one run:

- baseline: the same spider with no item pipelines (fetch + PageItem only);
- full crawl: normalise → tag → store into a fresh SQLite file;
- re-crawl of the unchanged site (known articles are not downloaded again).

Prints wall time, pages/s, requests, peak RSS of the crawl process (ru_maxrss of the
child) and ratios against the baseline. Usage: .venv/bin/python -m bench.bench_crawl [--articles N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import article_html, devset_dir, devset_pages, make_articles

REPO = Path(__file__).resolve().parent.parent


def serve(site: LoopbackSite, count: int) -> tuple[int, str]:
    links = []
    if (devset_dir() / "pages").is_dir():
        pages = devset_pages()[:count] if count else devset_pages()
        for name, html, _ in pages:
            site.add(f"/a/{name}.html", html, "text/html")
            links.append(f"/a/{name}.html")
        kind = f"dev set ({len(pages)} real pages)"
    else:
        for article in make_articles(count or 200):
            path = f"/a/{article.slug}.html"
            site.add(path, article_html(article, site.base))
            links.append(path)
        kind = f"fixture articles ({len(links)})"
    site.add("/list/", "<html><body>" + "".join(f'<a href="{p}">x</a>' for p in links) + "</body></html>")
    return len(links), kind


def crawl(env: dict[str, str], *settings: str) -> tuple[float, int]:
    """Run one crawl; returns (seconds, peak RSS in MB of that child)."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "bench", "-L", "WARNING"]
    for setting in settings:
        cmd += ["-s", setting]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"crawl failed:\n{result.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="articles to serve (default: whole dev set)")
    args = parser.parse_args()
    site = LoopbackSite().start()
    count, kind = serve(site, args.articles)
    with tempfile.TemporaryDirectory(prefix="attache-bench-") as tmp:
        catalog = Path(tmp) / "sources.toml"
        catalog.write_text(f"""
[sources.bench]
name = "Benchmark site"
kind = "html"
start_urls = ["{site.url('/list/')}"]
article_pattern = '/a/[^/]+\\.html$'
max_articles = 100000
""", encoding="utf-8")
        env = dict(os.environ, ATTACHE_SOURCES=str(catalog), ATTACHE_DOWNLOAD_DELAY="0",
                   SCRAPY_SETTINGS_MODULE="scraper.settings", HOME=tmp)
        rows = []
        site.clear_log()
        base_env = dict(env, ATTACHE_DATA_DIR=str(Path(tmp) / "baseline"))
        seconds, rss = crawl(base_env, "ITEM_PIPELINES={}")
        rows.append(("baseline: fetch only, no pipelines", seconds, len(site.log), rss))
        full_env = dict(env, ATTACHE_DATA_DIR=str(Path(tmp) / "full"))
        site.clear_log()
        seconds, rss = crawl(full_env)
        rows.append(("full crawl: normalise + tag + store", seconds, len(site.log), rss))
        site.clear_log()
        seconds, rss = crawl(full_env)
        rows.append(("re-crawl, nothing changed", seconds, len(site.log), rss))
    site.stop()
    print(f"Crawl benchmark — {kind}, loopback HTTP, one crawl process at a time")
    print(f"{'run':40} {'seconds':>8} {'requests':>9} {'pages/s':>8} {'× baseline time':>16} {'peak RSS MB':>12}")
    base_seconds = rows[0][1]
    for name, seconds, requests, rss in rows:
        print(f"{name:40} {seconds:8.2f} {requests:9d} {count / seconds:8.1f} {seconds / base_seconds:16.2f} {rss:12d}")
    print("pages/s counts the served articles over the whole run, process start-up (~1 s) included;"
          " peak RSS is the largest crawl child so far (ru_maxrss)")


if __name__ == "__main__":
    main()
