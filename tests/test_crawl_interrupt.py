"""`attache crawl` owns its child: SIGINT or SIGTERM stops the `scrapy crawl` child (SIGTERM, then SIGKILL after a
grace period), records the run as interrupted and leaves the source's lock free. Real processes, real signals,
a loopback site whose article page hangs."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scraper.locks import SourceLock
from tests.helpers.daemon_runs import alive, db_rows, wait_for
from tests.helpers.loopback_site import SlowSite
from tests.helpers.processes import REPO, run_attache, write_catalog
from tests.helpers.site_fixtures import html_source_toml, make_articles, publish_site

pytestmark = pytest.mark.e2e


def _runs(env: dict[str, str]) -> list[dict[str, Any]]:
    return db_rows(env, "SELECT * FROM crawl_runs ORDER BY id")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_crawl_child_marks_the_run_interrupted_and_frees_the_lock(
    sig: signal.Signals, slow_site: SlowSite, attache_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    publish_site(slow_site, make_articles(5))
    slow_site.delays["/news/story-3.html"] = 120  # the crawl hangs on this page
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "sources.toml", html_source_toml(slow_site)))
    out = tmp_path / "crawl.out"
    with open(out, "wb") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "crawl", "test-html"], cwd=REPO,
                                env=attache_env, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        wait_for(lambda: slow_site.requests_for("/news/story-3", method="SLOW"), 60, "the hanging request", out)
        child = wait_for(lambda: [r["pid"] for r in _runs(attache_env) if r["status"] == "running"], 10,
                         "the running crawl", out)[0]
        assert alive(child)
        sent = time.monotonic()
        proc.send_signal(sig)
        rc = proc.wait(timeout=30)
        seconds = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = out.read_text(errors="replace")
    assert rc == 128 + sig, text
    assert seconds < 15, f"stopping took {seconds:.1f} s"
    assert "Traceback" not in text, text
    assert f"stopped by {sig.name}" in text, text
    assert not alive(child), "the scrapy crawl child outlived attache crawl"
    run = _runs(attache_env)[-1]
    assert run["status"] == "interrupted" and run["pid"] == child, dict(run)
    assert run["last_error"].startswith(f"interrupted: {sig.name} received"), dict(run)
    assert run["finished"] is not None

    lock = SourceLock(Path(attache_env["ATTACHE_DATA_DIR"]), "test-html")
    lock.acquire()  # raises SourceBusy if the child's lock were still held
    lock.release()
    status = run_attache(attache_env, "status", "--explain", "test-html")
    assert status.returncode in (0, 1, 3), status.stderr
    assert "interrupted" in status.stdout, status.stdout

    slow_site.release.set()  # the site answers again: nothing was lost, the next crawl stores every article
    again = run_attache(attache_env, "crawl", "test-html")
    assert again.returncode == 0, again.stdout + again.stderr
    stored = {row["url"] for row in db_rows(attache_env, "SELECT url FROM articles")}
    assert {slow_site.url(f"/news/story-{n}.html") for n in range(1, 6)} <= stored, sorted(stored)
