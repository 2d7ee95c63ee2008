"""`attache status` tells the truth: a source being crawled shows since when and its pid, a run cut short shows
`interrupted` (not ok), the daemon is up (with its pid) or down, and the last publish is shown; `--json` has a
stable shape (docs/daemon.md, "Status as JSON")."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.app.cli import main
from scraper.config import load_config
from scraper.store import Store
from scraper.store.runs import RunCounts, finish_run, interrupt_run, start_run
from tests.helpers.processes import REPO, write_catalog

CATALOG = "".join(
    f'[sources.{sid}]\nname = "{sid}"\nkind = "feed"\ncountry = "IT"\nstart_urls = ["http://127.0.0.1:9/{sid}.xml"]\n\n'
    for sid in ("busy-one", "cut-short", "fine-one"))
HOLD_LOCK = """
import sys, time
from pathlib import Path
from scraper.locks import SourceLock
lock = SourceLock(Path(sys.argv[1]), "_daemon")  # stands in for `attache daemon`, which holds this lock
lock.acquire()
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    """A data directory with built-ins off and three sources: one crawling now (a live process), one whose last
    run was interrupted after an earlier success, one fine."""
    for name in ("ATTACHE_SOURCES", "ATTACHE_HTTP_PORT", "ATTACHE_PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    catalog = write_catalog(tmp_path / "mine.toml", CATALOG)
    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "--sources", str(catalog), "init", "--no-builtins"]) == 0
    capsys.readouterr()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    store = Store(load_config({"ATTACHE_DATA_DIR": str(folder)}, env={}).database_url)
    start = datetime.now(UTC) - timedelta(hours=1)
    with store.session() as session:
        for sid in ("cut-short", "fine-one"):
            finish_run(session, start_run(session, sid, start), start + timedelta(minutes=1), "ok", RunCounts(new=2))
        interrupt_run(session, start_run(session, "cut-short", start + timedelta(minutes=5)),
                      start + timedelta(minutes=6), "interrupted by SIGINT")
        start_run(session, "busy-one", start + timedelta(minutes=30), pid=sleeper.pid)
    store.close()
    yield folder
    sleeper.kill()
    sleeper.wait()


def _status(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["--data-dir", str(folder), "status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_shows_running_interrupted_daemon_and_last_publish(data: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    report = _status(data, capsys)
    assert set(report) == {"daemon", "last_publish", "running", "data_dir", "config_file", "catalogs", "sources",
                           "scrapyd_nodes"}
    assert report["scrapyd_nodes"] == [] and all(row["node"] is None for row in report["sources"])
    assert report["daemon"] == {"running": False, "pid": None}
    assert report["last_publish"] is None
    states = {row["source"]: row["state"] for row in report["sources"]}
    assert states["busy-one"].startswith("running since ") and "(pid " in states["busy-one"], states
    assert states["cut-short"] == "interrupted" and states["fine-one"] == "ok", states
    assert [r["source"] for r in report["running"]] == ["busy-one"] and report["running"][0]["alive"] is True

    assert main(["--data-dir", str(data), "publish"]) == 0
    assert capsys.readouterr().out.startswith("published ")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(data), "daemon"], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        report = _status(data, capsys)
        assert report["daemon"] == {"running": True, "pid": holder.pid}
        assert report["last_publish"]["by"] == "attache publish"
        published = datetime.fromisoformat(report["last_publish"]["time"])
        assert abs((datetime.now(UTC) - published).total_seconds()) < 60
        assert main(["--data-dir", str(data), "status"]) == 0
        out = capsys.readouterr().out
        assert f"daemon: running (pid {holder.pid})" in out and "last publish: " in out and "never" not in \
            out.splitlines()[1], out
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    time.sleep(0.1)
    assert _status(data, capsys)["daemon"] == {"running": False, "pid": None}  # the lock holder is gone
