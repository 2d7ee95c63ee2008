"""Run one source's crawl as a `scrapy crawl <id>` subprocess.

The CLI and the daemon both use this: the crawl gets its own process (the
Twisted reactor cannot restart, and a crash or leak stays contained), a time
limit (terminated, then killed, and recorded as failed), and its output lines
are handed to a callback as they come.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from .config import Config
from .store import CrawlRunRow, Store

TERMINATE_GRACE_SECONDS = 10.0


@dataclass
class CrawlOutcome:
    """How one crawl subprocess ended."""

    source: str
    returncode: int | None
    status: str
    """ok, partial, failed, busy (the source was already being crawled), or timeout."""
    duration: float
    run: CrawlRunRow | None = None
    message: str | None = None


def crawl_command(source_id: str, *, refresh: bool = False, log_level: str = "INFO",
                  settings: dict[str, str] | None = None) -> list[str]:
    """The command line of a crawl subprocess."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", source_id, "-L", log_level]
    if refresh:
        cmd += ["-a", "refresh=1"]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def crawl_environment(config: Config) -> dict[str, str]:
    """Environment for a crawl subprocess: the caller's, plus the resolved Attaché settings."""
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    env["ATTACHE_DATA_DIR"] = str(config.data_dir)
    env["ATTACHE_DATABASE_URL"] = config.database_url
    env["ATTACHE_CONTACT_URL"] = config.contact_url
    if config.sources is not None:
        env["ATTACHE_SOURCES"] = str(config.sources)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def run_crawl(
    source_id: str,
    config: Config,
    store: Store,
    *,
    timeout: float | None = None,
    on_line: Callable[[str], None] | None = None,
    refresh: bool = False,
    on_start: Callable[[subprocess.Popen[str]], None] | None = None,
    settings: dict[str, str] | None = None,
) -> CrawlOutcome:
    """Run `scrapy crawl source_id` and wait for it (at most `timeout` seconds)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        crawl_command(source_id, refresh=refresh, settings=settings), env=crawl_environment(config),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
        errors="replace", start_new_session=True,
    )
    if on_start is not None:
        on_start(proc)
    busy = threading.Event()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "is already being crawled" in line:
                busy.set()
            if on_line is not None:
                on_line(line.rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        stop_process(proc)
    reader.join(timeout=5)
    if proc.stdout is not None and not reader.is_alive():
        proc.stdout.close()  # the pipe would otherwise wait for the garbage collector (ResourceWarning)
    duration = time.monotonic() - started
    run = _run_of(store, source_id, proc.pid)
    if timed_out:
        message = f"timed out after {timeout:.0f} s and was stopped"
        _mark_failed(store, run, message)
        run = _run_of(store, source_id, proc.pid)
        return CrawlOutcome(source_id, proc.returncode, "timeout", duration, run, message)
    if busy.is_set() and run is None:
        return CrawlOutcome(source_id, proc.returncode, "busy", duration, None,
                            f"source {source_id!r} is already being crawled")
    if run is None:
        return CrawlOutcome(source_id, proc.returncode, "failed", duration, None,
                            f"scrapy crawl exited with code {proc.returncode} without recording a run")
    if run.status == "running":  # the process died before it could close its run
        _mark_failed(store, run, f"crawl process exited with code {proc.returncode}")
        run = _run_of(store, source_id, proc.pid)
    assert run is not None
    return CrawlOutcome(source_id, proc.returncode, run.status, duration, run, run.last_error)


def stop_process(proc: subprocess.Popen[str], grace: float = TERMINATE_GRACE_SECONDS) -> None:
    """SIGTERM the crawl's process group, then SIGKILL it if it is still there after `grace`."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _run_of(store: Store, source_id: str, pid: int) -> CrawlRunRow | None:
    with store.session() as session:
        return session.scalar(
            select(CrawlRunRow).where(CrawlRunRow.source == source_id, CrawlRunRow.pid == pid)
            .order_by(CrawlRunRow.id.desc()).limit(1)
        )


def _mark_failed(store: Store, run: CrawlRunRow | None, message: str) -> None:
    if run is None:
        return
    with store.session() as session:
        row = session.get(CrawlRunRow, run.id)
        if row is not None and row.status in ("running", "ok", "partial"):
            row.status = "failed"
            row.finished = row.finished or datetime.now(UTC)
            row.last_error = message
