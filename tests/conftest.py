"""Shared fixtures: a loopback HTTP site, an isolated Attaché environment, subprocess helpers."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest_feeds import fill_store, make_config  # noqa: E402
from loopback_site import LoopbackSite, SlowSite  # noqa: E402

from scraper.config import Config  # noqa: E402
from scraper.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    server = LoopbackSite().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def tagging_figures() -> dict:
    """The tagging benchmark's figures on the labelled set (bench/bench_tagging.py), computed once."""
    spec = importlib.util.spec_from_file_location("bench_tagging", REPO / "bench" / "bench_tagging.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.evaluate(bench.load())


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    """A loopback site whose paths in `slow_site.delays` answer late (for catching a crawl mid-run)."""
    server = SlowSite().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A configuration rooted in tmp_path (nothing read from the real environment)."""
    return make_config(tmp_path)


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    """A real SQLite store filled with the feed tests' varied and hostile articles."""
    filled = Store(config.database_url)
    fill_store(filled)
    yield filled
    filled.close()


@pytest.fixture
def attache_env(tmp_path: Path) -> dict[str, str]:
    """Environment for subprocesses: data in tmp_path, no politeness delay against loopback, no home files."""
    env = dict(os.environ)
    env.update({
        "ATTACHE_DATA_DIR": str(tmp_path / "data"),
        "ATTACHE_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'attache.sqlite3'}",
        "ATTACHE_DOWNLOAD_DELAY": "0",
        "SCRAPY_SETTINGS_MODULE": "scraper.settings",
        "HOME": str(tmp_path / "home"),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("ATTACHE_SOURCES", None)
    return env


def write_catalog(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_scrapy(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`scrapy <args>` as a real subprocess, run from the repository."""
    return subprocess.run([sys.executable, "-m", "scrapy", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def run_attache(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`attache <args>` as a real subprocess."""
    return subprocess.run([sys.executable, "-m", "scraper.app.cli", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)
