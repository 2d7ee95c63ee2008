"""Rendering benchmark: the same listing crawled plain and in the browser (`render = "browser"`).

Two loopback sites serve the same fixture articles behind listings of `--per-page` links: one plain
(static links, a `rel=next` link to the next page), one built by script (links written by JavaScript,
the next page loaded by a button, tests/helpers/script_site.py). Each is crawled by real `scrapy crawl`
subprocesses, one at a time, with 1 listing page and with `--pages` listing pages. The four crawls run in
turn, `--repeat` rounds, so a drift of the machine's speed hits all four alike; figures are medians over
rounds, whole-crawl ratios taken round by round. Printed, as wall seconds and as CPU seconds (user + system of the
crawl and everything it waited for: Playwright's driver and Chromium included):

- each crawl, and its seconds per page fetched (listing pages + articles);
- the cost of one more listing page (its rendering or fetch, plus its articles):
  (t(pages) - t(1)) / (pages - 1), medians over rounds, rendered over plain: the figure the rendering
  target (≤ 3×) is about;
- the whole crawl of `--pages` listing pages, rendered over plain;
- the browser's fixed start-up cost: t_rendered(1) - t_plain(1).

Usage: .venv/bin/python -m bench.bench_render [--pages 10] [--per-page 10] [--repeat 5] [--pipelines]
(`--pipelines` keeps normalise → tag → store; by default crawls fetch only, so navigation dominates.)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper.config import load_config
from scraper.spiders.browser import chromium_problem
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.script_site import SCRIPT_LISTING, publish_script_site
from tests.helpers.site_fixtures import make_articles, publish_site

REPO = Path(__file__).resolve().parent.parent
PLAIN = """
[sources.bench]
name = "Benchmark site (plain listing)"
kind = "html"
start_urls = ["{start}"]
article_pattern = '/news/story-\\d+\\.html'
next_page = "a[rel=next]"
max_pages = {pages}
max_articles = 100000
"""
RENDERED = """
[sources.bench]
name = "Benchmark site (script-built listing)"
kind = "html"
start_urls = ["{start}"]
article_pattern = '/news/story-\\d+\\.html'
render = "browser"
next_click = "#next"
max_pages = {pages}
max_articles = 100000
"""
MODES = ("plain", "rendered")


def crawl(env: dict[str, str], settings: list[str]) -> tuple[float, float]:
    """One `scrapy crawl bench`: (wall seconds, CPU seconds of it and the processes it waited for)."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "bench", "-L", "WARNING"]
    for setting in settings:
        cmd += ["-s", setting]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"crawl failed:\n{result.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="listing pages of the long crawl (default 10)")
    parser.add_argument("--per-page", type=int, default=10, help="article links per listing page (default 10)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the four crawls (default 5)")
    parser.add_argument("--pipelines", action="store_true", help="normalise, tag and store as a real crawl does")
    args = parser.parse_args()
    problem = chromium_problem(load_config().chromium)
    if problem is not None:
        raise SystemExit(f"bench_render needs Chromium: {problem}")
    if args.pages < 2:
        raise SystemExit("--pages must be at least 2")
    articles = make_articles(args.pages * args.per_page)
    sites = {"plain": LoopbackSite().start(), "rendered": LoopbackSite().start()}
    publish_site(sites["plain"], articles, per_page=args.per_page)
    publish_script_site(sites["rendered"], articles, per_page=args.per_page)
    starts = {"plain": "/news/", "rendered": SCRIPT_LISTING}
    templates = {"plain": PLAIN, "rendered": RENDERED}
    settings = [] if args.pipelines else ["ITEM_PIPELINES={}"]
    runs: dict[tuple[str, int], list[tuple[float, float]]] = {}
    requests: dict[tuple[str, int], int] = {}
    with tempfile.TemporaryDirectory(prefix="attache-bench-render-") as tmp:
        for round_number in range(args.repeat):
            for pages in (1, args.pages):
                for mode in MODES:
                    catalog = Path(tmp) / f"{mode}-{pages}.toml"
                    catalog.write_text(templates[mode].format(start=sites[mode].url(starts[mode]), pages=pages),
                                       encoding="utf-8")
                    data = Path(tmp) / f"{mode}-{pages}-{round_number}"  # a first crawl every time
                    env = dict(os.environ, ATTACHE_SOURCES=str(catalog), ATTACHE_DOWNLOAD_DELAY="0",
                               ATTACHE_DATA_DIR=str(data), SCRAPY_SETTINGS_MODULE="scraper.settings", HOME=tmp)
                    sites[mode].clear_log()
                    runs.setdefault((mode, pages), []).append(crawl(env, settings))
                    requests[mode, pages] = len(sites[mode].log)
    for site in sites.values():
        site.stop()
    report(args, runs, requests)


def report(args: argparse.Namespace, runs: dict[tuple[str, int], list[tuple[float, float]]],
           requests: dict[tuple[str, int], int]) -> None:
    what = "normalise + tag + store" if args.pipelines else "fetch only, no pipelines"
    print(f"Rendering benchmark — {args.per_page} fixture articles per listing page, loopback HTTP, {what}; "
          f"medians of {args.repeat} rounds")
    print(f"{'crawl':10} {'listing pages':>13} {'articles':>9} {'requests':>9} {'wall s':>7} {'cpu s':>7} "
          f"{'wall s/page':>11} {'cpu s/page':>10}")
    for (mode, pages), values in runs.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        fetched = pages * (1 + args.per_page)
        print(f"{mode:10} {pages:13d} {pages * args.per_page:9d} {requests[mode, pages]:9d} {wall:7.2f} {cpu:7.2f} "
              f"{wall / fetched:11.3f} {cpu / fetched:10.3f}")
    print()
    extra = args.pages - 1
    for index, clock in enumerate(("wall", "cpu")):
        def one_more(mode: str, n: int, i: int = index) -> float:
            return (runs[mode, args.pages][n][i] - runs[mode, 1][n][i]) / extra

        plain = statistics.median(one_more("plain", n) for n in range(args.repeat))
        rendered = statistics.median(one_more("rendered", n) for n in range(args.repeat))
        # of the medians: one round's difference can be near 0 on a noisy machine
        ratio = f"{rendered / plain:.2f}×" if plain > 0 else "n/a (plain's difference is below the noise: more --pages)"
        whole = statistics.median(runs["rendered", args.pages][n][index] / runs["plain", args.pages][n][index]
                                  for n in range(args.repeat))
        startup = statistics.median(runs["rendered", 1][n][index] - runs["plain", 1][n][index]
                                    for n in range(args.repeat))
        print(f"{clock:4}: one more listing page with its {args.per_page} articles: plain {plain:.3f} s, "
              f"rendered {rendered:.3f} s → {ratio} (target ≤ 3×); whole crawl of {args.pages} pages "
              f"{whole:.2f}×; browser start-up +{startup:.2f} s")
    print("requests: what the site saw (robots.txt, and the browser's own requests for the next pages' JSON)")


if __name__ == "__main__":
    main()
