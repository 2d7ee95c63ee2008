"""`make bench`: every part of issue 14's measurement in one run, one table, exit 1 when a target is missed.

    .venv/bin/python -m bench.bench_all [--small] [--rounds 3] [--results DIR] [--only crawl,publish,...]

Each part is an existing bench run as a subprocess with `--json FILE` (its own output goes to this
process's stderr as it runs); this module only chooses their arguments, reads their figures and
prints the table of issue 14, one row per line of the issue's table, each with its baseline from the
same run, Attaché's figure, the ratio, the target and whether it is met. Figures are medians with
their range over the rounds (the benches interleave baseline and Attaché within each round).

Parts (full size / `--small`, the CI version):
- crawl: `bench_crawl` at 500 and 2,000 articles / 200, against the trafilatura-only spider at the same
  concurrency (2,000 is two sources of 1,000, a source's `max_articles` bound, crawled at once, one process each,
  and the baseline two spiders at once, one per listing);
- publish: `bench_publish` at 10,000 and 100,000 stored / 2,000, against feedgen alone, with the
  incremental publish after 20 new articles;
- server: `bench_server`, `attache serve` against nginx on the same directory with wrk;
- filtered: `bench_filtered`, `?q=…&country=…` on the largest store;
- memory: the publish processes' peak RSS (from `bench_publish`) and the idle daemon on the largest
  store (`bench_daemon_memory`).

The parts run shortest first (`RUN_ORDER`), each printing its rows to stderr when it ends; the table
keeps the issue's order. A part that cannot run (nginx or wrk missing, a bench that fails) fills its
rows with the reason and counts as missed. The stores are built once and cached in `--results`
(default `bench/results/`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import bench_publish as bp
from bench.bench_crawl import MAX_PER_SOURCE, source_sizes
from bench.bench_publish import RESULTS

REPO = Path(__file__).resolve().parent.parent
PARTS = ("crawl", "publish", "server", "filtered", "memory")
"""In the order of issue 14's table (the order of the rows)."""
RUN_ORDER = ("memory", "filtered", "server", "publish", "crawl")
"""The order the parts run in: the shortest first, so a run cut short has the most rows (each part's rows
go to stderr as soon as it ends)."""
TRAFILATURA = "trafilatura-only spider (baseline)"
ATTACHE = "Attaché: normalise + tag + store"


@dataclass
class Row:
    what: str
    baseline: str
    attache: str
    ratio: str
    target: str
    met: bool | None
    """None: not measured (the reason is in `attache`)."""

    def cells(self) -> list[str]:
        verdict = "met" if self.met else "MISSED" if self.met is False else "not run"
        return [self.what, self.baseline, self.attache, self.ratio, self.target, verdict]


@dataclass(frozen=True)
class Sizes:
    crawl: tuple[int, ...]
    crawl_variants: str
    publish: tuple[int, ...]
    server_articles: int
    server_duration: int
    server_idle: int
    filtered_queries: int
    daemon_idle: float


FULL = Sizes(crawl=(500, 2000), crawl_variants="bare,trafilatura,attache,workers",
             publish=(10_000, 100_000), server_articles=3000, server_duration=3,
             server_idle=500, filtered_queries=40, daemon_idle=20.0)
SMALL = Sizes(crawl=(200,), crawl_variants="trafilatura,attache",
              publish=(2000,), server_articles=200, server_duration=1, server_idle=50,
              filtered_queries=10, daemon_idle=2.0)


def med(values: Sequence[float], digits: int = 1, unit: str = "") -> str:
    """Median (range) of `values`, or the single value."""
    m = statistics.median(values)
    if len(values) == 1:
        return f"{m:,.{digits}f}{unit}"
    return f"{m:,.{digits}f}{unit} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def run_part(name: str, args: list[str], out: Path, timeout: float) -> tuple[dict[str, Any] | None, str]:
    """Run `python -m bench.<name> … --json out`; (its figures, "") or (None, why it gave none)."""
    print(f"\n=== {name} {' '.join(args)}", file=sys.stderr, flush=True)
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", f"bench.{name}", *args, "--json", str(out)], cwd=REPO,
                              stdout=sys.stderr, stderr=sys.stderr, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"{name} did not finish within {timeout:.0f} s"
    print(f"=== {name}: exit {proc.returncode} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    if not out.exists():
        return None, f"{name} exited {proc.returncode} without figures" + (
            " (wrk or nginx missing?)" if proc.returncode == 2 else "")
    return json.loads(out.read_text(encoding="utf-8")), ""


def crawl_rows(sizes: Sizes, rounds: int, work: Path, timeout: float) -> list[Row]:
    rows = []
    for n in sizes.crawl:
        shares = source_sizes(n)
        what = f"first crawl, politeness lifted, {n:,} articles" + (
            f" ({len(shares)} sources of ≤ {MAX_PER_SOURCE:,} at once)" if len(shares) > 1 else "")
        data, why = run_part("bench_crawl", ["--articles", str(n), "--rounds", str(rounds), "--variants",
                                             sizes.crawl_variants], work / f"crawl-{n}.json", timeout)
        if data is None:
            rows.append(Row(what, "—", why, "—", "≥ 1.0×", None))
            continue
        base, ours = data["variants"][TRAFILATURA], data["variants"][ATTACHE]
        ratios = [a / b for a, b in zip(ours["pages_per_s"], base["pages_per_s"], strict=True)]
        rows.append(Row(what, f"trafilatura-only {med(base['pages_per_s'])} pages/s, "
                              f"{med(base['cpu_ms_per_page'])} ms CPU/page",
                        f"{med(ours['pages_per_s'])} pages/s, {med(ours['cpu_ms_per_page'])} ms CPU/page, "
                        f"peak RSS {max(ours['peak_rss_mb'])} MB" + (" (both crawls)" if len(shares) > 1 else ""),
                        med(ratios, 2, "×"), "≥ 1.0×", statistics.median(ratios) >= 1.0))
    return rows


def publish_rows(sizes: Sizes, rounds: int, results: Path, work: Path, timeout: float) -> list[Row]:
    largest = max(sizes.publish)
    whats = [f"full publish, {largest:,} articles, × feedgen", f"full publish, {largest:,} articles, seconds",
             "publish peak RSS", f"publish after {20} new articles in one source",
             "how publish cost grows"]
    data, why = run_part("bench_publish", ["--articles", ",".join(map(str, sizes.publish)), "--rounds", str(rounds),
                                           "--check", "none", "--results", str(results)], work / "publish.json",
                         timeout)
    if data is None:
        return [Row(w, "—", why, "—", "—", None) for w in whats]
    big = next(s for s in data["sizes"] if s["n"] == largest)
    fg, full, inc = (big["times"][k] for k in ("feedgen", "full", "incremental"))
    ratio = [f / g for f, g in zip(full, fg, strict=True)]
    inc_ratio = [i / f for i, f in zip(inc, full, strict=True)]
    peaks = [max(s["peak_rss_mb"]) for s in data["sizes"]]
    floor = big["floor"]
    rows = [
        Row(whats[0], f"feedgen alone {med(fg, 2, ' s')}", f"{med(full, 2, ' s')} ({big['feeds']} feeds × 3 formats)",
            med(ratio, 2, "×"), f"≤ {bp.TARGET_FULL_RATIO:g}×", statistics.median(ratio) <= bp.TARGET_FULL_RATIO),
        Row(whats[1], f"feedgen alone {med(fg, 2, ' s')}", med(full, 2, " s"), med(ratio, 2, "×"),
            f"≤ {bp.TARGET_FULL_SECONDS:g} s" + ("" if largest >= 100_000 else " (at 100k only)"),
            statistics.median(full) <= bp.TARGET_FULL_SECONDS or largest < 100_000),
        Row(whats[2], "—", ", ".join(f"{s['n']:,}: {max(s['peak_rss_mb']):.0f} MB" for s in data["sizes"]), "—",
            f"≤ {bp.TARGET_RSS_MB:g} MB", max(peaks) <= bp.TARGET_RSS_MB),
        Row(whats[3], f"the full publish {med(full, 2, ' s')}",
            f"{med(inc, 2, ' s')}; {floor['rebuilt']:.0f} of {big['feeds']} feeds rebuilt, {floor['fixed']:.2f} s with "
            f"nothing new; {floor['floor']:.2f}× if each rebuilt feed cost a full-publish feed's "
            f"{floor['per_full'] * 1000:.1f} ms (it costs {floor['per_changed'] * 1000:.1f})", med(inc_ratio, 2, "×"),
            f"≤ {bp.TARGET_INCREMENTAL_RATIO:g}×", statistics.median(inc_ratio) <= bp.TARGET_INCREMENTAL_RATIO),
    ]
    if len(data["sizes"]) > 1:
        small = data["sizes"][0]
        grow = statistics.median(full) / statistics.median(small["times"]["full"])
        base_grow = statistics.median(fg) / statistics.median(small["times"]["feedgen"])
        rows.append(Row(whats[4], f"feedgen {small['n']:,} → {largest:,}: {base_grow:.2f}×",
                        f"{med(small['times']['full'], 2, ' s')} → {med(full, 2, ' s')} = {grow:.2f}×",
                        f"{grow / base_grow:.2f}×", f"≤ {bp.TARGET_GROWTH:g}× (flat)", grow <= bp.TARGET_GROWTH))
    else:
        rows.append(Row(whats[4], "—", "one store size only", "—", f"≤ {bp.TARGET_GROWTH:g}× (flat)", None))
    return rows


def server_rows(sizes: Sizes, rounds: int, work: Path, timeout: float) -> list[Row]:
    rows_names = ("plain", "304", "gzip", "plain, idle held")
    data, why = run_part("bench_server", ["--articles", str(sizes.server_articles), "--rounds", str(rounds),
                                          "--duration", str(sizes.server_duration), "--idle", str(sizes.server_idle)],
                         work / "server.json", timeout)
    if data is None:
        return [Row(f"serving the same files, 64 connections: {r}", "—", why, "—", "—", None) for r in rows_names]
    out = []
    target_ratio, target_p99 = data["target_ratio"], data["target_p99_ms"]
    for name in rows_names:
        theirs, mine = data["rows"][name]["nginx"], data["rows"][name]["ours"]
        ratios = [m / t for m, t in zip(mine["rps"], theirs["rps"], strict=True)]
        ok = statistics.median(ratios) >= target_ratio and statistics.median(mine["p99_ms"]) <= target_p99
        out.append(Row(f"serving the same files, {data['connections']} connections: {name}",
                       f"nginx {med(theirs['rps'], 0)} req/s, p99 {med(theirs['p99_ms'])} ms",
                       f"{med(mine['rps'], 0)} req/s, p99 {med(mine['p99_ms'])} ms", med(ratios, 2, "×"),
                       f"≥ {target_ratio:g}×, p99 ≤ {target_p99:g} ms", ok))
    return out


def filtered_rows(sizes: Sizes, rounds: int, results: Path, work: Path, timeout: float) -> list[Row]:
    n = max(sizes.publish)
    what = f"filtered feed ?q=…&country=… on {n:,}"
    data, why = run_part("bench_filtered", ["--articles", str(n), "--rounds", str(rounds), "--queries",
                                            str(sizes.filtered_queries), "--check", "none", "--results", str(results)],
                         work / "filtered.json", timeout)
    if data is None:
        return [Row(what, "—", why, "—", "p95 ≤ 100 ms", None)]
    return [Row(what, "—", f"p50 {med(data['p50_ms'])} ms, p95 {med(data['p95_ms'])} ms "
                           f"(cached p95 {med(data['cached_p95_ms'])} ms)", "—",
                f"p95 ≤ {data['target_p95_ms']:g} ms", bool(data["met"]))]


def memory_rows(sizes: Sizes, rounds: int, results: Path, work: Path, timeout: float) -> list[Row]:
    n = max(sizes.publish)
    what = f"idle daemon on the {n:,} store"
    data, why = run_part("bench_daemon_memory", ["--articles", str(n), "--idle", str(sizes.daemon_idle),
                                                 "--check", "none", "--results", str(results)],
                         work / "daemon.json", timeout)
    if data is None:
        return [Row(what, "—", why, "—", "≤ 150 MB", None)]
    return [Row(what, "—", f"{data['total_rss_mb']:.0f} MB (daemon high-water {data['hwm_mb']:.0f} MB; "
                           f"{data['children']} children; publish child peak {data['child_peak_mb']:.0f} MB)", "—",
                f"≤ {data['target_mb']:g} MB", bool(data["met"]))]


def table(rows: Sequence[Row]) -> str:
    head = ["what", "baseline, same run", "Attaché", "ratio", "target", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the CI version: 200 articles crawled, 2,000 stored, "
                        "one round, short wrk runs")
    parser.add_argument("--rounds", type=int, help="rounds per part (default 3; 1 with --small)")
    parser.add_argument("--results", default=str(RESULTS), help="where built stores are kept (default: %(default)s)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts to run, comma-separated ({', '.join(PARTS)})")
    parser.add_argument("--timeout", type=float, default=7200.0, help="longest time for one part (s)")
    args = parser.parse_args(argv)
    sizes = SMALL if args.small else FULL
    rounds = args.rounds or (1 if args.small else 3)
    results = Path(args.results)
    only = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(only) - set(PARTS))
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(unknown)} (known: {', '.join(PARTS)})")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        work = Path(tmp)
        parts: dict[str, Callable[[], list[Row]]] = {
            "crawl": lambda: crawl_rows(sizes, rounds, work, args.timeout),
            "publish": lambda: publish_rows(sizes, rounds, results, work, args.timeout),
            "server": lambda: server_rows(sizes, rounds, work, args.timeout),
            "filtered": lambda: filtered_rows(sizes, rounds, results, work, args.timeout),
            "memory": lambda: memory_rows(sizes, rounds, results, work, args.timeout),
        }
        done: dict[str, list[Row]] = {}
        for name in RUN_ORDER:
            if name in only:
                done[name] = parts[name]()
                print(f"\n{name}:\n{table(done[name])}", file=sys.stderr, flush=True)
        rows = [row for name in PARTS if name in done for row in done[name]]
    print(f"\nAttaché benchmark ({'small' if args.small else 'full'}): {rounds} round(s) per part, median (range); "
          f"{time.monotonic() - started:.0f} s")
    print(table(rows))
    missed = [r.what for r in rows if not r.met]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} targets met" + (f"; missed or not run: {'; '.join(missed)}"
                                                                      if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
