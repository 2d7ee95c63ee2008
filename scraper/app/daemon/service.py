"""One crawl as the daemon runs it: logged start and end, tracked process, republish of the touched feeds.

`CrawlService` is shared by the scheduled daemon and `attache daemon --once`;
it keeps the live crawl processes so a shutdown can stop them all at once.
"""

from __future__ import annotations

import logging
import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from scraper.app.crawls import CrawlOutcome, run_crawl
from scraper.app.daemon.election import PublisherElection
from scraper.app.daemon.health import SourceHealth, health_row, source_health
from scraper.app.daemon.planning import Plan, next_run, schedule_for
from scraper.app.daemon.publisher import Publisher, publish_in_child
from scraper.app.daemon.recovery import crawl_marker
from scraper.app.discovery.repair import propose_repair
from scraper.app.processes import signal_process, stop_processes
from scraper.app.publish_record import record_publish
from scraper.app.scrapyd.dispatch import NodePool, run_on_nodes
from scraper.config import Config
from scraper.sources import CatalogError, Source, load_catalog
from scraper.store import Repair, Store, interrupt_run, latest_repairs, recent_finished_runs
from scraper.store.dirty import dirty_feeds

logger = logging.getLogger(__name__)
crawl_output = logging.getLogger("scraper.app.daemon.crawl")

ERROR_LINES_LOGGED = 5
"""Error lines of a crawl's own output copied into the daemon log (the rest are counted)."""

FaultHook = Callable[[str, str], None]
"""`hook(stage, source_id)`, called when a daemon job enters a stage ("crawl", "plan", "publish"); raising
there injects a fault. The fault-injection seam of the supervisor tests: the daemon itself never sets one."""


class CrawlService:
    """Runs crawls for the daemon and republishes what they touched."""

    def __init__(self, config: Config, store: Store, catalog: Mapping[str, Source], *, republish: bool = True,
                 faults: FaultHook | None = None, publisher: Publisher = publish_in_child) -> None:
        self.config = config
        self.publisher = publisher
        """How a publish runs: in a child process (`publisher.publish_in_child`)."""
        self.faults = faults
        self.store = store
        self.catalog = dict(catalog)
        self.republish = republish
        self.stopping = threading.Event()
        self._procs: dict[str, subprocess.Popen[str]] = {}
        self._node_crawls: set[str] = set()
        self._nodes = NodePool(config.scrapyd_urls) if config.scrapyd_urls else None
        """Sources being crawled on Scrapyd nodes (they follow `stopping` themselves)."""
        self._lock = threading.Lock()
        self.repaired: set[str] = set()
        """Sources whose catalog entry a repair rewrote (the daemon runs them again soon)."""
        self.election = PublisherElection(config.database_url)
        """Whether this daemon publishes, among the daemons sharing a PostgreSQL store (`election.py`)."""

    # --- health and planning -------------------------------------------------
    def health(self) -> dict[str, SourceHealth]:
        """Every catalog source's health from its recent runs."""
        with self.store.session() as session:
            runs = recent_finished_runs(session, self.catalog)
        return {sid: source_health(sid, runs[sid]) for sid in self.catalog}

    def plan(self, source_id: str, health: SourceHealth, now: datetime, rand: float | None = None) -> Plan:
        """When a source runs next, from its crawl history (the daemon's scheduling decision)."""
        self._fault("plan", source_id)
        return self._plan(source_id, health, now, rand)

    def _plan(self, source_id: str, health: SourceHealth, now: datetime, rand: float | None = None) -> Plan:
        schedule = schedule_for(self.catalog[source_id].schedule, self.config.crawl_interval)
        return next_run(schedule, health.history(), now, random.random() if rand is None else rand)

    def _fault(self, stage: str, source_id: str) -> None:
        if self.faults is not None:
            self.faults(stage, source_id)

    def health_rows(self, now: datetime | None = None, *, error_width: int = 120) -> list[dict[str, object]]:
        """Rows for `attache status` and the index page; next runs without jitter."""
        now = now or datetime.now(UTC)
        health = self.health()
        repairs = self.repairs()
        rows = []
        for sid, h in health.items():
            row = health_row(h, self._plan(sid, h, now, rand=0.0), error_width)
            row["repair"] = repair_cell(repairs.get(sid), h)
            rows.append(row)
        return rows

    def repairs(self) -> dict[str, Repair]:
        """Each source's latest proposed repair."""
        with self.store.session() as session:
            return latest_repairs(session, self.catalog)

    # --- repair ----------------------------------------------------------------
    def repair(self, source_id: str) -> Repair | None:
        """Propose a repair for a source in the warning state (once per episode); with auto_repair, apply it
        and reload the source's entry from the user catalog."""
        source = self.catalog.get(source_id)
        if source is None or self.stopping.is_set():
            return None
        key = f"{source_id} (repair test crawl)"

        def on_start(proc: subprocess.Popen[str]) -> None:
            with self._lock:
                self._procs[key] = proc
            if self.stopping.is_set():
                signal_process(proc.pid, signal.SIGTERM)

        try:
            repair = propose_repair(source, self.health()[source_id], self.config, self.store,
                                    cancelled=self.stopping.is_set, on_start=on_start)
        except Exception:  # discovery reads hostile pages; it must never take the daemon down
            logger.exception("%s: repair failed", source_id)
            return None
        finally:
            with self._lock:
                self._procs.pop(key, None)
        if repair is not None and repair.status == "applied":
            try:
                self.catalog[source_id] = load_catalog(self.config.sources, builtins=self.config.builtins)[source_id]
            except (CatalogError, KeyError) as exc:
                logger.error("%s: the repaired catalog could not be reloaded: %s", source_id, exc)
            else:
                self.repaired.add(source_id)
        return repair

    # --- crawling --------------------------------------------------------------
    def crawl(self, source_id: str, reason: str = "") -> CrawlOutcome | None:
        """Run one crawl (logged, with the configured time limit), then republish; None when stopping."""
        if self.stopping.is_set():
            return None
        self._fault("crawl", source_id)
        logger.info("crawl started: %s%s", source_id, f" ({reason})" if reason else "")
        errors = [0]

        def on_line(line: str) -> None:
            if " ERROR: " in line or " CRITICAL: " in line:
                errors[0] += 1
                if errors[0] <= ERROR_LINES_LOGGED:
                    crawl_output.warning("%s: %s", source_id, line)
                    return
            crawl_output.debug("%s: %s", source_id, line)

        def on_start(proc: subprocess.Popen[str]) -> None:
            with self._lock:
                self._procs[source_id] = proc
            if self.stopping.is_set():  # shutdown began while the process was starting
                signal_process(proc.pid, signal.SIGTERM)

        outcome = self._run(source_id, on_line, on_start)
        if self.stopping.is_set() and outcome.run is not None and outcome.status != "ok":
            with self.store.session() as session:
                if interrupt_run(session, outcome.run.id, datetime.now(UTC), "interrupted: the daemon was stopped"):
                    outcome.status = "interrupted"
            outcome.message = f"interrupted: the daemon was stopped ({outcome.message})"
        self._log_end(outcome, errors[0])
        if outcome.status in ("ok", "partial", "empty") and not self.stopping.is_set():
            self.repair(source_id)
        if self.republish and not self.stopping.is_set():
            self.publish_after(outcome)
        return outcome

    def _run(self, source_id: str, on_line: Callable[[str], None],
             on_start: Callable[[subprocess.Popen[str]], None]) -> CrawlOutcome:
        """The runner seam: a local `scrapy crawl` subprocess, or a job on the least busy Scrapyd node when
        ATTACHE_SCRAPYD_URLS names nodes (`scraper.app.scrapyd.dispatch`; a stop cancels the job)."""
        if self._nodes is not None:
            with self._lock:
                self._node_crawls.add(source_id)
            try:
                return run_on_nodes(source_id, self.config, self.store, self._nodes, timeout=self.config.crawl_timeout,
                                    stopping=self.stopping, on_line=on_line)
            finally:
                with self._lock:
                    self._node_crawls.discard(source_id)
        try:
            return run_crawl(source_id, self.config, self.store, timeout=self.config.crawl_timeout,
                             on_line=on_line, on_start=on_start, environment=crawl_marker())
        finally:
            with self._lock:
                self._procs.pop(source_id, None)

    def _log_end(self, outcome: CrawlOutcome, error_lines: int) -> None:
        run = outcome.run
        counts = (f"new {run.new}, updated {run.updated}, unchanged {run.unchanged}, dropped {run.dropped}, "
                  f"errors {run.errors}") if run else "no run recorded"
        level = logging.INFO if outcome.status in ("ok", "partial", "busy") else logging.WARNING
        extra = f"; {outcome.message}" if outcome.message and outcome.status not in ("ok",) else ""
        if outcome.status == "empty":
            extra = f"; warning: {outcome.message}"
        if error_lines > ERROR_LINES_LOGGED:
            extra += f" ({error_lines} error lines in its output)"
        logger.log(level, "crawl ended: %s %s in %.1f s: %s%s", outcome.source, outcome.status, outcome.duration,
                   counts, extra)

    # --- publishing ------------------------------------------------------------
    def publish_all(self) -> None:
        """Publish every feed, the OPML list and the index page (with source health)."""
        self._publish(None)

    def publish_after(self, outcome: CrawlOutcome) -> None:
        """Republish the feeds the store marks as changed — by this crawl or by any other, such as a crawl
        run by hand (`attache crawl`, `scrapy crawl`) — and the index page (with source health)."""
        self._publish(None, outcome.source, changed=True)

    def publisher_check(self) -> None:
        """Every `election.PUBLISHER_CHECK_SECONDS` on PostgreSQL: a daemon that is not the publisher tries to take
        over (and then publishes everything: the feeds may be stale); the publisher publishes the feeds other
        daemons' crawls marked changed. Never raises."""
        if not self.election.contested or self.stopping.is_set():
            return
        try:
            if not self.election.publishing():
                if self.election.may_publish():
                    self.publish_all()
                return
            with self.store.session() as session:
                marked = bool(dirty_feeds(session))
        except Exception:
            logger.exception("the publisher check failed")
            return
        if marked:
            self._publish(None, changed=True)

    def _publish(self, only: set[str] | None, after: str | None = None, *, changed: bool = False) -> None:
        """Publish in a child process (`publisher`), so the daemon never keeps a publish's memory; never raises:
        a failure is logged at ERROR, naming the crawl it followed. Skipped while another daemon sharing the
        PostgreSQL store is the publisher; the first publish after becoming the publisher is a full one."""
        if not self.election.may_publish():
            return
        if self.election.took_over():  # it has just become the publisher: its feeds folder may be stale
            only, changed = None, False
        started = time.monotonic()
        try:
            if after is not None:
                self._fault("publish", after)
            report = self.publisher(self.config, only=only, changed=changed,
                                    health_rows=self.health_rows(error_width=200))
            record_publish(self.config, report, "daemon")
        except Exception:
            logger.exception("publishing%s failed; the previous feed files stay in place",
                             f" after the crawl of {after}" if after else "")
            return
        logger.info("published %s: %d file(s) written in %.1f s",
                    "all feeds" if only is None and not changed else f"{len(report.feeds)} feed(s)",
                    len(report.written), time.monotonic() - started)

    # --- shutdown --------------------------------------------------------------
    def running(self) -> list[str]:
        with self._lock:
            return sorted(set(self._procs) | self._node_crawls)

    def stop(self, grace: float) -> None:
        """Stop taking work and end every running crawl: SIGTERM, then SIGKILL after `grace` seconds."""
        self.stopping.set()
        with self._lock:
            procs = list(self._procs.values())
        stop_processes([proc.pid for proc in procs], grace)


def repair_cell(repair: Repair | None, health: SourceHealth) -> str:
    """The index page's and status's "repair" cell: the current episode's proposal (first line: its status;
    then the diff), or "" when there is none."""
    if repair is None or health.episode is None or repair.episode != health.episode:
        return ""
    head = f"{repair.status} {repair.proposed:%Y-%m-%d %H:%M}" + (f": {repair.message}" if repair.message else "")
    return head + ("\n" + repair.diff if repair.diff else "")
