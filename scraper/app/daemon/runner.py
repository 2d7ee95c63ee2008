"""The long-running daemon (APScheduler 3.x) and the one-shot `--once` run.

One job per source, with its own trigger (interval or cron, with jitter),
`max_instances=1`, `coalesce=True` and a misfire grace time, on a thread pool
of `max_parallel_crawls` workers. The trigger is only the fallback: when a job
starts it pushes its own next run out of the way, and when the crawl ends the
next run is planned from the crawl history (`planning.next_run`), which is
where backoff and restart behaviour live.

A job never raises: an exception in its crawl, planning or publishing is logged
at ERROR naming the source, and the source is rescheduled all the same: from its
crawl history, or by its regular schedule when planning itself failed.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor as FuturesPool
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import SchedulerNotRunningError

from feeds.server import make_server
from scraper.app.crawls import CrawlOutcome
from scraper.app.daemon.cron import trigger_for
from scraper.app.daemon.election import PUBLISHER_CHECK_SECONDS
from scraper.app.daemon.health import SourceHealth
from scraper.app.daemon.planning import Plan, jitter_window, misfire_grace, period, regular_run, schedule_for
from scraper.app.daemon.publisher import Publisher, publish_in_child
from scraper.app.daemon.recovery import recover
from scraper.app.daemon.service import CrawlService, FaultHook
from scraper.app.daemon.upgrade import retag_after_upgrade
from scraper.app.stop_signal import StopSignal
from scraper.config import Config, ConfigError
from scraper.sources import Source
from scraper.store import Store

logger = logging.getLogger(__name__)

REPAIRED_RUN_DELAY_SECONDS = 60.0
"""How soon a source whose entry a repair rewrote is crawled again."""
STOP_GRACE_SECONDS = 3.0
"""How long running crawls get to close cleanly on shutdown before they are killed."""
RETAG_JOIN_SECONDS = 5.0
"""How long shutdown waits for the background retag to notice it (it checks between articles)."""


def _prepare(config: Config, store: Store) -> None:
    stale = recover(store, config.data_dir, datetime.now(UTC), config.scrapyd_urls)
    if stale:
        logger.info("recovered %d interrupted run(s) from before this start", stale)


def _start_upgrade_retag(service: CrawlService, *, publish: bool) -> threading.Thread:
    """Retag the stored articles in the background when the tagger version changed (`upgrade.py`); with
    `publish`, republish every feed after it changed something."""

    def work() -> None:
        try:
            result = retag_after_upgrade(service.store, service.stopping.is_set)
        except Exception:  # the daemon goes on with the old tags; the next start tries again
            logger.exception("retagging the stored articles failed; they keep their tags")
            return
        if publish and result is not None and result.changed and not service.stopping.is_set():
            service.publish_all()

    thread = threading.Thread(target=work, name="retag", daemon=True)
    thread.start()
    return thread


class Daemon:
    """The scheduler, its jobs, the HTTP server and shutdown."""

    def __init__(self, config: Config, store: Store, catalog: Mapping[str, Source], *,
                 faults: FaultHook | None = None, publisher: Publisher = publish_in_child) -> None:
        self.config = config
        self.service = CrawlService(config, store, catalog, faults=faults, publisher=publisher)
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(config.max_parallel_crawls), "publisher": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )

    def schedule_all(self, now: datetime) -> None:
        """Add one job per source, its first run planned from the crawl history."""
        try:
            health = self.service.health()
        except Exception:
            logger.exception("reading the crawl history failed; every source starts on its regular schedule")
            health = {}
        for sid, source in self.service.catalog.items():
            schedule = schedule_for(source.schedule, self.config.crawl_interval)
            every = period(schedule, now)
            plan = self._next_run(sid, now, health)
            self.scheduler.add_job(
                self._job, trigger_for(schedule.interval, schedule.cron, jitter_window(every)), args=[sid],
                id=sid, name=f"crawl {sid}", next_run_time=plan.when, misfire_grace_time=misfire_grace(every),
                replace_existing=True,
            )
            logger.info("%s: %s; next run %s (%s)", sid, schedule.describe(),
                        plan.when.strftime("%Y-%m-%d %H:%M:%S"), plan.reason)

    def _job(self, source_id: str) -> None:
        """One scheduled crawl of a source, then its next run; never raises."""
        # The crawl itself is bounded by crawl_timeout; keep the trigger from firing meanwhile.
        self._reschedule(source_id, datetime.now(UTC) + timedelta(seconds=self.config.crawl_timeout + 60))
        try:
            outcome = self.service.crawl(source_id)
        except Exception:  # the source is still rescheduled below
            logger.exception("%s: the crawl job failed", source_id)
        else:
            if outcome is None:  # the daemon is stopping
                return
        if self.service.stopping.is_set():
            return
        now = datetime.now(UTC)
        if source_id in self.service.repaired:  # its entry was just rewritten: try it soon
            self.service.repaired.discard(source_id)
            plan = Plan(now + timedelta(seconds=REPAIRED_RUN_DELAY_SECONDS), "repaired entry")
        else:
            plan = self._next_run(source_id, now)
        self._reschedule(source_id, plan.when)
        logger.info("%s: next run %s (%s)", source_id, plan.when.strftime("%Y-%m-%d %H:%M:%S"), plan.reason)

    def _next_run(self, source_id: str, now: datetime, health: Mapping[str, SourceHealth] | None = None) -> Plan:
        """The source's next run planned from its crawl history; by its regular schedule when that fails."""
        try:
            source_health = (health or self.service.health())[source_id]
            return self.service.plan(source_id, source_health, now)
        except Exception:
            logger.exception("%s: planning the next run failed; it keeps its regular schedule", source_id)
        schedule = schedule_for(self.service.catalog[source_id].schedule, self.config.crawl_interval)
        return regular_run(schedule, now, random.random())

    def _reschedule(self, source_id: str, when: datetime) -> None:
        if self.service.stopping.is_set():  # shutdown holds the job stores' lock while it waits for the jobs
            return
        with contextlib.suppress(JobLookupError, SchedulerNotRunningError):
            self.scheduler.modify_job(source_id, next_run_time=when)

    def run(self, stop: StopSignal, serve: bool = True) -> int:
        """Publish, serve, schedule; block until a stop signal; shut down cleanly."""
        server = None
        if serve:  # bind first: a port that cannot be served stops the daemon before it publishes anything
            try:
                server = make_server(self.config, self.service.store)
            except (OSError, OverflowError) as exc:
                raise ConfigError(f"cannot serve feeds on {self.config.http_host}:{self.config.http_port}: "
                                  f"{getattr(exc, 'strerror', None) or exc} (set ATTACHE_HTTP_PORT or "
                                  "ATTACHE_HTTP_HOST, or use --no-serve)") from None
        self.service.publish_all()
        if server is not None:
            server.start()
            logger.info("serving feeds at %s", server.url)
        self.schedule_all(datetime.now(UTC))
        if self.service.election.contested:  # several daemons may share the store: one publishes, another takes over
            self.scheduler.add_job(self.service.publisher_check, "interval", seconds=PUBLISHER_CHECK_SECONDS,
                                   id=":publisher", name="publisher election", executor="publisher")
        self.scheduler.start()
        logger.info("daemon started: %d source(s), up to %d crawl(s) at a time", len(self.service.catalog),
                    self.config.max_parallel_crawls)
        retag = _start_upgrade_retag(self.service, publish=True)
        while not stop.event.wait(1.0):
            pass
        started = time.monotonic()
        logger.info("%s received: stopping (running crawls: %s)", stop.signal_name,
                    ", ".join(self.service.running()) or "none")
        self.scheduler.pause()
        self.service.stop(STOP_GRACE_SECONDS)
        retag.join(RETAG_JOIN_SECONDS)
        self.scheduler.shutdown(wait=True)
        self.service.election.close()  # another daemon may take over publishing at once
        if server is not None:
            server.stop()
        logger.info("daemon stopped in %.1f s", time.monotonic() - started)
        return 0


def run_daemon(config: Config, store: Store, catalog: Mapping[str, Source], *, serve: bool = True) -> int:
    """`attache daemon`: run until SIGTERM / SIGINT; returns 0 after a clean stop."""
    with StopSignal() as stop:
        _prepare(config, store)
        return Daemon(config, store, catalog).run(stop, serve=serve)


def run_once(config: Config, store: Store, catalog: Mapping[str, Source]) -> int:
    """`attache daemon --once`: crawl every source once (in parallel), publish, exit.

    Like the daemon, it first retags the stored articles (alongside the crawls) when the tagger version
    changed; the final publish then carries the new tags.

    Returns 0 when every crawl succeeded (ok or partial; a source already being
    crawled elsewhere counts as fine), 1 when any failed, timed out or was interrupted,
    3 when none failed but some found no article link (``empty``, the warning state).
    """
    service = CrawlService(config, store, catalog, republish=False)
    with StopSignal() as stop:
        _prepare(config, store)
        ids = list(catalog)
        random.shuffle(ids)  # no source is always last
        retag = _start_upgrade_retag(service, publish=False)
        with FuturesPool(max_workers=config.max_parallel_crawls, thread_name_prefix="crawl") as pool:
            futures = [pool.submit(service.crawl, sid, "once") for sid in ids]
            while not all(f.done() for f in futures) or retag.is_alive():
                if stop.event.wait(0.5):
                    logger.info("%s received: stopping the running crawls", stop.signal_name)
                    for future in futures:
                        future.cancel()
                    service.stop(STOP_GRACE_SECONDS)
                    retag.join(RETAG_JOIN_SECONDS)
                    break
        outcomes = []
        for sid, future in zip(ids, futures, strict=True):
            if future.cancelled():
                continue
            try:
                outcomes.append(future.result())
            except Exception:
                logger.exception("%s: the crawl failed", sid)
                outcomes.append(CrawlOutcome(sid, None, "failed", 0.0, None, "the crawl raised an error"))
        service.stopping.clear()
        service.publish_all()
        service.election.close()
    done = [o for o in outcomes if o is not None]
    failed = [o.source for o in done if o.status not in ("ok", "partial", "busy", "empty")]
    empty = [o.source for o in done if o.status == "empty"]
    skipped = len(ids) - len(done)
    logger.info("once: %d crawl(s), %d failed%s", len(done), len(failed),
                f", {skipped} not run (stopped)" if skipped else "")
    if empty:
        logger.warning("once: no article link from %s (warning state; see `attache status --explain ID`)",
                       ", ".join(sorted(empty)))
    return 1 if failed or skipped else 3 if empty else 0
