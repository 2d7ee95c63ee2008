"""Helpers of the daemon and concurrency end-to-end tests: start, wait, read the database and feeds."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool

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


@cache
def _engine(url: str) -> Engine:
    return create_engine(url, poolclass=NullPool, connect_args={"timeout": 30} if url.startswith("sqlite") else {})


def _as_sqlite_shows_it(value: object) -> object:
    """A column value as SQLite returns it (PostgreSQL's driver gives datetimes and parsed JSON)."""
    if isinstance(value, datetime):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def db_rows(env: dict[str, str], sql: str, **params: object) -> list[dict[str, Any]]:
    """The rows of `sql` (named `:params`) in the database of `env` (ATTACHE_DATABASE_URL: SQLite or PostgreSQL),
    as dicts of values as SQLite shows them; [] while the database or its tables do not exist yet."""
    url = env["ATTACHE_DATABASE_URL"]
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return []
    try:
        with _engine(url).connect() as conn:
            return [{k: _as_sqlite_shows_it(v) for k, v in row.items()}
                    for row in conn.execute(text(sql), params).mappings()]
    except (OperationalError, ProgrammingError):  # tables not created yet
        return []


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
    """No duplicate article, no run left running (and on SQLite, an intact file)."""
    if env["ATTACHE_DATABASE_URL"].startswith("sqlite"):
        assert list(db_rows(env, "PRAGMA integrity_check")[0].values()) == ["ok"]
    assert db_rows(env, "SELECT url FROM articles GROUP BY url HAVING COUNT(*) > 1") == []
    assert db_rows(env, "SELECT id FROM crawl_runs WHERE status = 'running'") == []
