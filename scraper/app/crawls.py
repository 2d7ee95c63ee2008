"""Run one source's crawl as a `scrapy crawl <id>` subprocess.

The CLI and the daemon both use this: the crawl gets its own process (the
Twisted reactor cannot restart, and a crash or leak stays contained), a time
limit (terminated, then killed, and recorded as failed), and its output lines
are handed to a callback as they come. The caller owns the child: when its
`cancel` signal arrives (SIGINT or SIGTERM to `attache crawl`), the crawl is
stopped the same way and its run is recorded as ``interrupted``; the source's
lock, an `flock` of the crawl process, goes with it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from scraper.app.processes import stop_processes
from scraper.app.stop_signal import StopSignal
from scraper.config import Config, catalogs_value
from scraper.extensions import RUN_NOT_RECORDED
from scraper.store import (
    RUNNING,
    CrawlRun,
    RunNotRecorded,
    Store,
    fail_run,
    interrupt_run,
    record_failed_run,
    run_of_process,
    write_run,
)

TERMINATE_GRACE_SECONDS = 10.0
"""How long a timed-out crawl gets to close after SIGTERM before it is killed."""
INTERRUPT_GRACE_SECONDS = 5.0
"""The same after SIGINT / SIGTERM to the caller (someone is waiting at the terminal)."""
POLL_SECONDS = 0.1


@dataclass
class CrawlOutcome:
    """How one crawl subprocess ended."""

    source: str
    returncode: int | None
    status: str
    """ok, partial, failed, interrupted, busy (the source was already being crawled), or timeout."""
    duration: float
    run: CrawlRun | None = None
    message: str | None = None


def crawl_command(source_id: str, *, refresh: bool = False, log_level: str = "INFO",
                  settings: Mapping[str, str] | None = None) -> list[str]:
    """The command line of a crawl subprocess."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", source_id, "-L", log_level]
    if refresh:
        cmd += ["-s", "ATTACHE_REFRESH=1"]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def crawl_environment(config: Config, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for a crawl subprocess: the caller's, the resolved Attaché settings, and `extra`."""
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    env["ATTACHE_DATA_DIR"] = str(config.data_dir)
    env["ATTACHE_DATABASE_URL"] = config.database_url
    env["ATTACHE_CONTACT_URL"] = config.contact_url
    env["ATTACHE_DOWNLOAD_DELAY"] = str(config.download_delay)
    env["ATTACHE_BUILTINS"] = "1" if config.builtins else "0"
    if config.sources:
        env["ATTACHE_SOURCES"] = catalogs_value(config.sources)
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra or {})
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
    settings: Mapping[str, str] | None = None,
    environment: Mapping[str, str] | None = None,
    cancel: StopSignal | None = None,
) -> CrawlOutcome:
    """Run `scrapy crawl source_id` and wait for it (at most `timeout` seconds, and only until `cancel` fires).

    `settings` become `-s` options of the crawl, `environment` extra variables of its process."""
    started, started_at = time.monotonic(), datetime.now(UTC)
    proc = subprocess.Popen(
        crawl_command(source_id, refresh=refresh, settings=settings), env=crawl_environment(config, environment),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
        errors="replace", start_new_session=True,
    )
    if on_start is not None:
        on_start(proc)
    busy = threading.Event()
    not_recorded: list[str] = []  # the crawl's own line saying it could not write its run

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "is already being crawled" in line:
                busy.set()
            if RUN_NOT_RECORDED in line:
                not_recorded.append(line.rstrip("\n").split(" ERROR: ", 1)[-1])
            if on_line is not None:
                on_line(line.rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    timed_out = interrupted = False
    deadline = None if timeout is None else started + timeout
    while proc.poll() is None:
        if cancel is not None and cancel.event.is_set():
            interrupted = True
        elif deadline is not None and time.monotonic() >= deadline:
            timed_out = True
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=POLL_SECONDS)
            continue
        stop_processes([proc.pid], INTERRUPT_GRACE_SECONDS if interrupted else TERMINATE_GRACE_SECONDS)
        proc.wait()
    reader.join(timeout=5)
    if proc.stdout is not None and not reader.is_alive():
        proc.stdout.close()  # the pipe would otherwise wait for the garbage collector (ResourceWarning)
    duration = time.monotonic() - started
    run = _run_of(store, source_id, proc.pid)
    if interrupted:
        assert cancel is not None
        message = f"interrupted: {cancel.signal_name or 'a stop signal'} received, the crawl was stopped"
        if run is not None:
            message = _record(store, lambda s: interrupt_run(s, run.id, datetime.now(UTC), message), message)
            run = _run_of(store, source_id, proc.pid)
        return CrawlOutcome(source_id, proc.returncode, run.status if run else "interrupted", duration, run,
                            run.last_error if run and run.status != "interrupted" else message)
    if timed_out:
        message = _mark_failed(store, run, f"timed out after {timeout:.0f} s and was stopped")
        run = _run_of(store, source_id, proc.pid)
        return CrawlOutcome(source_id, proc.returncode, "timeout", duration, run, message)
    if busy.is_set() and run is None:
        return CrawlOutcome(source_id, proc.returncode, "busy", duration, None,
                            f"source {source_id!r} is already being crawled")
    if run is None and not_recorded:  # the crawl could not open its run: record it failed, with its reason
        reason = not_recorded[-1]
        message = _record(store, lambda s: record_failed_run(s, source_id, started_at, datetime.now(UTC), reason,
                                                             proc.pid), reason)
        return CrawlOutcome(source_id, proc.returncode, "failed", duration, _run_of(store, source_id, proc.pid),
                            message)
    if run is None:
        return CrawlOutcome(source_id, proc.returncode, "failed", duration, None,
                            f"scrapy crawl exited with code {proc.returncode} without recording a run")
    if run.status == RUNNING:  # the process died (or could not write) before it closed its run
        reason = not_recorded[-1] if not_recorded else f"crawl process exited with code {proc.returncode}"
        message = _mark_failed(store, run, reason)
        run = _run_of(store, source_id, proc.pid)
        assert run is not None
        return CrawlOutcome(source_id, proc.returncode, run.status, duration, run, message)
    return CrawlOutcome(source_id, proc.returncode, run.status, duration, run, run.last_error)


def _run_of(store: Store, source_id: str, pid: int) -> CrawlRun | None:
    with store.session() as session:
        return run_of_process(session, source_id, pid)


def _record(store: Store, change: Callable[[Session], object], message: str) -> str:
    """Apply a run change (trying again while the database is locked); returns `message`, extended with why the
    run could not be recorded when it could not."""
    try:
        write_run(store.session, change)
    except RunNotRecorded as exc:
        return f"{message}; the run could not be recorded: {exc}"
    return message


def _mark_failed(store: Store, run: CrawlRun | None, message: str) -> str:
    if run is None:
        return message
    return _record(store, lambda session: fail_run(session, run.id, datetime.now(UTC), message), message)
