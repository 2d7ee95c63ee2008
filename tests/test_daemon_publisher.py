"""The daemon's publishes run in a child process (`scraper.app.daemon.publisher`): the child writes the feeds
and sends back the report; a child that raises or overruns is a `PublishFailed` naming why, never a hang."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from scraper.app.daemon.publisher import PublishFailed, publish_in_child
from scraper.config import Config
from scraper.store import Store
from tests.helpers.feed_store import make_config


def test_a_child_publishes_the_store_and_returns_its_report(config: Config, store: Store) -> None:
    """On SQLite and on PostgreSQL: the `store` fixture's articles, in the database `config` names."""
    report = publish_in_child(config, timeout=120)
    assert "all" in report.feeds and "all.atom" in report.written
    parsed = feedparser.parse((config.feeds_dir / "all.atom").read_bytes())
    assert not parsed.bozo and parsed.entries
    again = publish_in_child(config, changed=True, timeout=120)  # nothing marked: only the pages are looked at
    assert "all.atom" not in again.written


def test_a_child_that_raises_is_a_failure_with_its_traceback(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    Store(config.database_url).close()
    config.feeds_dir.parent.mkdir(parents=True, exist_ok=True)
    config.feeds_dir.write_text("a file where the feeds folder should be")
    with pytest.raises(PublishFailed, match="the publish process failed:(?s:.*)Error"):
        publish_in_child(config, timeout=120)


def test_a_child_that_overruns_is_killed_and_reported(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    Store(config.database_url).close()
    with pytest.raises(PublishFailed, match="ran for over 0 s and was killed"):
        publish_in_child(config, timeout=0.05)


PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())])
print(child.pid, flush=True)
time.sleep(60)
"""
WATCHED_CHILD = """
import sys, time
from scraper.app.daemon.publisher import stop_when_orphaned
stop_when_orphaned(int(sys.argv[1]), every=0.1)  # the daemon's pid, given as the daemon gives it (not read late)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_a_child_whose_daemon_was_killed_stops_at_once(tmp_path: Path) -> None:
    """A daemon killed with -9 loses its publisher lock and another takes over: its publish child must not go
    on writing feeds beside the new publisher (nor die later on a broken pipe, with a traceback in the log)."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT, WATCHED_CHILD], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parent.parent)
    child_pid = int(parent.stdout.readline())
    time.sleep(1.0)
    assert _alive(child_pid), "the watched child ended while its parent lived"
    parent.kill()
    parent.wait(10)
    parent.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child_pid), "the publish child outlived its daemon"
