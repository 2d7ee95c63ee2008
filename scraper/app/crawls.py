"""Run one source's crawl as a `scrapy crawl <id>` subprocess.

The CLI and the daemon both use this: the crawl gets its own process (the
Twisted reactor cannot restart, and a crash or leak stays contained), a time
limit (terminated, then killed, and recorded as failed), and its output lines
are handed to a callback as they come.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from scraper.app.processes import stop_processes
from scraper.config import Config
from scraper.store import RUNNING, CrawlRun, Store, fail_run, run_of_process

TERMINATE_GRACE_SECONDS = 10.0


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
    if config.sources is not None:
        env["ATTACHE_SOURCES"] = str(config.sources)
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
) -> CrawlOutcome:
    """Run `scrapy crawl source_id` and wait for it (at most `timeout` seconds).

    `settings` become `-s` options of the crawl, `environment` extra variables of its process."""
    started = time.monotonic()
    proc = subprocess.Popen(
        crawl_command(source_id, refresh=refresh, settings=settings), env=crawl_environment(config, environment),
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
        stop_processes([proc.pid], TERMINATE_GRACE_SECONDS)
        proc.wait()
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
    if run.status == RUNNING:  # the process died before it could close its run
        _mark_failed(store, run, f"crawl process exited with code {proc.returncode}")
        run = _run_of(store, source_id, proc.pid)
    assert run is not None
    return CrawlOutcome(source_id, proc.returncode, run.status, duration, run, run.last_error)


def _run_of(store: Store, source_id: str, pid: int) -> CrawlRun | None:
    with store.session() as session:
        return run_of_process(session, source_id, pid)


def _mark_failed(store: Store, run: CrawlRun | None, message: str) -> None:
    if run is not None:
        with store.session() as session:
            fail_run(session, run.id, datetime.now(UTC), message)
