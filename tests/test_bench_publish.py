"""The publish benchmark keeps working: its small version (2,000 stored articles, 200 new before the
incremental publish) runs end to end in subprocesses and prints its table; a synthetic store is filled
through the project's own `Store`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_publish import fill, synthetic
from feeds.catalog import catalog
from scraper.store import Store
from scraper.store.dirty import dirty_feeds

REPO = Path(__file__).resolve().parent.parent


def test_synthetic_articles_fill_a_store_with_many_sources_and_mark_their_feeds(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    try:
        fill(store, synthetic(0, 300, 7))
        with store.session() as session:
            slugs = {s.slug for s in catalog(session)}
            marks = dirty_feeds(session)
        assert len([s for s in slugs if s.startswith("sources/")]) > 100
        assert {"all", "cooperation"} <= slugs and any(s.startswith("pairs/") for s in slugs)
        assert slugs <= set(marks)  # every feed is dirty until a publish
    finally:
        store.close()


@pytest.mark.e2e
def test_the_small_benchmark_runs_and_prints_its_table(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_publish", "--articles", "2000", "--new", "200", "--rounds", "1",
         "--check", "none", "--results", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    row = next(line for line in proc.stdout.splitlines() if line.strip().startswith("2,000"))
    assert "×" in row and "MB" in row
    split = next(line for line in proc.stdout.splitlines() if "with nothing new it takes" in line)
    assert "2,000 stored: the incremental publish rebuilt" in split and "× full" in split
