"""Start-up safety: one daemon per data directory, and clean-up after a daemon that was killed.

Crawls run in their own process group, so after a `kill -9` of the daemon its
crawl processes live on as orphans with nobody enforcing their time limit. The
daemon marks every crawl it starts with ``ATTACHE_DAEMON_PID`` in the crawl's
environment; at start-up, a run still 'running' whose process is alive and
carries the marker of another daemon on the same data directory is an orphan:
it is stopped (SIGTERM, then SIGKILL) and its run marked failed. A run whose
process is gone is marked failed. A live crawl without the marker (an
`attache crawl` or `scrapy crawl` started by hand) is left alone: the
per-source lock keeps the daemon from crawling that source at the same time.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from datetime import datetime
from pathlib import Path

from ..locks import SourceBusy, SourceLock
from ..store import Store
from ..store.health import mark_interrupted, running_runs

logger = logging.getLogger(__name__)

MARKER = "ATTACHE_DAEMON_PID"
DAEMON_LOCK_ID = "_daemon"  # not a valid source id, so it never collides with a source lock
ORPHAN_GRACE_SECONDS = 3.0


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


def mark_children() -> None:
    """Put this daemon's pid into the environment that crawl subprocesses inherit."""
    os.environ[MARKER] = str(os.getpid())


def _environ(pid: int) -> dict[str, str] | None:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return None
    pairs = (item.partition(b"=") for item in raw.split(b"\0") if item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, _, v in pairs}


def _cmdline(pid: int) -> list[str]:
    try:
        return [p.decode(errors="replace") for p in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]
    except OSError:
        return []


def alive(pid: int) -> bool:
    """True if `pid` is a running (not zombie) process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def is_crawl_of(pid: int, source: str) -> bool:
    """True if `pid` is a `scrapy crawl <source>` process."""
    cmd = _cmdline(pid)
    return "scrapy" in " ".join(cmd) and "crawl" in cmd and source in cmd


def orphan_of_dead_daemon(pid: int, source: str, data_dir: Path) -> bool:
    """True if `pid` is a crawl of `source` started by another daemon on `data_dir`."""
    env = _environ(pid)
    if not env or not is_crawl_of(pid, source):
        return False
    owner = env.get(MARKER)
    return (owner is not None and owner != str(os.getpid())
            and Path(env.get("ATTACHE_DATA_DIR", "")).resolve() == data_dir.resolve())


def stop_orphan(pid: int, grace: float = ORPHAN_GRACE_SECONDS) -> None:
    """SIGTERM the orphan's process group, then SIGKILL it if still there after `grace`."""
    try:
        group = os.getpgid(pid)
    except ProcessLookupError:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        try:
            os.killpg(group, sig) if group == pid else os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.05)


def recover(store: Store, data_dir: Path, now: datetime) -> int:
    """Stop orphaned crawls and mark runs that can no longer finish as failed; returns how many."""
    with store.session() as session:
        stuck = [(r.id, r.source, r.pid) for r in running_runs(session)]
    failed = 0
    for run_id, source, pid in stuck:
        if pid is not None and alive(pid) and is_crawl_of(pid, source):
            if not orphan_of_dead_daemon(pid, source, data_dir):
                logger.info("run %s of %s (pid %s) is in progress outside the daemon; leaving it", run_id, source,
                            pid)
                continue
            logger.warning("stopping orphaned crawl of %s (pid %s) left by a daemon that was killed", source, pid)
            stop_orphan(pid)
            reason = "interrupted: the daemon was killed during the crawl (orphan stopped at restart)"
        else:
            reason = "interrupted: the crawl process ended without closing its run"
        with store.session() as session:
            if mark_interrupted(session, run_id, now, reason):
                failed += 1
                logger.warning("run %s of %s marked failed: %s", run_id, source, reason)
    return failed
