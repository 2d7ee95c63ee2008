"""Idle daemon memory: `attache daemon` on a store of N synthetic articles, after its first full publish.

    .venv/bin/python -m bench.bench_daemon_memory [--articles 100000] [--idle 20] [--json FILE] [--check targets|none]
                                                  [--code DIR]

The store is `bench_publish`'s (200 sources, built through `Store` and cached under `bench/results/`),
copied into a fresh data folder with the current tagger version recorded (no upgrade retag) and one
finished crawl run per source a minute old, so no crawl is due. The catalog names the store's 200
sources (built-in sources off), each on an unreachable loopback port with a daily schedule. The real
daemon (`attache daemon`, serving on 127.0.0.1, an ephemeral port) starts, publishes every feed, then
sits idle; after `--idle` seconds the bench reads, from /proc: the daemon's VmRSS and VmHWM (its
high-water mark, which the first publish sets when it publishes in process), the RSS of its children
(none when idle), and the largest peak of any child seen meanwhile (a publish process). Exits 1 when
the idle RSS of the daemon and its children is over the target (150 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_publish import RESULTS, SOURCES, cached_store
from bench.soak import ChildPeaks, _status, children, stop_daemon
from scraper.app.retagging import record_tagger_version
from scraper.store import Store
from scraper.store.runs import RunCounts, finish_run, start_run

REPO = Path(__file__).resolve().parent.parent
TARGET_IDLE_MB = 150.0
PUBLISHED = "published all feeds"


def prepare(folder: Path, n: int, seed: int, results: Path) -> Path:
    """A data folder holding the N-article store, no crawl due and no retag due; returns the catalog file."""
    data = folder / "data"
    data.mkdir(parents=True)
    db = data / "attache.sqlite3"
    shutil.copy(cached_store(n, seed, results), db)
    store = Store(f"sqlite:///{db}")
    record_tagger_version(store)
    ago = datetime.now(UTC) - timedelta(minutes=1)
    with store.session() as session:
        for index in range(SOURCES):
            run = start_run(session, f"src-{index:03d}", ago)
            finish_run(session, run, ago + timedelta(seconds=5), "ok", RunCounts(unchanged=1, requests=1))
    store.close()
    catalog = folder / "sources.toml"
    catalog.write_text("".join(
        f'[sources.src-{i:03d}]\nname = "Bench source {i}"\nkind = "html"\ncountry = "IT"\nlanguage = "en"\n'
        f'start_urls = ["http://127.0.0.1:9/src-{i:03d}/"]\narticle_pattern = "/news/\\\\d+"\n'
        f"[sources.src-{i:03d}.schedule]\ninterval = 86400\n\n" for i in range(SOURCES)), encoding="utf-8")
    return catalog


def measure(n: int, idle: float, seed: int, results: Path, timeout: float, code: Path = REPO) -> dict[str, object]:
    """Start the daemon on the N-article store, wait for its first publish and `idle` seconds; its memory."""
    with tempfile.TemporaryDirectory(prefix="bench-daemon-") as tmp:
        folder = Path(tmp)
        catalog = prepare(folder, n, seed, results)
        env = dict(os.environ, ATTACHE_DATA_DIR=str(folder / "data"), ATTACHE_SOURCES=str(catalog),
                   ATTACHE_BUILTINS="0", ATTACHE_HTTP_HOST="127.0.0.1", ATTACHE_HTTP_PORT="0",
                   ATTACHE_PUBLIC_BASE_URL="http://127.0.0.1:8787/", HOME=str(folder / "home"),
                   PYTHONUNBUFFERED="1")
        for name in ("ATTACHE_DATABASE_URL", "ATTACHE_FEEDS_DIR", "ATTACHE_CONFIG"):
            env.pop(name, None)
        log = folder / "daemon.out"
        with open(log, "wb") as out:
            daemon = subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "daemon"], cwd=code, env=env,
                                      stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        peaks = ChildPeaks(daemon.pid)
        peaks.start()
        started = time.monotonic()
        try:
            while PUBLISHED not in log.read_text(errors="replace"):
                if daemon.poll() is not None:
                    raise SystemExit(f"the daemon exited with {daemon.returncode}: "
                                     f"{log.read_text(errors='replace')[-2000:]}")
                if time.monotonic() - started > timeout:
                    raise SystemExit(f"no first publish within {timeout:.0f} s: "
                                     f"{log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
            publish_seconds = time.monotonic() - started
            time.sleep(idle)
            if daemon.poll() is not None:
                raise SystemExit(f"the daemon exited with {daemon.returncode} while idle")
            kids = children(daemon.pid)
            result = {
                "articles": n, "idle_seconds": idle, "first_publish_seconds": round(publish_seconds, 1),
                "rss_mb": round(_status(daemon.pid, "VmRSS"), 1), "hwm_mb": round(_status(daemon.pid, "VmHWM"), 1),
                "children": len(kids), "children_rss_mb": round(sum(_status(p, "VmRSS") for p in kids), 1),
                "child_peak_mb": round(peaks.peak, 1),
            }
            result["total_rss_mb"] = round(float(result["rss_mb"]) + float(result["children_rss_mb"]), 1)
            return result
        finally:
            stop_daemon(daemon, peaks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="stored articles (default: %(default)s)")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds idle after the first publish")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900.0, help="longest wait for the first publish (s)")
    parser.add_argument("--results", default=str(RESULTS), help="where built stores are kept (default: %(default)s)")
    parser.add_argument("--code", default=str(REPO), help="run the daemon from this source tree (another commit's, "
                        "e.g. from `git archive`), default: this one")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--check", choices=("targets", "none"), default="targets")
    args = parser.parse_args(argv)
    r = measure(args.articles, args.idle, args.seed, Path(args.results), args.timeout, Path(args.code))
    missed = r["total_rss_mb"] > TARGET_IDLE_MB  # type: ignore[operator]
    if args.json:
        Path(args.json).write_text(json.dumps(r | {"target_mb": TARGET_IDLE_MB, "met": not missed}), encoding="utf-8")
    print(f"idle daemon, {r['articles']:,} stored, {r['idle_seconds']:.0f} s after its first publish "
          f"({r['first_publish_seconds']} s from start): RSS {r['rss_mb']} MB, high-water {r['hwm_mb']} MB; "
          f"{r['children']} child process(es), {r['children_rss_mb']} MB; largest child peak "
          f"{r['child_peak_mb']} MB")
    if missed:
        print(f"MISSED idle RSS {r['total_rss_mb']} MB (target ≤ {TARGET_IDLE_MB:.0f} MB)")
    return 1 if missed and args.check == "targets" else 0


if __name__ == "__main__":
    raise SystemExit(main())
