"""What `attache status` reports beside each source's health: the daemon (up or down, pid), the crawls running
now (since when, pid) and the last publish. Read-only: no lock is taken, nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scraper.app.daemon.recovery import DAEMON_LOCK_ID
from scraper.app.processes import alive, command_line
from scraper.app.publish_record import last_publish
from scraper.config import Config
from scraper.locks import SourceLock
from scraper.store import CrawlRun, Store, running_runs, this_node
from scraper.urls import url_without_credentials


@dataclass(frozen=True)
class RunningCrawl:
    source: str
    since: datetime
    pid: int | None
    alive: bool
    """False: the run is marked running but its process is gone (the daemon marks it interrupted on start).
    A run on a Scrapyd node counts as alive (its process is on the node; the scheduler follows it there)."""
    node: str | None = None
    job_id: str | None = None


def daemon_pid(config: Config) -> int | None:
    """The pid of the daemon holding the data directory's lock, or None when no daemon runs."""
    pid = SourceLock(config.data_dir, DAEMON_LOCK_ID).holder()
    if pid is None or not alive(pid):
        return None
    args = " ".join(command_line(pid))
    return pid if not args or "daemon" in args or "scheduler" in args else None


def running_crawls(store: Store) -> dict[str, RunningCrawl]:
    """Source id -> its run marked running (the newest one)."""
    with store.session() as session:
        runs = running_runs(session)
    return {r.source: RunningCrawl(r.source, r.started, r.pid, _alive(r), r.node, r.job_id) for r in runs}


def _alive(run: CrawlRun) -> bool:
    """Whether a run marked running is still going: its process, when it runs on this machine; a Scrapyd job or
    another machine's crawl (sharing the database) cannot be checked from here and counts as going."""
    if run.job_id is not None or run.node not in (None, this_node()):
        return True
    return run.pid is not None and alive(run.pid)


def running_state(crawl: RunningCrawl) -> str:
    """The state cell of a source being crawled."""
    pid = f"pid {crawl.pid}" if crawl.pid else "no pid"
    if crawl.job_id is not None:
        return f"running since {crawl.since:%Y-%m-%d %H:%M} on {crawl.node} (job {crawl.job_id}, {pid})"
    if crawl.node not in (None, this_node()):
        return f"running since {crawl.since:%Y-%m-%d %H:%M} on {crawl.node} ({pid})"
    if crawl.alive:
        return f"running since {crawl.since:%Y-%m-%d %H:%M} ({pid})"
    return f"stale run since {crawl.since:%Y-%m-%d %H:%M} ({pid} gone; interrupted when the daemon starts)"


def overview(config: Config, store: Store) -> dict[str, Any]:
    """The daemon, running crawls and last publish, as JSON-ready values."""
    pid = daemon_pid(config)
    crawls = running_crawls(store)
    return {
        "daemon": {"running": pid is not None, "pid": pid},
        "running": [{"source": c.source, "since": c.since.isoformat(timespec="seconds"), "pid": c.pid,
                     "alive": c.alive, "node": c.node, "job_id": c.job_id} for c in crawls.values()],
        "last_publish": last_publish(config),
        "data_dir": str(config.data_dir),
        "config_file": str(config.config_file) if config.config_file else None,
        "scrapyd_nodes": [url_without_credentials(url) for url in config.scrapyd_urls],
        "catalogs": (["built-in"] if config.builtins else []) + [str(p) for p in config.sources],
    }
