"""Helpers of the daemon and concurrency end-to-end tests: start, wait, read the database and feeds."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser

from scraper.sources import load_catalog
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import REPO
from tests.helpers.site_fixtures import html_source_toml


def daemon_catalog(site: LoopbackSite, extra: str = "", source_id: str = "test-html") -> str:
    """Built-in sources switched off (never the internet), one html source on the loopback site (`source_id`),
    then `extra` catalog entries."""
    off = "".join(f"[sources.{sid}]\nenabled = false\n\n" for sid in load_catalog())
    return off + html_source_toml(site, source_id) + extra


def start_daemon(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    handle = open(log, "ab")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen([sys.executable, "scheduler.py", *args], cwd=REPO, env=env, stdout=handle,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    handle.close()
    return proc


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, log: Path | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{tail}")


def db_rows(env: dict[str, str], sql: str, *params: object) -> list[sqlite3.Row]:
    db = Path(env["ATTACHE_DATA_DIR"]) / "attache.sqlite3"
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # tables not created yet
        return []
    finally:
        conn.close()


def feed_stories(env: dict[str, str]) -> set[str]:
    """Article paths the published main feed links to (as entries or in a story's "also reported" list)."""
    path = Path(env["ATTACHE_DATA_DIR"]) / "feeds" / "all.atom"
    if not path.exists():
        return set()
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    text = " ".join(e.link + " " + e.get("summary", "") + " ".join(c.value for c in e.get("content", []))
                    for e in parsed.entries)
    return set(re.findall(r"/news/story-\d+\.html", text))


def stories(*numbers: int) -> set[str]:
    return {f"/news/story-{n}.html" for n in numbers}


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 10) -> tuple[int, float]:
    started = time.monotonic()
    proc.send_signal(sig)
    rc = proc.wait(timeout=timeout)
    return rc, time.monotonic() - started


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def assert_store_sound(env: dict[str, str]) -> None:
    assert db_rows(env, "PRAGMA integrity_check")[0][0] == "ok"
    assert db_rows(env, "SELECT url FROM articles GROUP BY url HAVING COUNT(*) > 1") == []
    assert db_rows(env, "SELECT id FROM crawl_runs WHERE status = 'running'") == []
