"""Scrapyd benchmark: crawl throughput through one and two Scrapyd nodes against local `scrapy crawl`
subprocesses, on the same loopback sites, in the same run.

`--sources` loopback sites on 127.0.0.1, each with `--articles` fixture articles behind an RSS feed (one feed
source per site). Each mode crawls every source once through the daemon's runner seam
(`CrawlService.crawl`, at most `--parallel` crawls at a time) into its own fresh store — a database created
on the PostgreSQL server of `--pg` when it answers, else a SQLite file — and is timed from the first crawl
started to the last one recorded:

- local: each crawl a `scrapy crawl` subprocess of this process (the default runner);
- 1 node: each crawl a job on one `scrapyd` (deployed with `attache deploy`'s egg);
- 2 nodes: the same on two `scrapyd` processes, each crawl on the least busy one.

The nodes run on this machine, so they share its cores with everything else: the figures say what the
dispatch costs (scheduling, polling, the node's process start), not what nodes on other machines add.
The modes run interleaved for `--rounds` rounds (a fresh store each time; the nodes stay up, deployed once).
Prints articles stored, median seconds and articles/s per mode (with the range), and the ratio to local.
Usage: .venv/bin/python -m bench.bench_scrapyd [--sources N] [--articles N] [--parallel N] [--rounds R] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bench.scratch_database import scratch_database
from scraper.app.daemon.service import CrawlService
from scraper.app.scrapyd.deploy import deploy
from scraper.config import Config, load_config
from scraper.sources import load_catalog
from scraper.store import Store
from scraper.store.schema import ArticleRow
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.scrapyd_nodes import ScrapydProcess, node_environment, start_node
from tests.helpers.site_fixtures import make_articles, publish_site

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Result:
    mode: str
    articles: int
    seconds: float
    failed: list[str]

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def catalog(sites: list[LoopbackSite]) -> str:
    return "".join(f"""
[sources.bench-{n}]
name = "Bench site {n}"
kind = "feed"
country = "IT"
start_urls = ["{site.url('/feed.xml')}"]
max_articles = 1000
""" for n, site in enumerate(sites, start=1))


@contextmanager
def fresh_database(pg: str, folder: Path, name: str) -> Iterator[str]:
    """A fresh, upgraded database on the PostgreSQL server `pg` (dropped afterwards), else a SQLite file in
    `folder` when the server does not answer."""
    try:
        made = ExitStack()
        url = made.enter_context(scratch_database(pg, prefix=f"attache_bench_{name}"))
    except OperationalError:  # no server: SQLite
        yield f"sqlite:///{folder / (name + '.sqlite3')}"
        return
    with made:
        yield url


def crawl_all(config: Config, mode: str) -> Result:
    store = Store(config.database_url)
    try:
        catalog_ = load_catalog(config.sources, builtins=False)
        service = CrawlService(config, store, catalog_, republish=False)
        started = time.monotonic()
        with ThreadPoolExecutor(config.max_parallel_crawls) as pool:
            outcomes = list(pool.map(service.crawl, list(catalog_)))
        seconds = time.monotonic() - started
        with store.session() as session:
            articles = session.scalar(select(func.count()).select_from(ArticleRow)) or 0
        failed = [f"{o.source}: {o.status} {o.message or ''}" for o in outcomes if o and o.status != "ok"]
        return Result(mode, articles, seconds, failed)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=4)
    parser.add_argument("--articles", type=int, default=60, help="articles per source")
    parser.add_argument("--parallel", type=int, default=4, help="crawls at a time (ATTACHE_MAX_PARALLEL_CRAWLS)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three modes, interleaved")
    parser.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server for the stores (else SQLite files)")
    args = parser.parse_args()
    sites = [LoopbackSite().start() for _ in range(args.sources)]
    nodes: list[ScrapydProcess] = []
    with tempfile.TemporaryDirectory(prefix="attache-bench-scrapyd-") as tmp:
        root = Path(tmp)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("ATTACHE_")}
        base_env["HOME"] = str(root / "home")
        try:
            for n, site in enumerate(sites):
                publish_site(site, make_articles(args.articles, 1 + n * 10_000))
            (root / "sources.toml").write_text(catalog(sites))
            for name in ("node-1", "node-2"):
                nodes.append(start_node(root / name, node_environment(base_env, root / name / "data"),
                                        max_proc=args.parallel))
            modes = (("local subprocesses", []), ("1 Scrapyd node", nodes[:1]), ("2 Scrapyd nodes", nodes))
            results: dict[str, list[Result]] = {mode: [] for mode, _ in modes}
            for round_ in range(args.rounds):  # interleaved: a slow moment of the machine hits every mode
                for mode, urls in modes:
                    data = root / f"{mode.replace(' ', '-')}-{round_}"
                    data.mkdir()
                    with fresh_database(args.pg, data, mode.split()[0]) as url:
                        config = load_config(env={
                            "ATTACHE_DATA_DIR": str(data), "ATTACHE_DATABASE_URL": url,
                            "ATTACHE_DOWNLOAD_DELAY": "0", "ATTACHE_SOURCES": str(root / "sources.toml"),
                            "ATTACHE_BUILTINS": "0", "ATTACHE_MAX_PARALLEL_CRAWLS": str(args.parallel),
                            "ATTACHE_CRAWL_TIMEOUT": "600", "ATTACHE_SCRAPYD_URLS": ",".join(n.url for n in urls)})
                        if urls and round_ == 0:
                            assert all(d.error is None for d in deploy(config)), "deploy failed"
                        results[mode].append(crawl_all(config, mode))
                        store = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        finally:
            for node in nodes:
                node.kill()
            for site in sites:
                site.stop()
    local = statistics.median(r.rate for r in results["local subprocesses"])
    print(f"\n{args.sources} feed sources x {args.articles} articles on 127.0.0.1, {args.parallel} crawls at a time, "
          f"store: {store}, {os.cpu_count()} CPU(s), median of {args.rounds} round(s)")
    print(f"{'mode':<22}{'articles':>10}{'seconds':>10}{'articles/s':>12}{'range':>14}{'vs local':>10}")
    for mode, runs in results.items():
        rates = [r.rate for r in runs]
        rate = statistics.median(rates)
        print(f"{mode:<22}{runs[0].articles:>10}{statistics.median(r.seconds for r in runs):>10.1f}{rate:>12.1f}"
              f"{f'{min(rates):.1f}-{max(rates):.1f}':>14}{rate / local if local else 0:>9.2f}x")
        for failure in (f for r in runs for f in r.failed):
            print(f"  failed: {failure}")


if __name__ == "__main__":
    main()
