"""Start-up safety: one daemon per data directory, and clean-up after a daemon that was killed.

Crawls run in their own process group, so after a `kill -9` of the daemon its
crawl processes live on as orphans with nobody enforcing their time limit. The
daemon marks every crawl it starts with ``ATTACHE_DAEMON_PID`` in the crawl's
environment (`crawl_marker`); at start-up, a run still 'running' whose process is alive and
carries the marker of another daemon on the same data directory is an orphan:
it is stopped (SIGTERM, then SIGKILL) and its run marked interrupted. A run whose
process is gone is marked interrupted. A live crawl without the marker (an
`attache crawl` or `scrapy crawl` started by hand) is left alone: the
per-source lock keeps the daemon from crawling that source at the same time.
A run on a Scrapyd node is looked up on its node instead: left alone while the node lists its job pending
or running, marked interrupted (naming the node) when the job is gone or the node does not answer.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from scraper.app.processes import alive, command_line, process_environment, stop_processes
from scraper.app.scrapyd.client import NodeError, NodeUnreachable, ScrapydNode
from scraper.locks import SourceBusy, SourceLock
from scraper.store import Store, interrupt_run, running_runs, this_node
from scraper.urls import url_without_credentials

logger = logging.getLogger(__name__)

MARKER = "ATTACHE_DAEMON_PID"
DAEMON_LOCK_ID = "_daemon"  # not a valid source id, so it never collides with a source lock
ORPHAN_GRACE_SECONDS = 3.0
NODE_LOOKUP_TIMEOUT_SECONDS = 3.0


class DaemonRunning(RuntimeError):
    """Another daemon already uses this data directory."""


def take_daemon_lock(data_dir: Path) -> SourceLock:
    """Hold the data directory's daemon lock for the life of the process; raises `DaemonRunning`."""
    lock = SourceLock(data_dir, DAEMON_LOCK_ID)
    try:
        lock.acquire()
    except SourceBusy:
        holder = lock.holder()
        by = f" (pid {holder})" if holder else ""
        raise DaemonRunning(f"another Attaché daemon{by} is already running on {data_dir}") from None
    return lock


def crawl_marker() -> dict[str, str]:
    """The environment variable that marks a crawl process as started by this daemon."""
    return {MARKER: str(os.getpid())}


def is_crawl_of(pid: int, source: str) -> bool:
    """True if `pid` is a `scrapy crawl <source>` process."""
    cmd = command_line(pid)
    return "scrapy" in " ".join(cmd) and "crawl" in cmd and source in cmd


def orphan_of_dead_daemon(pid: int, source: str, data_dir: Path) -> bool:
    """True if `pid` is a crawl of `source` started by another daemon on `data_dir`."""
    env = process_environment(pid)
    if not env or not is_crawl_of(pid, source):
        return False
    owner = env.get(MARKER)
    return (owner is not None and owner != str(os.getpid())
            and Path(env.get("ATTACHE_DATA_DIR", "")).resolve() == data_dir.resolve())


def recover(store: Store, data_dir: Path, now: datetime, nodes: Sequence[str] = ()) -> int:
    """Stop orphaned crawls and mark runs that can no longer finish as interrupted; returns how many. `nodes`: the
    configured Scrapyd node URLs (a run records its node without credentials; they come from here)."""
    configured = {url_without_credentials(url).rstrip("/"): url for url in nodes}
    with store.session() as session:
        runs = running_runs(session)
    # Local runs of this machine; runs of other machines sharing the database are theirs to recover, and a
    # Scrapyd job's run is checked on its node.
    stuck = [(r.id, r.source, r.pid) for r in runs if r.job_id is None and r.node in (None, this_node())]
    interrupted = 0
    for run in runs:
        if run.job_id is None or not run.node:
            continue
        if (reason := _node_run_gone(run.node, run.job_id, configured.get(run.node))) is not None:
            with store.session() as session:
                if interrupt_run(session, run.id, now, reason):
                    interrupted += 1
                    logger.warning("run %s of %s marked interrupted: %s", run.id, run.source, reason)
    for run_id, source, pid in stuck:
        if pid is not None and alive(pid) and is_crawl_of(pid, source):
            if not orphan_of_dead_daemon(pid, source, data_dir):
                logger.info("run %s of %s (pid %s) is in progress outside the daemon; leaving it", run_id, source,
                            pid)
                continue
            logger.warning("stopping orphaned crawl of %s (pid %s) left by a daemon that was killed", source, pid)
            stop_processes([pid], ORPHAN_GRACE_SECONDS, kill_wait=2.0)
            reason = "interrupted: the daemon was killed during the crawl (orphan stopped at restart)"
        else:
            reason = "interrupted: the crawl process ended without closing its run"
        with store.session() as session:
            if interrupt_run(session, run_id, now, reason):
                interrupted += 1
                logger.warning("run %s of %s marked interrupted: %s", run_id, source, reason)
    return interrupted


def _node_run_gone(node: str, job_id: str | None, address: str | None = None) -> str | None:
    """Why a run marked running on Scrapyd node `node` can no longer finish, or None while its job is live;
    `address`: the node's configured URL (with its credentials, if any)."""
    try:
        job = ScrapydNode(address or node, NODE_LOOKUP_TIMEOUT_SECONDS).jobs().get(job_id or "")
    except (NodeUnreachable, NodeError) as exc:
        return f"interrupted: node {node} does not answer ({exc}); its job {job_id} is taken as lost"
    if job is not None and job.state in ("pending", "running"):
        logger.info("job %s on %s is in progress; leaving its run", job_id, node)
        return None
    return f"interrupted: job {job_id} on node {node} ended without closing its run"
