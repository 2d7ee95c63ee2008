"""Filtered feeds: `?q=…&country=…` answered by `attache serve` from a store of N synthetic articles.

    .venv/bin/python -m bench.bench_filtered [--articles 100000] [--rounds 3] [--queries 40] [--json FILE]

The store is `bench_publish`'s (cached under `bench/results/`). `attache serve` (the real command, a
subprocess, `bench_server.ours`) serves it on 127.0.0.1. Each round asks, one request at a time, for
`--queries` distinct filtered feeds (`/all.atom?q=<word>&country=<code>`, words from the store's own
vocabulary, so none is in the server's answer cache: each costs a store query and a render), then the
same queries again (answered from the cache). The copy is published once first, as a daemon leaves its store:
the story features of every published window are kept, so answers group their items into stories as they do
in use (an older item a search digs up, outside every window, is shown on its own).
Latency is the whole HTTP request as the client sees it.
Figures: p50 and p95 of the uncached requests per round (median and range over the rounds), and the
cached p95. Target (exit 1 when missed): uncached p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import random
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

from bench.bench_publish import COUNTRIES, RESULTS, _vocabulary, cached_store
from bench.bench_server import ours
from feeds.publish import publish
from scraper.config import load_config
from scraper.store import Store

TARGET_P95_MS = 100.0


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed_get(conn: http.client.HTTPConnection, path: str) -> float:
    """Milliseconds for one GET of `path` on a kept-alive connection (its body read); checks for a 200."""
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200 or b"<feed" not in body:
        raise SystemExit(f"bench_filtered: {path} answered {response.status}: {body[:200]!r}")
    return elapsed


def measure(n: int, rounds: int, queries: int, seed: int, results: Path) -> dict[str, object]:
    words = _vocabulary(random.Random(seed))
    rng = random.Random(seed + 99)
    with tempfile.TemporaryDirectory(prefix="bench-filtered-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        shutil.copy(cached_store(n, seed, results), data / "attache.sqlite3")
        config = load_config(env={"ATTACHE_DATA_DIR": str(data), "ATTACHE_PUBLIC_BASE_URL": "http://127.0.0.1:8787/"})
        store = Store(config.database_url)
        try:  # the store as a daemon leaves it: every feed published, so the story features of its windows are kept
            publish(config, store)
        finally:
            store.close()
        uncached: list[list[float]] = []
        cached: list[list[float]] = []
        with ours(config) as base:
            address = re.match(r"http://([\d.]+):(\d+)", base)
            if address is None:
                raise SystemExit(f"bench_filtered: attache serve gave no address: {base!r}")
            conn = http.client.HTTPConnection(address[1], int(address[2]), timeout=60)
            try:
                timed_get(conn, "/all.atom?" + urlencode({"q": words[0], "country": "IT"}))  # warm up
                for _ in range(rounds):
                    paths = ["/all.atom?" + urlencode({"q": rng.choice(words), "country": rng.choice(COUNTRIES)})
                             for _ in range(queries)]
                    uncached.append([timed_get(conn, p) for p in paths])
                    cached.append([timed_get(conn, p) for p in paths])
            finally:
                conn.close()
    p50 = [percentile(r, 0.5) for r in uncached]
    p95 = [percentile(r, 0.95) for r in uncached]
    cached_p95 = [percentile(r, 0.95) for r in cached]
    return {"articles": n, "rounds": rounds, "queries": queries, "p50_ms": p50, "p95_ms": p95,
            "cached_p95_ms": cached_p95, "target_p95_ms": TARGET_P95_MS,
            "met": statistics.median(p95) <= TARGET_P95_MS}


def _fmt(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.1f} ms ({min(values):.1f}–{max(values):.1f})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=int, default=40, help="distinct filtered feeds per round")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results", default=str(RESULTS), help="where built stores are kept (default: %(default)s)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--check", choices=("targets", "none"), default="targets")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    r = measure(args.articles, args.rounds, args.queries, args.seed, Path(args.results))
    if args.json:
        Path(args.json).write_text(json.dumps(r), encoding="utf-8")
    print(f"filtered feeds, {args.articles:,} stored, {args.queries} distinct queries × {args.rounds} rounds: "
          f"uncached p50 {_fmt(r['p50_ms'])}, p95 {_fmt(r['p95_ms'])}; "  # type: ignore[arg-type]
          f"cached p95 {_fmt(r['cached_p95_ms'])}")  # type: ignore[arg-type]
    if not r["met"]:
        print(f"MISSED filtered feed p95 (target ≤ {TARGET_P95_MS:.0f} ms)")
    return 1 if not r["met"] and args.check == "targets" else 0


if __name__ == "__main__":
    raise SystemExit(main())
