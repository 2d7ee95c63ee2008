"""Crawl benchmark: real `scrapy crawl` subprocesses against a site on 127.0.0.1.

Serves the dev set's pages (repeated under distinct URLs up to `--articles`, at most 1,000 — a catalog
entry's `max_articles` bound —, their canonical links removed so each URL is its own article; generated
fixture articles when the dev set is absent) as one site's articles behind a listing — from nginx when it
is installed (it costs the crawl nothing), else from the tests' Python loopback server — and measures,
politeness lifted (16 concurrent requests to the one site, no delay, no AutoThrottle), in interleaved
rounds:

- bare Scrapy: the project's spider with no item pipelines (fetch + PageItem only);
- trafilatura-only: the smallest useful news spider, Scrapy + trafilatura's `bare_extraction`
  with metadata, no pipelines (`bench/trafilatura_spider.py`) — the baseline;
- Attaché: normalise → tag → store into a fresh SQLite file, at its default settings (page workers started
  on demand once reading pages keeps the crawl process busy: `ATTACHE_NORMALISE_WORKERS=auto`);
- Attaché reading every page in the crawl process (`ATTACHE_NORMALISE_WORKERS=0`, variant `inprocess`);
- Attaché with page workers from the start (`ATTACHE_NORMALISE_WORKERS=2`);
- then one re-crawl of the unchanged site (known articles are not downloaded again).

Prints median pages/s with the range over the rounds, the ratio to trafilatura-only, CPU seconds per
page (the crawl and its worker processes) and the peak RSS of the crawl's process tree (sampled).
Usage: .venv/bin/python -m bench.bench_crawl [--articles N] [--rounds R] [--json FILE] [--variants trafilatura,attache]
[--code DIR] (`--json` also writes every round's figures to FILE, for `bench/bench_all.py`; `--code DIR` adds
the Attaché variant run from another source tree, e.g. `git archive <commit> | tar -x -C DIR`, interleaved in
the same rounds: a before/after on the same load).
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
from dataclasses import dataclass
from pathlib import Path

from bench.nginx_site import NginxSite, nginx_available
from scraper.process_memory import proc_bytes
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import article_html, devset_dir, devset_pages, make_articles

REPO = Path(__file__).resolve().parent.parent
_SELF_REFERENCE = re.compile(rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']?og:url[^>]*>",
                             re.IGNORECASE)
_ITEMS = re.compile(r"'item_scraped_count': (\d+)")
LIFTED = ("LOG_LEVEL=INFO", "CONCURRENT_REQUESTS=16", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "DOWNLOAD_DELAY=0",
          "AUTOTHROTTLE_ENABLED=False", "TELNETCONSOLE_ENABLED=False")


def site_pages(count: int) -> tuple[dict[str, bytes], str]:
    """path → body of the benchmark site (the listing at /list/index.html), and what it is made of."""
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
    links = "".join(f'<a href="{path}">x</a>' for path in pages)
    pages["/list/index.html"] = f"<html><body>{links}</body></html>".encode()
    return pages, kind


class TreeRss:
    """Samples the summed RSS and the summed PSS (proportional set size: a page shared by n processes counts
    1/n in each, so shared pages count once) of a process and its descendants (MB), every 0.1 s, until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_pss = pid, 0, 0
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
            tree = self._tree(self.pid)
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


def run(cmd: list[str], env: dict[str, str], cwd: Path, count_requests) -> Measure:
    """Run one crawl command; wall seconds, CPU seconds of it and its children, peak tree RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_requests = count_requests()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeRss(process.pid)
    _out, err = process.communicate()
    elapsed = time.perf_counter() - start
    rss, pss = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"crawl failed ({' '.join(cmd[:5])}):\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    scraped = _ITEMS.search(err)
    return Measure(elapsed, cpu, rss, pss, count_requests() - start_requests, int(scraped.group(1)) if scraped else 0)


def scrapy_cmd(*settings: str) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "bench", "-L", "INFO"]
    for setting in (*LIFTED, *settings):
        cmd += ["-s", setting]
    return cmd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to serve (default 1000, the most a"
                        " source's catalog entry may ask for; 0: the dev set once)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="page workers of the last variant (default 2)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures of every round to FILE as JSON")
    parser.add_argument("--code", metavar="DIR", help="also run the Attaché variant from the source tree DIR")
    parser.add_argument("--variants", default="bare,trafilatura,attache,workers",
                        help="variants to run, comma-separated: bare, trafilatura, attache, inprocess, workers "
                        "(default: all but inprocess; the baseline always runs)")
    args = parser.parse_args()
    pages, kind = site_pages(min(args.articles, 1000))
    count = len(pages) - 1
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
        listing = site.url("/list/")
        catalog = tmp / "sources.toml"
        catalog.write_text(f"""
[sources.bench]
name = "Benchmark site"
kind = "html"
start_urls = ["{listing}"]
article_pattern = '/a/[^/]+\\.html$'
max_articles = {min(count, 1000)}
""", encoding="utf-8")
        env = dict(os.environ, ATTACHE_SOURCES=str(catalog), ATTACHE_DOWNLOAD_DELAY="0",
                   ATTACHE_CRAWL_MAX_RESPONSES=str(count + 100),
                   SCRAPY_SETTINGS_MODULE="scraper.settings", HOME=str(tmp))
        env.pop("ATTACHE_DATABASE_URL", None)
        bare_env = {k: v for k, v in env.items() if k != "SCRAPY_SETTINGS_MODULE"}
        variants = {
            "bare Scrapy: fetch only, no pipelines": lambda n: run(
                scrapy_cmd("ITEM_PIPELINES={}"), dict(env, ATTACHE_DATA_DIR=str(tmp / f"bare{n}")), REPO,
                count_requests),
            "trafilatura-only spider (baseline)": lambda n: run(
                [sys.executable, "-m", "scrapy", "runspider", str(REPO / "bench" / "trafilatura_spider.py"),
                 "-a", f"listing={listing}", "-a", "pattern=/a/[^/]+\\.html$", "-L", "INFO",
                 *[part for setting in LIFTED for part in ("-s", setting)]], bare_env, tmp, count_requests),
            "Attaché: normalise + tag + store": lambda n: run(
                scrapy_cmd(), dict(env, ATTACHE_DATA_DIR=str(tmp / f"full{n}")), REPO, count_requests),
            "Attaché, pages read in process only": lambda n: run(
                scrapy_cmd(), dict(env, ATTACHE_DATA_DIR=str(tmp / f"inprocess{n}"), ATTACHE_NORMALISE_WORKERS="0"),
                REPO, count_requests),
            f"Attaché, {args.workers} page workers": lambda n: run(
                scrapy_cmd(), dict(env, ATTACHE_DATA_DIR=str(tmp / f"workers{n}"),
                                   ATTACHE_NORMALISE_WORKERS=str(args.workers)), REPO, count_requests),
        }
        chosen = {"trafilatura", *args.variants.split(",")}
        keys = ("bare", "trafilatura", "attache", "inprocess", "workers")
        variants = {name: run_it for key, (name, run_it) in zip(keys, variants.items(), strict=True) if key in chosen}
        if args.code:
            code = Path(args.code).resolve()
            variants[f"Attaché from {code.name}"] = lambda n: run(
                scrapy_cmd(), dict(env, ATTACHE_DATA_DIR=str(tmp / f"code{n}")), code, count_requests)
            if "workers" in chosen:
                variants[f"Attaché from {code.name}, {args.workers} workers"] = lambda n: run(
                    scrapy_cmd(), dict(env, ATTACHE_DATA_DIR=str(tmp / f"codeworkers{n}"),
                                       ATTACHE_NORMALISE_WORKERS=str(args.workers)), code, count_requests)
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
            recrawl = run(scrapy_cmd(), dict(env, ATTACHE_DATA_DIR=str(tmp / "full0")), REPO, count_requests) \
                if "attache" in chosen else Measure(0.0, 0.0, 0, 0, 0, 0)
        finally:
            site.stop()
    baseline = statistics.median(count / m.seconds for m in results["trafilatura-only spider (baseline)"])
    print(f"Crawl benchmark — {kind}, served by {server}; {args.rounds} interleaved rounds, politeness lifted"
          f" (16 concurrent requests, no delay); {os.cpu_count()} CPUs")
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
            "articles": count, "site": kind, "server": server, "rounds": args.rounds,
            "variants": {name: {"pages_per_s": [count / m.seconds for m in measures],
                                "cpu_ms_per_page": [m.cpu * 1000 / count for m in measures],
                                "peak_rss_mb": [m.rss for m in measures],
                                "peak_pss_mb": [m.pss for m in measures], "records": [m.items for m in measures]}
                         for name, measures in results.items()},
            "recrawl": {"seconds": recrawl.seconds, "requests": recrawl.requests, "peak_rss_mb": recrawl.rss},
        }, indent=1), encoding="utf-8")
    print("pages/s counts the served articles over the whole run, process start-up included; CPU is the crawl's"
          " and its workers'; peak RSS and PSS are the crawl's whole process tree's (workers included), sampled every"
          " 0.1 s (RSS counts a page shared by n processes n times, PSS once)")


if __name__ == "__main__":
    main()
