"""Run one source's crawl on a Scrapyd node and follow it to its end: the dispatcher behind the daemon's
runner seam when ``ATTACHE_SCRAPYD_URLS`` names nodes.

A crawl goes to the least busy node (daemonstatus.json: pending + running) with `schedule.json`; the Scrapy
settings of the job carry the shared store (``ATTACHE_DATABASE_URL``) and the rest of the crawl's settings,
and ``ATTACHE_NODE`` so the crawl records its node and job id in its run. Then `listjobs.json` is polled until
the job is finished. A source with a pending or running job on any node is not scheduled again (``busy``).

Failures: a node that stops answering for `DEAD_AFTER_POLLS` polls in a row, or whose job list loses the job
(the node restarted), is dead for this crawl: the run is marked failed with a reason naming the node and the
source is scheduled again on another node. A crawl over its time limit is cancelled with `cancel.json`
(SIGTERM, then SIGKILL after a grace period) and its run failed; when the daemon stops, the same cancel
marks it interrupted.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from scraper import __version__
from scraper.app.crawls import CrawlOutcome
from scraper.app.scrapyd.client import NodeError, NodeUnreachable, ScrapydNode
from scraper.config import Config
from scraper.extensions import RUN_NOT_RECORDED
from scraper.store import (
    RUNNING,
    CrawlRun,
    RunNotRecorded,
    Store,
    fail_run,
    interrupt_run,
    record_failed_run,
    run_of_job,
    write_run,
)

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
"""How often a running job is looked up on its node."""
DEAD_AFTER_POLLS = 3
"""Polls in a row a node may fail to answer before it counts as dead (its crawl is moved to another node)."""
CANCEL_GRACE_SECONDS = 10.0
"""How long a cancelled job gets to close after SIGTERM before it is sent SIGKILL."""
STOP_GRACE_SECONDS = 3.0
"""The same when the daemon is stopping (someone waits for it)."""
FINISH_WAIT_SECONDS = 15.0
"""How long a cancelled job is followed, after SIGKILL, until it is listed finished."""
LOG_ERROR = re.compile(r"\] (?:ERROR|CRITICAL): (.*)")


@dataclass
class _Ended:
    """How following a job ended."""

    state: str
    """finished, died (the node), timeout or stopped."""
    detail: str = ""
    log_url: str | None = None


def node_settings(config: Config, node: str, *, refresh: bool = False) -> dict[str, str]:
    """The Scrapy settings of a crawl on `node`: Attaché's settings the crawl reads (the shared store first), the
    Scrapy settings `scraper.settings` derives from them at import (it reads the node's environment, not ours),
    and the node's name for the run."""
    settings = {
        "ATTACHE_DATABASE_URL": config.database_url,
        "ATTACHE_CONTACT_URL": config.contact_url,
        "ATTACHE_DOWNLOAD_DELAY": str(config.download_delay),
        "ATTACHE_BUILTINS": "1" if config.builtins else "0",
        "ATTACHE_CRAWL_MEMORY_MB": str(config.crawl_memory_mb),
        "ATTACHE_CRAWL_MAX_RESPONSES": str(config.crawl_max_responses),
        "ATTACHE_NORMALISE_WORKERS": config.normalise_workers_setting,
        "ATTACHE_NODE": node,
        # what scraper/settings.py computes from the values above
        "USER_AGENT": f"Attache/{__version__} (+{config.contact_url})",
        "DOWNLOAD_DELAY": str(config.download_delay),
        "AUTOTHROTTLE_START_DELAY": str(max(config.download_delay, 1.0) if config.download_delay else 0.0),
        "MEMUSAGE_LIMIT_MB": str(config.crawl_memory_mb),
        "MEMUSAGE_WARNING_MB": str(config.crawl_memory_warning_mb),
        "CLOSESPIDER_PAGECOUNT": str(config.crawl_max_responses),
    }
    if refresh:
        settings["ATTACHE_REFRESH"] = "1"
    return settings


class NodePool:
    """The configured Scrapyd nodes."""

    def __init__(self, urls: tuple[str, ...] | list[str], timeout: float = 5.0) -> None:
        self.nodes = [ScrapydNode(url, timeout) for url in urls]
        self.lock = threading.Lock()
        """Held while a crawl picks its node and schedules there (shared by the crawls of one process)."""

    def least_busy(self, exclude: set[str]) -> ScrapydNode | None:
        """The answering node with the fewest pending + running jobs (ties: the first configured), or None."""
        best: tuple[int, int, ScrapydNode] | None = None
        for order, node in enumerate(self.nodes):
            if node.url in exclude:
                continue
            try:
                busy = node.status().busy
            except (NodeUnreachable, NodeError) as exc:
                logger.warning("%s", exc)
                continue
            if best is None or (busy, order) < best[:2]:
                best = (busy, order, node)
        return best[2] if best else None

    def active_job(self, spider: str) -> tuple[str, str] | None:
        """(node, job id) of a pending or running job of `spider` on any answering node."""
        for node in self.nodes:
            try:
                jobs = node.jobs()
            except (NodeUnreachable, NodeError):
                continue
            for job in jobs.values():
                if job.spider == spider and job.state in ("pending", "running"):
                    return node.url, job.id
        return None


class NodeCrawl:
    """One crawl of one source on the nodes, from scheduling to its recorded end."""

    def __init__(self, source_id: str, config: Config, store: Store, pool: NodePool, *,
                 timeout: float | None = None, stopping: threading.Event | None = None, refresh: bool = False,
                 poll: float = POLL_SECONDS, dead_after: int = DEAD_AFTER_POLLS,
                 cancel_grace: float = CANCEL_GRACE_SECONDS,
                 on_line: Callable[[str], None] | None = None) -> None:
        self.source_id, self.config, self.store, self.pool = source_id, config, store, pool
        self.timeout, self.stopping, self.refresh = timeout, stopping or threading.Event(), refresh
        self.poll, self.dead_after, self.cancel_grace = poll, dead_after, cancel_grace
        self.say = on_line or (lambda line: None)

    def run(self) -> CrawlOutcome:
        started, started_at = time.monotonic(), datetime.now(UTC)
        dead: set[str] = set()
        reasons: list[str] = []
        last_job = ""
        while True:
            job_id = uuid.uuid4().hex
            with self.pool.lock:  # one choice at a time, so two crawls starting together see each other's job
                active = self.pool.active_job(self.source_id)
                if active is not None:
                    return CrawlOutcome(self.source_id, None, "busy", time.monotonic() - started, None,
                                        f"source {self.source_id!r} is already being crawled on node {active[0]} "
                                        f"(job {active[1]})")
                node = self.pool.least_busy(dead)
                if node is None:
                    reason = "no Scrapyd node answers" + (
                        f" (dead during this crawl: {', '.join(sorted(dead))})" if dead
                        else f" ({', '.join(n.url for n in self.pool.nodes)})")
                    if reasons:  # the dead node's run is recorded failed already
                        return CrawlOutcome(self.source_id, None, "failed", time.monotonic() - started,
                                            self._run(last_job), "; ".join([*reasons, reason]))
                    message = self._record_failed(started_at, reason)
                    return CrawlOutcome(self.source_id, None, "failed", time.monotonic() - started, None, message)
                try:
                    versions = node.versions()
                    if not versions:
                        raise NodeError(f"Scrapyd node {node.url} has no Attaché project: run `attache deploy`")
                    node.schedule(self.source_id, node_settings(self.config, node.url, refresh=self.refresh), job_id,
                                  version=versions[-1])
                except NodeUnreachable as exc:
                    logger.warning("%s: %s; trying another node", self.source_id, exc)
                    dead.add(node.url)
                    continue
                except NodeError as exc:
                    message = self._record_failed(started_at, f"scheduling on {node.url} failed: {exc}", node.url)
                    return CrawlOutcome(self.source_id, None, "failed", time.monotonic() - started, None, message)
            self.say(f"scheduled on {node.url} (job {job_id})")
            logger.info("%s: scheduled on %s (job %s)", self.source_id, node.url, job_id)
            remaining = None if self.timeout is None else self.timeout - (time.monotonic() - started)
            ended = self._follow(node, job_id, remaining)
            duration = time.monotonic() - started
            if ended.state == "died":
                reason = f"node {node.url} died during the crawl (job {job_id}): {ended.detail}"
                self._fail_or_record(job_id, node.url, started_at, reason + "; the source is crawled again on "
                                     "another node")
                logger.warning("%s: %s; scheduling it on another node", self.source_id, reason)
                self.say(reason)
                dead.add(node.url)
                reasons.append(reason)
                last_job = job_id
                continue
            return self._outcome(node, job_id, ended, started_at, duration)

    # --- following a job -------------------------------------------------------------------------------
    def _follow(self, node: ScrapydNode, job_id: str, remaining: float | None) -> _Ended:
        deadline = None if remaining is None else time.monotonic() + max(remaining, 0.0)
        misses = 0
        seen = False
        while True:
            if self.stopping.is_set():
                return self._cancel(node, job_id, "stopped")
            if deadline is not None and time.monotonic() >= deadline:
                return self._cancel(node, job_id, "timeout")
            try:
                jobs = node.jobs()
            except (NodeUnreachable, NodeError) as exc:
                misses += 1
                if misses >= self.dead_after:
                    return _Ended("died", f"it did not answer {misses} polls in a row ({exc})")
            else:
                misses = 0
                job = jobs.get(job_id)
                if job is None:
                    what = "job list lost the job" if seen else "job list does not have the job it accepted"
                    return _Ended("died", f"its {what} (the node restarted?)")
                seen = True
                if job.state == "finished":
                    return _Ended("finished", log_url=job.log_url)
            self.stopping.wait(self.poll)

    def _cancel(self, node: ScrapydNode, job_id: str, why: str) -> _Ended:
        """SIGTERM the job, SIGKILL it after the grace period, and wait (bounded) until it is finished."""
        grace = min(self.cancel_grace, STOP_GRACE_SECONDS) if why == "stopped" else self.cancel_grace
        for signal, wait in (("TERM", grace), ("KILL", FINISH_WAIT_SECONDS)):
            try:
                node.cancel(job_id, signal)
            except (NodeUnreachable, NodeError) as exc:
                return _Ended(why, f"cancelling it failed: {exc}")
            end = time.monotonic() + wait
            while time.monotonic() < end:
                try:
                    job = node.jobs().get(job_id)
                except (NodeUnreachable, NodeError) as exc:
                    return _Ended(why, f"the node stopped answering: {exc}")
                if job is None or job.state == "finished":
                    return _Ended(why, "cancelled", job.log_url if job else None)
                time.sleep(min(self.poll, 0.5))
        return _Ended(why, "cancelled, but the node still lists it running")

    # --- recording -------------------------------------------------------------------------------------
    def _run(self, job_id: str) -> CrawlRun | None:
        with self.store.session() as session:
            return run_of_job(session, self.source_id, job_id)

    def _record(self, change: Callable, message: str) -> str:
        try:
            write_run(self.store.session, change)
        except RunNotRecorded as exc:
            return f"{message}; the run could not be recorded: {exc}"
        return message

    def _record_failed(self, started_at: datetime, reason: str, node: str | None = None,
                       job_id: str | None = None) -> str:
        return self._record(lambda s: record_failed_run(s, self.source_id, started_at, datetime.now(UTC), reason,
                                                        node=node, job_id=job_id), reason)

    def _fail_or_record(self, job_id: str, node: str, started_at: datetime, reason: str) -> str:
        run = self._run(job_id)
        if run is None:
            return self._record_failed(started_at, reason, node, job_id)
        return self._record(lambda s: fail_run(s, run.id, datetime.now(UTC), reason), reason)

    def _outcome(self, node: ScrapydNode, job_id: str, ended: _Ended, started_at: datetime,
                 duration: float) -> CrawlOutcome:
        sid = self.source_id
        run = self._run(job_id)
        if ended.state == "stopped":
            message = f"interrupted: the daemon was stopped; job {job_id} on {node.url} {ended.detail}"
            if run is not None:
                message = self._record(lambda s: interrupt_run(s, run.id, datetime.now(UTC), message), message)
            return CrawlOutcome(sid, None, "interrupted", duration, self._run(job_id), message)
        if ended.state == "timeout":
            message = (f"timed out after {self.timeout:.0f} s and was stopped (job {job_id} on {node.url} "
                       f"{ended.detail})")
            message = self._fail_or_record(job_id, node.url, started_at, message)
            return CrawlOutcome(sid, None, "timeout", duration, self._run(job_id), message)
        if run is None:
            log = node.log_tail(ended.log_url)
            if "is already being crawled" in log:
                return CrawlOutcome(sid, None, "busy", duration, None,
                                    f"source {sid!r} is already being crawled (said by job {job_id} on {node.url})")
            errors = [m.group(1) for m in LOG_ERROR.finditer(log)]
            noted = [e for e in errors if RUN_NOT_RECORDED in e]
            reason = (noted or errors or [f"job {job_id} on {node.url} ended without recording a run"])[-1]
            message = self._fail_or_record(job_id, node.url, started_at, reason)
            return CrawlOutcome(sid, None, "failed", duration, self._run(job_id), message)
        if run.status == RUNNING:
            message = self._fail_or_record(job_id, node.url, started_at,
                                           f"the crawl process of job {job_id} on {node.url} ended without closing "
                                           "its run")
            return CrawlOutcome(sid, None, "failed", duration, self._run(job_id), message)
        return CrawlOutcome(sid, None, run.status, duration, run, run.last_error)


def run_on_nodes(source_id: str, config: Config, store: Store, pool: NodePool | None = None,
                 **options: object) -> CrawlOutcome:
    """Crawl `source_id` on the configured Scrapyd nodes (`pool`: shared by a process's crawls; see `NodeCrawl`
    for the options)."""
    pool = pool or NodePool(config.scrapyd_urls)
    return NodeCrawl(source_id, config, store, pool, **options).run()  # type: ignore[arg-type]
