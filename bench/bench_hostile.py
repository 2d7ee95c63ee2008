"""Hostile-input crawl benchmark: peak RSS of real `scrapy crawl` subprocesses, per hostile case, against a crawl
of normal pages measured in the same run (issue 13's target: crawl RSS ≤ 300 MB on any hostile input).

    .venv/bin/python -m bench.bench_hostile [--rounds N] [--only CASE ...] [--normalise-only]

Every case is a fresh loopback site and a fresh data directory: seven fixture articles, plus the hostile part
(a gzip-bombed sitemap or feed, a `Content-Encoding: gzip` bomb in place of an article, a 15.5 MB article,
control-character references in every article, a PDF listing page, 3,000 nested elements in an article, an
article followed by tens of thousands of small elements: <p>, empty <div>, links, table cells).
The rounds interleave the cases (normal first in each round); the table gives, per case, the median and
range of the crawl's peak RSS (its own VmHWM, `memusage/max` of its stats), its ratio to the normal
crawl of the same round (median), wall time, articles stored and the run's status. A second table times
normalise() alone, in this process, on the crowded pages (target: 5 s each); `--normalise-only` prints it alone.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.helpers.hostile_site import (
    CROWDS,
    big_article,
    crowded_article_html,
    gzip_bomb,
    padded_page,
    serve_with_references,
)
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_scrapy_measured, write_catalog
from tests.helpers.site_fixtures import (
    article_html,
    make_articles,
    publish_site,
    sitemap_index_xml,
    three_kinds_catalog,
)

TARGET_MB = 300
NORMALISE_TARGET_S = 5.0
GIB = 1 << 30


def _normal(site: LoopbackSite) -> str:
    publish_site(site, make_articles(7))
    return "test-html"


def _references(site: LoopbackSite) -> str:
    articles = make_articles(7)
    publish_site(site, articles)
    serve_with_references(site, articles)
    return "test-html"


def _sitemap_bomb(site: LoopbackSite) -> str:
    publish_site(site, make_articles(7))
    site.add("/sitemap-bomb.xml.gz", gzip_bomb(GIB), "application/x-gzip")
    site.add("/sitemap.xml", sitemap_index_xml(["/sitemap-bomb.xml.gz", "/sitemap-news.xml.gz"], site.base),
             "application/xml")
    return "test-sitemap"


def _feed_bomb(site: LoopbackSite) -> str:
    publish_site(site, make_articles(7))
    site.add("/feed.xml", gzip_bomb(GIB, b'<?xml version="1.0"?><rss version="2.0"><channel>'), "application/rss+xml")
    return "test-feed"


def _encoding_bomb(site: LoopbackSite) -> str:
    articles = make_articles(7)
    publish_site(site, articles)
    site.add(articles[3].path, gzip_bomb(GIB, b"<html><body><p>"), headers={"Content-Encoding": "gzip"})
    return "test-feed"


def _big_article(site: LoopbackSite) -> str:
    articles = make_articles(7)
    publish_site(site, articles)
    big = big_article(articles[2], 15_500_000)
    site.add(big.path, article_html(big, site.base))
    return "test-html"


def _pdf_listing(site: LoopbackSite) -> str:
    publish_site(site, make_articles(7))
    site.add("/news/page-2.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"\x00binary" * 100_000, "application/pdf")
    return "test-html"


def _deep_nesting(site: LoopbackSite) -> str:
    articles = make_articles(7)
    publish_site(site, articles)
    html = article_html(articles[1], site.base)
    site.add(articles[1].path, html.replace("<article>", "<article>" + "<div><span>" * 3000, 1))
    return "test-html"


def _soak_page(site: LoopbackSite) -> str:
    articles = make_articles(7)
    publish_site(site, articles)
    site.add(articles[4].path, padded_page(8))
    return "test-html"


def _crowded(shape: str) -> Callable[[LoopbackSite], str]:
    def build(site: LoopbackSite) -> str:
        articles = make_articles(7)
        publish_site(site, articles)
        site.add(articles[4].path, crowded_article_html(articles[4], site.base, shape))
        return "test-html"
    return build


CASES: dict[str, tuple[str, Callable[[LoopbackSite], str]]] = {
    "normal": ("7 normal articles (baseline)", _normal),
    "references": ("control references in every article", _references),
    "sitemap-bomb": ("1 GiB gzip-bombed .xml.gz sitemap", _sitemap_bomb),
    "feed-bomb": ("1 GiB gzip-bombed feed body", _feed_bomb),
    "encoding-bomb": ("1 GiB Content-Encoding: gzip article", _encoding_bomb),
    "big-article": ("15.5 MB article", _big_article),
    "pdf-listing": ("PDF listing page (page 2)", _pdf_listing),
    "deep-nesting": ("6,000 nested elements in an article", _deep_nesting),
    **{f"many-{shape}": (f"{what} in an article", _crowded(shape)) for shape, (what, _, _) in CROWDS.items()},
    "soak-page": ("the soak's 8 MiB page (160,000 same <p>)", _soak_page),
}


def run_case(case: str, tmp: Path) -> dict[str, object]:
    """One crawl of `case` on a fresh site and data directory: peak RSS, seconds, stored articles, run status."""
    site = LoopbackSite().start()
    try:
        source = CASES[case][1](site)
        data = tmp / case / "data"
        data.mkdir(parents=True)
        env = dict(os.environ, ATTACHE_DATA_DIR=str(data), ATTACHE_DATABASE_URL=f"sqlite:///{data / 'a.sqlite3'}",
                   ATTACHE_DOWNLOAD_DELAY="0", SCRAPY_SETTINGS_MODULE="scraper.settings", HOME=str(tmp / "home"),
                   ATTACHE_SOURCES=str(write_catalog(tmp / case / "sources.toml", three_kinds_catalog(site))))
        start = time.perf_counter()
        result, peak = run_scrapy_measured(env, "crawl", source, "-L", "WARNING")
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{case}: crawl exited {result.returncode}:\n{result.stderr[-2000:]}")
        with sqlite3.connect(data / "a.sqlite3") as conn:
            stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            status, error = conn.execute("SELECT status, last_error FROM crawl_runs ORDER BY id DESC").fetchone()
        return {"peak": peak, "seconds": seconds, "stored": stored, "status": status, "error": error or ""}
    finally:
        site.stop()


def time_normalise(rounds: int) -> None:
    """normalise() alone on each crowded page (and the soak's 8 MiB page), in this process: median wall
    and CPU seconds over `rounds` (after one warm-up page: models loaded)."""
    from scraper.normalise import normalise

    logging.getLogger("scraper.normalise").setLevel(logging.ERROR)
    article = make_articles(1)[0]
    base = "http://127.0.0.1:1"
    pages = {what: crowded_article_html(article, base, shape).encode() for shape, (what, _, _) in CROWDS.items()}
    pages[CASES["soak-page"][0]] = padded_page(8).encode()
    normalise(article_html(article, base).encode(), base + article.path)
    print(f"\nnormalise() alone, in one process ({rounds} round(s), median; target ≤ {NORMALISE_TARGET_S:.0f} s)")
    print(f"{'page':40} {'bytes':>10} {'seconds':>8} {'CPU s':>6} {'body chars':>10}  {'≤ target':>8}")
    for what, page in pages.items():
        walls, cpus = [], []
        for _ in range(rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            record = normalise(page, base + article.path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"{what:40} {len(page):10d} {statistics.median(walls):8.2f} {statistics.median(cpus):6.2f}"
              f" {len(record.body_text):10d}  {'yes' if max(walls) <= NORMALISE_TARGET_S else 'NO':>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--only", action="append", choices=sorted(CASES), help="run these hostile cases only")
    parser.add_argument("--normalise-only", action="store_true", help="only time normalise() on the crowded pages")
    args = parser.parse_args()
    if args.normalise_only:
        time_normalise(args.rounds)
        return
    cases = ["normal"] + [c for c in CASES if c != "normal" and (not args.only or c in args.only)]
    results: dict[str, list[dict[str, object]]] = {c: [] for c in cases}
    ratios: dict[str, list[float]] = {c: [] for c in cases}
    with tempfile.TemporaryDirectory(prefix="attache-bench-hostile-") as name:
        for round_ in range(args.rounds):
            for case in cases:
                result = run_case(case, Path(name) / f"r{round_}")
                results[case].append(result)
                ratios[case].append(float(result["peak"]) / float(results["normal"][-1]["peak"]))
    print(f"Hostile-input crawl benchmark — {args.rounds} interleaved round(s), loopback HTTP, one crawl at a time")
    print(f"{'case':40} {'peak RSS MB':>12} {'range':>11} {'× normal':>9} {'seconds':>8} {'stored':>7}  "
          f"{'status':8} {'≤ ' + str(TARGET_MB) + ' MB':>9}  cause recorded")
    for case in cases:
        runs = results[case]
        peaks = [float(r["peak"]) for r in runs]
        last = runs[-1]
        print(f"{CASES[case][0]:40} {statistics.median(peaks):12.0f} {min(peaks):5.0f}–{max(peaks):<5.0f}"
              f" {statistics.median(ratios[case]):9.2f} {statistics.median(float(r['seconds']) for r in runs):8.1f}"
              f" {last['stored']:7d}  {last['status']:8} {'yes' if max(peaks) <= TARGET_MB else 'NO':>9}"
              f"  {str(last['error'])[:90]}")
    print("peak RSS: the crawl process's own peak (VmHWM, memusage/max); × normal: ratio to the normal crawl of "
          "the same round, median over rounds; seconds: median wall time, process start-up included")
    time_normalise(args.rounds)


if __name__ == "__main__":
    main()
