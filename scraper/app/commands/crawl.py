"""`attache crawl [SOURCE ...]`: crawl now, with progress lines and a summary table.

Exit status: 0 when every crawl succeeded; 1 when any failed (or timed out, or
the source was busy); 3 when none failed but a source is in the warning state
(its crawl found no article link — status ``empty`` — or stored nothing although
the source usually yields articles); 2 for a usage or catalog mistake; 130 / 143
after SIGINT / SIGTERM: the running crawl is stopped (SIGTERM, then SIGKILL after
a grace period), its run recorded as ``interrupted``, and the sources not yet
crawled are skipped. With ``ATTACHE_SCRAPYD_URLS`` each crawl is a job on the least busy Scrapyd node
(`scraper.app.scrapyd.dispatch`), followed to its end the same way.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from feeds.publish import feeds_touching
from scraper.app.commands.publish import publish_all, summary
from scraper.app.console import catalog_or_error, error, print_table, unknown_sources
from scraper.app.crawls import CrawlOutcome, run_crawl
from scraper.app.daemon.election import PublisherElection
from scraper.app.daemon.health import source_health
from scraper.app.scrapyd.dispatch import run_on_nodes
from scraper.app.stop_signal import StopSignal
from scraper.config import Config
from scraper.store import Store, recent_finished_runs

EXIT_WARNING = 3
"""Exit status when no crawl failed but a source is in the warning state."""

PROGRESS_MARK = "attache-progress:"
LOG_ERROR = re.compile(r"\] (?:ERROR|CRITICAL): ")
"""A log record at ERROR level (never the stats dump's 'log_count/ERROR' counter)."""


def register(subparsers: Any) -> None:
    """Add `crawl` to the `attache` parser."""
    crawl = subparsers.add_parser("crawl", help="crawl sources now (all enabled ones when none are named)")
    crawl.add_argument("source_ids", nargs="*", metavar="SOURCE", help="source ids (see `attache sources`)")
    crawl.add_argument("--refresh", action="store_true", help="download known articles again")
    crawl.add_argument("--timeout", type=float, default=None, help="seconds before a crawl is stopped")
    crawl.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    crawl.add_argument("--no-publish", action="store_true",
                       help="do not publish afterwards (by default the feeds the crawls changed are republished)")
    crawl.set_defaults(func=run)


class Progress:
    """Progress of one crawl: a line rewritten in place on a terminal, plain lines otherwise."""

    def __init__(self, sid: str, quiet: bool) -> None:
        self.sid, self.quiet = sid, quiet
        self.terminal = sys.stdout.isatty()
        self.pending = False

    def line(self, line: str) -> None:
        if PROGRESS_MARK in line:
            self._say(line.split(PROGRESS_MARK, 1)[1].strip(), transient=True)
        elif LOG_ERROR.search(line) or "already being crawled" in line:
            self._say(line)

    def note(self, text: str) -> None:
        """A line said as it is (where a crawl on a Scrapyd node was scheduled, or why it moved)."""
        self._say(text)

    def _say(self, text: str, transient: bool = False) -> None:
        if self.quiet:
            return
        if self.terminal and transient:
            print(f"\r\033[K  {self.sid}: {text}", end="", flush=True)
            self.pending = True
            return
        self.done()
        print(f"  {self.sid}: {text}", flush=True)

    def done(self) -> None:
        if self.pending:
            print(flush=True)
            self.pending = False


def run(args: argparse.Namespace, config: Config) -> int:
    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    ids = args.source_ids or sorted(catalog)
    if unknown_sources(ids, catalog, config):
        return 2
    store = Store(config.database_url)
    outcomes: list[CrawlOutcome] = []
    try:
        with StopSignal() as stop:
            for sid in ids:
                if stop.event.is_set():
                    break
                if not args.quiet:
                    print(f"crawling {sid} …", flush=True)
                progress = Progress(sid, args.quiet)
                if config.scrapyd_urls:  # the runner seam, as in the daemon: a job on the least busy node
                    outcome = run_on_nodes(sid, config, store, timeout=args.timeout, stopping=stop.event,
                                           refresh=args.refresh, on_line=progress.note)
                else:
                    outcome = run_crawl(sid, config, store, timeout=args.timeout, on_line=progress.line,
                                        refresh=args.refresh, cancel=stop)
                progress.done()
                outcomes.append(outcome)
        with store.session() as session:
            history = recent_finished_runs(session, [o.source for o in outcomes])
        published = None if args.no_publish or stop.event.is_set() else _publish(config, store, outcomes)
    finally:
        store.close()
    warnings = {sid: h.warning for sid, runs in history.items() if (h := source_health(sid, runs)).warning}
    rows = []
    for o in outcomes:
        r = o.run
        rows.append([o.source, o.status, r.new if r else 0, r.updated if r else 0, r.unchanged if r else 0,
                     r.dropped if r else 0, r.errors if r else 0, f"{o.duration:.1f}s", o.message or ""])
    print_table(["source", "status", "new", "updated", "unchanged", "dropped", "errors", "time", "last error"],
                rows)
    if published:
        print(published)
    if stop.event.is_set():
        skipped = ids[len(outcomes):]
        print(f"stopped by {stop.signal_name}" + (f"; not crawled: {', '.join(skipped)}" if skipped else ""))
        return stop.exit_status
    if not all(o.status in ("ok", "partial", "empty") for o in outcomes):
        return 1
    for sid, reason in warnings.items():
        print(f"warning: {sid}: {reason} (see `attache status --explain {sid}`)")
    return EXIT_WARNING if warnings else 0


def _publish(config: Config, store: Store, outcomes: list[CrawlOutcome]) -> str | None:
    """Republish the feeds the crawls changed (the index page alone when nothing changed), like the daemon;
    returns the summary line (None when publishing failed, said on stderr). On a PostgreSQL store shared with
    daemons it takes part in their election (`daemon/election.py`): while a daemon publishes, the crawl leaves the
    feeds to it (the daemon republishes what the crawl marked changed within seconds)."""
    changed = [o.source for o in outcomes if o.run and (o.run.new or o.run.updated or o.run.dropped)]
    election = PublisherElection(config.database_url)
    try:
        if not election.may_publish():
            if election.other_publisher is None:  # the lock could not be asked for (logged as a warning)
                return "not published: the publisher lock could not be checked (`attache publish` once it can)"
            return (f"not published here: {election.other_publisher} publishes the feeds and republishes what "
                    "this crawl changed")
        report = publish_all(config, store, feeds_touching(store, changed) if changed else set(), "attache crawl")
    except OSError as exc:
        error(f"the crawl is stored but publishing failed: {exc.filename or ''} {exc.strerror or exc} "
              "(run `attache publish` once fixed)")
        return None
    finally:
        election.close()
    return summary(report, config)
