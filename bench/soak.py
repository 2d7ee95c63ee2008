"""Soak test: the daemon (a real subprocess) against a loopback site mixing good and hostile pages, many cycles.

The site has a good listing (one new article each cycle), a hostile listing (control-character references, a
very large page, a slow page, a 500, and a new good article each cycle), a gzip-bombed sitemap and a malformed
XML feed. A cycle ends when the good source has finished one more crawl. After each cycle it prints: good
articles kept (stored / due), feeds valid (feedparser bozo == 0), the daemon's RSS,
the largest crawl child's peak RSS in the cycle (VmHWM, polled), and the daemon's open descriptors. A good
article counts as due once a crawl of its source that started after it appeared has finished.

It fails (exit 1) when a good article is lost, a feed is invalid at the end, or the daemon's RSS, its descriptors
or the crawls' peak RSS keep growing (last quarter of the cycles against the second quarter).
Not part of the test suite: `make soak ARGS="--cycles 20"` (default 100 cycles, about 10 minutes).
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from scraper.process_memory import proc_bytes
from tests.helpers.daemon_runs import daemon_catalog
from tests.helpers.hostile_site import gzip_bomb, padded_page
from tests.helpers.loopback_site import SlowSite
from tests.helpers.site_fixtures import make_articles, publish_site, start_url_source_toml

REPO = Path(__file__).resolve().parent.parent
CONTROL_REFS = "".join(f"&#{n};" for n in (*range(1, 9), *range(14, 28))) + "&#xFFFE;&#xFFFF;"


@dataclass
class Sample:
    cycle: int
    seconds: float
    kept: int
    expected: int
    stored: int
    feeds_ok: int
    feeds: int
    daemon_rss: float
    child_rss: float
    fds: int


class HostileSite(SlowSite):
    """The fixture site plus hostile paths: fixed statuses, large and slow pages, a bomb, malformed XML."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: dict[str, int] = {}

    def _respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        status = self.statuses.get(path.split("?", 1)[0])
        if status:
            return status, {"Content-Type": "text/plain"}, b"server error"
        return super()._respond(path, headers)


def hostile_page(site: HostileSite, slug: str, title: str, text: str) -> None:
    site.add(f"/hostile/{slug}.html", f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
             f"<p>{text}</p><p>Defence ministers met in Rome to review bilateral cooperation and training.</p>"
             "</article></body></html>")


def build_site(site: HostileSite, cycle: int, bomb_mib: int, large_mib: int) -> set[str]:
    """(Re)publish the site for `cycle`; returns the good article URLs it carries."""
    good = make_articles(5 + cycle)
    publish_site(site, good)
    links = ["/hostile/control-refs.html", "/hostile/large.html", "/hostile/slow.html", "/hostile/error.html"]
    if cycle == 0:
        hostile_page(site, "control-refs", "Exercise pasted from a word processor",
                     f"The joint exercise{CONTROL_REFS} began on Monday with naval and air units from both sides.")
        site.add("/hostile/large.html", padded_page(large_mib))
        hostile_page(site, "slow", "Slow page", "This page answers after five seconds.")
        site.delays["/hostile/slow.html"] = 5
        site.statuses["/hostile/error.html"] = 500
        site.add("/bomb/sitemap.xml.gz", gzip_bomb(bomb_mib << 20), "application/x-gzip")
        site.add("/bad/feed.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Bad &nope; feed'
                 f'<item><title>Story</title><link>{site.url("/news/story-1.html")}</link>'
                 "<description><b>unclosed</description></item>", "application/rss+xml")
    hostile_good = []
    for n in range(1, cycle + 2):
        slug = f"good-{n}"
        hostile_page(site, slug, f"Staff talks held in Baku, round {n}",
                     f"Delegations met for round {n} of the staff talks on training and exercises, code {n * 7919}.")
        hostile_good.append(f"/hostile/{slug}.html")
    listing = "".join(f'<li><a href="{path}">{path}</a></li>' for path in links + hostile_good[::-1])
    site.add("/hostile/", f"<html><body><h1>Hostile news</h1><ul>{listing}</ul></body></html>")
    return {site.url(a.path) for a in good} | {site.url(p) for p in hostile_good}


def catalog(site: HostileSite) -> str:
    """The daemon's catalog: built-in sources off, the good listing (soak-good), then the hostile sources."""
    return daemon_catalog(site, source_id="soak-good", extra=f"""
[sources.soak-hostile]
name = "Soak: hostile listing"
kind = "html"
country = "IT"
language = "en"
start_urls = ["{site.url('/hostile/')}"]
article_pattern = '/hostile/[a-z0-9-]+\\.html'
""" + start_url_source_toml("soak-bomb", "Soak: gzip-bombed sitemap", "sitemap", site.url("/bomb/sitemap.xml.gz"))
        + start_url_source_toml("soak-badxml", "Soak: malformed feed", "feed", site.url("/bad/feed.xml")))


def _status(pid: int, field: str) -> float:
    """MiB of a /proc/PID/status field (VmRSS, VmHWM), 0 when the process is gone."""
    return (proc_bytes(f"/proc/{pid}/status", field + ":") or 0) / (1024 * 1024)


class ChildPeaks(threading.Thread):
    """Polls the daemon's child processes for their peak RSS (VmHWM)."""

    def __init__(self, daemon_pid: int) -> None:
        super().__init__(daemon=True)
        self.daemon_pid = daemon_pid
        self.peak = 0.0
        self.stopped = threading.Event()

    def take(self) -> float:
        peak, self.peak = self.peak, 0.0
        return peak

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            for pid in children(self.daemon_pid):
                self.peak = max(self.peak, _status(pid, "VmHWM"))


def stop_daemon(daemon: subprocess.Popen[bytes], peaks: ChildPeaks) -> None:
    """End a benchmark's daemon: stop sampling it, SIGTERM, SIGKILL when it has not stopped within 60 s; reaped."""
    peaks.stopped.set()
    daemon.send_signal(signal.SIGTERM)
    try:
        daemon.wait(timeout=60)
    except subprocess.TimeoutExpired:
        daemon.kill()
        daemon.wait(timeout=10)


def children(parent: int) -> list[int]:
    """Processes whose parent is `parent` (read from /proc/*/stat)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.append(int(entry.name))
    return found


def finished_runs(db: Path, source: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM crawl_runs WHERE source = ? AND status != 'running'",
                                (source,)).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def last_finished_start(db: Path, source: str) -> datetime | None:
    """When the source's latest finished crawl started (an article published before it is due)."""
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            row = conn.execute("SELECT max(started) FROM crawl_runs WHERE source = ? AND status NOT IN "
                               "('running', 'interrupted')", (source,)).fetchone()
    except sqlite3.OperationalError:
        return None
    if not row or not row[0]:
        return None
    when = datetime.fromisoformat(row[0])
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def stored_urls(db: Path) -> set[str]:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return {row[0] for row in conn.execute("SELECT url FROM articles")}
    except sqlite3.OperationalError:
        return set()


def feeds_valid(folder: Path) -> tuple[int, int]:
    files = [*folder.rglob("*.atom"), *folder.rglob("*.rss")]
    ok = sum(1 for f in files if not feedparser.parse(f.read_bytes()).bozo)
    return ok, len(files)


def growth(values: list[float]) -> tuple[float, float]:
    """Median of the second quarter and of the last quarter of `values`."""
    q = max(1, len(values) // 4)
    return statistics.median(values[q:2 * q]), statistics.median(values[-q:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--interval", type=int, default=3, help="ATTACHE_CRAWL_INTERVAL of the daemon (seconds)")
    parser.add_argument("--bomb-mib", type=int, default=256, help="decompressed size of the sitemap bomb")
    parser.add_argument("--large-mib", type=int, default=8, help="size of the very large page")
    parser.add_argument("--keep", metavar="DIR", help="data folder to use and keep (default: a temporary one)")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="attache-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    site = HostileSite()
    site.server.handle_error = lambda *_: None  # type: ignore[method-assign]  # crawls that hang up are expected
    site.start()
    published: dict[str, datetime] = {}  # good article URL -> when it first appeared on the site

    def publish_cycle(cycle: int) -> None:
        now = datetime.now(UTC)
        for url in build_site(site, cycle, args.bomb_mib, args.large_mib):
            published.setdefault(url, now)

    publish_cycle(0)
    sources = work / "sources.toml"
    sources.write_text(catalog(site), encoding="utf-8")
    (work / "data").mkdir(exist_ok=True)  # an explicit data folder must exist
    env = dict(os.environ, ATTACHE_DATA_DIR=str(work / "data"), ATTACHE_SOURCES=str(sources),
               ATTACHE_CRAWL_INTERVAL=str(args.interval), ATTACHE_HTTP_PORT="0", ATTACHE_MAX_PARALLEL_CRAWLS="2",
               ATTACHE_DOWNLOAD_DELAY="0", ATTACHE_CRAWL_TIMEOUT="120", HOME=str(work / "home"),
               PYTHONUNBUFFERED="1")
    env.pop("ATTACHE_DATABASE_URL", None)
    db, feeds = work / "data" / "attache.sqlite3", work / "data" / "feeds"
    log = open(work / "daemon.out", "wb")  # noqa: SIM115 (closed at the end)
    daemon = subprocess.Popen([sys.executable, "scheduler.py"], cwd=REPO, env=env, stdout=log,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    peaks = ChildPeaks(daemon.pid)
    peaks.start()
    samples: list[Sample] = []
    started = time.monotonic()
    print(f"soak: {args.cycles} cycles, interval {args.interval} s, bomb {args.bomb_mib} MiB, large page "
          f"{args.large_mib} MiB, data in {work}", flush=True)
    print(f"{'cycle':>5} {'time':>6} {'good kept':>10} {'stored':>6} {'feeds ok':>9} {'daemon MB':>9} "
          f"{'crawl MB':>8} {'fds':>4}", flush=True)
    try:
        for cycle in range(1, args.cycles + 1):
            while finished_runs(db, "soak-good") < cycle:
                if daemon.poll() is not None:
                    raise SystemExit(f"soak: the daemon exited with {daemon.returncode}; see {work / 'daemon.out'}")
                time.sleep(0.2)
            publish_cycle(cycle)
            site.clear_log()
            crawled = {src: last_finished_start(db, src) for src in ("soak-good", "soak-hostile")}
            due = {url for url, when in published.items()
                   if (since := crawled["soak-hostile" if "/hostile/" in url else "soak-good"]) and when < since}
            stored = stored_urls(db)
            ok, total = feeds_valid(feeds)
            s = Sample(cycle, time.monotonic() - started, len(due & stored), len(due), len(stored), ok, total,
                       _status(daemon.pid, "VmRSS"), peaks.take(), len(os.listdir(f"/proc/{daemon.pid}/fd")))
            samples.append(s)
            print(f"{s.cycle:>5} {s.seconds:>5.0f}s {s.kept:>4}/{s.expected:<5} {s.stored:>6} {s.feeds_ok:>4}/"
                  f"{s.feeds:<4} {s.daemon_rss:>9.1f} {s.child_rss:>8.1f} {s.fds:>4}", flush=True)
    finally:
        stop_daemon(daemon, peaks)
        log.close()
        site.stop()
    return verdict(samples, work)


def verdict(samples: list[Sample], work: Path) -> int:
    problems = []
    last = samples[-1]
    if last.kept < last.expected:
        problems.append(f"good articles lost: {last.expected - last.kept} of {last.expected}")
    if last.feeds_ok < last.feeds:
        problems.append(f"invalid feeds at the end: {last.feeds - last.feeds_ok} of {last.feeds}")
    if len(samples) >= 8:
        for name, values, factor, slack in (("daemon RSS (MB)", [s.daemon_rss for s in samples], 1.25, 10.0),
                                            ("crawl peak RSS (MB)", [s.child_rss for s in samples if s.child_rss],
                                             1.5, 20.0),
                                            ("daemon descriptors", [float(s.fds) for s in samples], 1.0, 4.0)):
            if len(values) < 4:
                continue
            early, late = growth(values)
            print(f"{name}: second-quarter median {early:.1f}, last-quarter median {late:.1f}")
            if late > early * factor + slack:
                problems.append(f"{name} keeps growing: {early:.1f} -> {late:.1f}")
    print(f"max daemon RSS {max(s.daemon_rss for s in samples):.1f} MB, max crawl peak RSS "
          f"{max(s.child_rss for s in samples):.1f} MB, max descriptors {max(s.fds for s in samples)}")
    hostile = ("/hostile/control-refs.html", "/hostile/large.html", "/hostile/slow.html")
    with sqlite3.connect(work / "data" / "attache.sqlite3") as conn:
        kept = {path for path in hostile
                if conn.execute("SELECT 1 FROM articles WHERE url LIKE ?", (f"%{path}",)).fetchone()}
        runs = conn.execute("SELECT source, status, count(*) FROM crawl_runs GROUP BY source, status "
                            "ORDER BY source, status").fetchall()
    print("hostile pages stored: " + ", ".join(f"{p} {'yes' if p in kept else 'no'}" for p in hostile))
    print("runs: " + "; ".join(f"{src} {status} x{n}" for src, status, n in runs))
    for problem in problems:
        print(f"FAIL: {problem}")
    print("soak: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
