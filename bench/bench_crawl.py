"""Crawl benchmark: real `scrapy crawl` subprocesses against a site on 127.0.0.1.

Serves the dev set's pages (repeated under distinct URLs up to `--articles`, their canonical links removed so
each URL is its own article; generated fixture articles when the dev set is absent) behind a listing — from nginx
when it is installed (it costs the crawl nothing), else from the tests' Python loopback server. A source may ask
for at most 1,000 articles a run (its catalog entry's `max_articles` bound), so more articles are split evenly
into as few sources as that allows (2,000: two sources of 1,000), each with its own listing, crawled at once, one
process each — as the daemon runs due sources (`ATTACHE_MAX_PARALLEL_CRAWLS`, the CPU count) — and every variant
runs the same way: one process per listing, all at once, into one store. It measures, politeness lifted (16
concurrent requests per crawl process, no delay, no AutoThrottle), in interleaved rounds:

- bare Scrapy: the project's spider with no item pipelines (fetch + PageItem only);
- trafilatura-only: the smallest useful news spider, Scrapy + trafilatura's `bare_extraction`
  with metadata, no pipelines (`bench/trafilatura_spider.py`) — the baseline;
- Attaché: normalise → tag → store into a fresh SQLite file, at its default settings (page workers started
  on demand once reading pages keeps the crawl process busy: `ATTACHE_NORMALISE_WORKERS=auto`);
- Attaché reading every page in the crawl process (`ATTACHE_NORMALISE_WORKERS=0`, variant `inprocess`);
- Attaché with page workers from the start (`ATTACHE_NORMALISE_WORKERS=2`);
- then one re-crawl of the unchanged site (known articles are not downloaded again).

Prints median pages/s with the range over the rounds (all the articles over the wall time from the first process's
start to the last one's end), the ratio to trafilatura-only, CPU seconds per page (the crawls and their worker
processes) and the peak RSS of the crawls' process trees (sampled together).
Usage: .venv/bin/python -m bench.bench_crawl [--articles N] [--source-articles M] [--rounds R] [--json FILE]
[--variants trafilatura,attache] [--code DIR] (`--source-articles` lowers the articles per source, 1,000 by default,
to try the several-source crawl at a small size; `--json` also writes every round's figures to FILE, for
`bench/bench_all.py`; `--code DIR` adds the Attaché variant run from another source tree, e.g.
`git archive <commit> | tar -x -C DIR`, interleaved in the same rounds: a before/after on the same load).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.nginx_site import NginxSite, nginx_available
from scraper.process_memory import proc_bytes
from scraper.sources import UPPER_BOUNDS
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import article_html, devset_dir, devset_pages, make_articles

REPO = Path(__file__).resolve().parent.parent
_SELF_REFERENCE = re.compile(rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']?og:url[^>]*>",
                             re.IGNORECASE)
_ITEMS = re.compile(r"'item_scraped_count': (\d+)")
LIFTED = ("LOG_LEVEL=INFO", "CONCURRENT_REQUESTS=16", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "DOWNLOAD_DELAY=0",
          "AUTOTHROTTLE_ENABLED=False", "TELNETCONSOLE_ENABLED=False")
MAX_PER_SOURCE = UPPER_BOUNDS["max_articles"]
"""The most articles one source's crawl may ask for: more are split into several sources crawled at once."""


def source_sizes(count: int, per_source: int = MAX_PER_SOURCE) -> list[int]:
    """Articles of each source: `count` split evenly into as few sources as `per_source` articles each allows."""
    sources = max(1, -(-count // per_source))
    return [count // sources + (1 if number < count % sources else 0) for number in range(sources)]


def listing_paths(sources: int) -> list[str]:
    """Each source's listing page: /list/index.html for one source, /list/1/index.html, /list/2/… for several."""
    return ["/list/index.html"] if sources == 1 else [f"/list/{n}/index.html" for n in range(1, sources + 1)]


def site_pages(count: int, per_source: int = MAX_PER_SOURCE) -> tuple[dict[str, bytes], str]:
    """path → body of the benchmark site (each source's listing at `listing_paths`, linking its share of the
    articles), and what it is made of."""
    pages: dict[str, bytes] = {}
    if (devset_dir() / "pages").is_dir():
        real = [_SELF_REFERENCE.sub(b"", html) for _name, html, _ in devset_pages()]
        count = count or len(real)
        for number in range(count):
            pages[f"/a/{number:05d}.html"] = real[number % len(real)]
        sizes = sorted(len(body) for body in pages.values())
        kind = (f"{count} articles from the dev set's {len(real)} real pages (median {sizes[len(sizes) // 2] // 1024}"
                " KB)")
    else:
        for article in make_articles(count or 200):
            pages[f"/a/{article.slug}.html"] = article_html(article, "http://127.0.0.1").encode()
        kind = f"{len(pages)} generated fixture articles"
    articles = list(pages)
    shares = source_sizes(len(articles), per_source)
    if len(shares) > 1:
        kind += f" in {len(shares)} sources of {'/'.join(map(str, sorted(set(shares), reverse=True)))} crawled at once"
    start = 0
    for path, share in zip(listing_paths(len(shares)), shares, strict=True):
        links = "".join(f'<a href="{article}">x</a>' for article in articles[start:start + share])
        pages[path] = f"<html><body>{links}</body></html>".encode()
        start += share
    return pages, kind


class TreeRss:
    """Samples the summed RSS and the summed PSS (proportional set size: a page shared by n processes counts
    1/n in each, so shared pages count once) of processes and their descendants (MB), every 0.1 s, until stopped."""

    def __init__(self, *pids: int) -> None:
        self.pids, self.peak, self.peak_pss = pids, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        found, todo = [], [pid]
        while todo:
            current = todo.pop()
            found.append(current)
            try:
                for task in os.listdir(f"/proc/{current}/task"):
                    with open(f"/proc/{current}/task/{task}/children") as handle:
                        todo += [int(child) for child in handle.read().split()]
            except OSError:
                continue
        return found

    @staticmethod
    def _mb(path: str, field: str) -> int:
        """A /proc file's `field` (VmRSS of status, Pss of smaps_rollup) in MB; 0 once the process is gone."""
        return (proc_bytes(path, field) or 0) // 2**20

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            tree = [pid for root in self.pids for pid in self._tree(root)]
            self.peak = max(self.peak, sum(self._mb(f"/proc/{pid}/status", "VmRSS:") for pid in tree))
            self.peak_pss = max(self.peak_pss, sum(self._mb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in tree))

    def stop(self) -> tuple[int, int]:
        """The peak summed RSS and the peak summed PSS (MB)."""
        self._stop.set()
        self._thread.join()
        return self.peak, self.peak_pss


@dataclass
class Measure:
    seconds: float
    cpu: float
    rss: int
    pss: int
    requests: int
    items: int


@dataclass(frozen=True)
class Command:
    """One process of a run: its command line, environment and working folder."""
    argv: list[str]
    env: dict[str, str]
    cwd: Path


def run(commands: list[Command], count_requests: Callable[[], int]) -> Measure:
    """Start the commands at once and wait for them all: wall seconds from the first start to the last end, CPU
    seconds of them and their children, their trees' summed peak RSS and PSS (MB), requests served, items."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_requests = count_requests()
    with tempfile.TemporaryDirectory(prefix="attache-bench-logs-") as logs:
        errs = [Path(logs) / f"{number}.err" for number in range(len(commands))]
        start = time.perf_counter()
        processes = []
        for command, err in zip(commands, errs, strict=True):
            with err.open("wb") as handle:  # a file, not a pipe: no process waits on a full pipe
                processes.append(subprocess.Popen(command.argv, env=command.env, cwd=command.cwd,
                                                  stdout=subprocess.DEVNULL, stderr=handle))
        sampler = TreeRss(*(process.pid for process in processes))
        codes = [process.wait() for process in processes]
        elapsed = time.perf_counter() - start
        rss, pss = sampler.stop()
        texts = [err.read_text(encoding="utf-8", errors="replace") for err in errs]
    for command, code, text in zip(commands, codes, texts, strict=True):
        if code != 0:
            raise SystemExit(f"crawl failed ({' '.join(command.argv[:5])}):\n{text[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    items = sum(int(found.group(1)) for text in texts if (found := _ITEMS.search(text)))
    return Measure(elapsed, cpu, rss, pss, count_requests() - start_requests, items)


def scrapy_cmd(source: str, *settings: str) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", source, "-L", "INFO"]
    for setting in (*LIFTED, *settings):
        cmd += ["-s", setting]
    return cmd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to serve (default 1000, the most one"
                        " source's catalog entry may ask for: more are split into several sources crawled at once;"
                        " 0: the dev set once)")
    parser.add_argument("--source-articles", type=int, default=MAX_PER_SOURCE,
                        help=f"most articles per source (default {MAX_PER_SOURCE}, at most that)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="page workers of the last variant (default 2)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures of every round to FILE as JSON")
    parser.add_argument("--code", metavar="DIR", help="also run the Attaché variant from the source tree DIR")
    parser.add_argument("--variants", default="bare,trafilatura,attache,workers",
                        help="variants to run, comma-separated: bare, trafilatura, attache, inprocess, workers "
                        "(default: all but inprocess; the baseline always runs)")
    args = parser.parse_args()
    if not 1 <= args.source_articles <= MAX_PER_SOURCE:
        parser.error(f"--source-articles: between 1 and {MAX_PER_SOURCE}")
    pages, kind = site_pages(args.articles, args.source_articles)
    count = sum(1 for path in pages if path.startswith("/a/"))
    shares = source_sizes(count, args.source_articles)
    sources = ["bench"] if len(shares) == 1 else [f"bench-{n}" for n in range(1, len(shares) + 1)]
    with tempfile.TemporaryDirectory(prefix="attache-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if nginx_available():
            root = tmp / "site"
            for path, body in pages.items():
                (root / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
                (root / path.lstrip("/")).write_bytes(body)
            site = NginxSite(root).start()
            server = "nginx"

            def count_requests() -> int:
                return 0
        else:
            site = LoopbackSite().start()
            for path, body in pages.items():
                site.add(path.replace("index.html", ""), body, "text/html")
            server = "the Python loopback server (install nginx for a server that costs nothing)"

            def count_requests() -> int:
                return len(site.log)
        listings = [site.url(path.removesuffix("index.html")) for path in listing_paths(len(shares))]
        catalog = tmp / "sources.toml"
        catalog.write_text("".join(f"""
[sources.{source}]
name = "Benchmark site{'' if len(shares) == 1 else f', part {number}'}"
kind = "html"
start_urls = ["{listing}"]
article_pattern = '/a/[^/]+\\.html$'
max_articles = {share}
""" for number, (source, listing, share) in enumerate(zip(sources, listings, shares, strict=True), 1)),
            encoding="utf-8")
        env = dict(os.environ, ATTACHE_SOURCES=str(catalog), ATTACHE_DOWNLOAD_DELAY="0",
                   ATTACHE_CRAWL_MAX_RESPONSES=str(max(shares) + 100),
                   SCRAPY_SETTINGS_MODULE="scraper.settings", HOME=str(tmp))
        env.pop("ATTACHE_DATABASE_URL", None)
        bare_env = {k: v for k, v in env.items() if k != "SCRAPY_SETTINGS_MODULE"}
        lifted = [part for setting in LIFTED for part in ("-s", setting)]

        def crawls(data: str, cwd: Path = REPO, *settings: str, **extra: str) -> list[Command]:
            """One `scrapy crawl` per source, all into the data folder `data` (one store, as the daemon's)."""
            crawl_env = dict(env, ATTACHE_DATA_DIR=str(tmp / data), **extra)
            return [Command(scrapy_cmd(source, *settings), crawl_env, cwd) for source in sources]

        def baseline() -> list[Command]:
            """One trafilatura-only spider per listing."""
            spider = str(REPO / "bench" / "trafilatura_spider.py")
            return [Command([sys.executable, "-m", "scrapy", "runspider", spider, "-a", f"listing={listing}",
                             "-a", "pattern=/a/[^/]+\\.html$", "-L", "INFO", *lifted], bare_env, tmp)
                    for listing in listings]

        variants = {
            "bare Scrapy: fetch only, no pipelines": lambda n: run(
                crawls(f"bare{n}", REPO, "ITEM_PIPELINES={}"), count_requests),
            "trafilatura-only spider (baseline)": lambda n: run(baseline(), count_requests),
            "Attaché: normalise + tag + store": lambda n: run(crawls(f"full{n}"), count_requests),
            "Attaché, pages read in process only": lambda n: run(
                crawls(f"inprocess{n}", ATTACHE_NORMALISE_WORKERS="0"), count_requests),
            f"Attaché, {args.workers} page workers": lambda n: run(
                crawls(f"workers{n}", ATTACHE_NORMALISE_WORKERS=str(args.workers)), count_requests),
        }
        chosen = {"trafilatura", *args.variants.split(",")}
        keys = ("bare", "trafilatura", "attache", "inprocess", "workers")
        variants = {name: run_it for key, (name, run_it) in zip(keys, variants.items(), strict=True) if key in chosen}
        if args.code:
            code = Path(args.code).resolve()
            variants[f"Attaché from {code.name}"] = lambda n: run(crawls(f"code{n}", code), count_requests)
            if "workers" in chosen:
                variants[f"Attaché from {code.name}, {args.workers} workers"] = lambda n: run(
                    crawls(f"codeworkers{n}", code, ATTACHE_NORMALISE_WORKERS=str(args.workers)), count_requests)
        results: dict[str, list[Measure]] = {name: [] for name in variants}
        try:  # a failed crawl ends the benchmark: the server is stopped all the same (nginx would outlive it)
            for number in range(args.rounds):
                for name, variant in variants.items():
                    results[name].append(variant(number))
                    if results[name][-1].items < 0.95 * count:  # trafilatura finds no text on a few real pages
                        raise SystemExit(f"{name}: {results[name][-1].items} of {count} articles came out of the"
                                         " crawl")
                    print(f"  round {number + 1}: {name}: {count / results[name][-1].seconds:.1f} pages/s",
                          file=sys.stderr)
            recrawl = run(crawls("full0"), count_requests) if "attache" in chosen else Measure(0.0, 0.0, 0, 0, 0, 0)
        finally:
            site.stop()
    baseline = statistics.median(count / m.seconds for m in results["trafilatura-only spider (baseline)"])
    print(f"Crawl benchmark — {kind}, served by {server}; {args.rounds} interleaved rounds, politeness lifted"
          f" (16 concurrent requests{' per process' if len(shares) > 1 else ''}, no delay); {os.cpu_count()} CPUs")
    print(f"{'run':40} {'pages/s':>8} {'range':>13} {'× traf-only':>11} {'CPU ms/page':>11} {'peak RSS MB':>11}"
          f" {'peak PSS MB':>11} {'records':>8}")
    for name, measures in results.items():
        rates = [count / m.seconds for m in measures]
        median = statistics.median(rates)
        cpu = statistics.median(m.cpu * 1000 / count for m in measures)
        print(f"{name:40} {median:8.1f} {min(rates):6.1f}–{max(rates):<6.1f} {median / baseline:11.2f} {cpu:11.1f}"
              f" {max(m.rss for m in measures):11d} {max(m.pss for m in measures):11d}"
              f" {min(m.items for m in measures):8d}")
    print(f"{'re-crawl of the unchanged site':40} {recrawl.seconds:7.2f}s {'':13} {'':11} {'':11} {recrawl.rss:11d}"
          + (f"  ({recrawl.requests} requests)" if recrawl.requests else ""))
    if args.json:
        Path(args.json).write_text(json.dumps({
            "articles": count, "sources": shares, "site": kind, "server": server, "rounds": args.rounds,
            "variants": {name: {"pages_per_s": [count / m.seconds for m in measures],
                                "cpu_ms_per_page": [m.cpu * 1000 / count for m in measures],
                                "peak_rss_mb": [m.rss for m in measures],
                                "peak_pss_mb": [m.pss for m in measures], "records": [m.items for m in measures]}
                         for name, measures in results.items()},
            "recrawl": {"seconds": recrawl.seconds, "requests": recrawl.requests, "peak_rss_mb": recrawl.rss},
        }, indent=1), encoding="utf-8")
    print("pages/s counts the served articles over the whole run (the first process's start to the last one's end),"
          " start-up included; CPU is the crawls' and their workers'; peak RSS and PSS are the crawls' whole process"
          " trees' together (workers included), sampled every 0.1 s (RSS counts a page shared by n processes n times,"
          " PSS once)")


if __name__ == "__main__":
    main()
