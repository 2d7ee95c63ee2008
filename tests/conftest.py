"""Shared fixtures: a loopback HTTP site, an isolated Attaché environment, subprocess helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_tagging import evaluate, load
from scraper.config import Config
from scraper.store import Store
from tests.helpers.databases import DATABASES, SessionDatabase, database
from tests.helpers.feed_store import fill_store, make_config
from tests.helpers.limited_servers import limited_site  # noqa: F401  (a fixture: the server tests over sockets)
from tests.helpers.loopback_site import LoopbackSite, SlowSite


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In parallel (pytest-xdist, `-n 2 --dist loadgroup`), the end-to-end tests run one after another on one
    worker: they start real processes and time them; the in-process tests share the other CPU."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("e2e"))


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
    return evaluate(load())


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    """A loopback site whose paths in `slow_site.delays` answer late (for catching a crawl mid-run)."""
    server = SlowSite().start()
    try:
        yield server
    finally:
        server.stop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `store` or `database_url` runs once per database (SQLite, PostgreSQL)."""
    if {"store", "database_url"} & set(metafunc.fixturenames):
        metafunc.parametrize("database_url", DATABASES, indirect=True)


@pytest.fixture(scope="session")
def session_postgres() -> Iterator[SessionDatabase]:
    """This test session's PostgreSQL database (made when a test first needs it, dropped at the end)."""
    holder = SessionDatabase()
    try:
        yield holder
    finally:
        holder.close()


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path, session_postgres: SessionDatabase) -> Iterator[str]:
    """An empty database, once on SQLite (a new file in tmp_path) and once on PostgreSQL (the session's database
    of the local server, emptied: `tests/helpers/databases.py`)."""
    with database(request.param, tmp_path / "data", session_postgres) as url:
        yield url


@pytest.fixture
def config(tmp_path: Path, request: pytest.FixtureRequest) -> Config:
    """A configuration rooted in tmp_path (nothing read from the real environment). A test that also takes
    `store` or `database_url` runs on both databases, and its configuration names the test's database."""
    if {"store", "database_url"} & set(request.fixturenames):
        return make_config(tmp_path, ATTACHE_DATABASE_URL=request.getfixturevalue("database_url"))
    return make_config(tmp_path)


@pytest.fixture
def store(config: Config, database_url: str) -> Iterator[Store]:
    """A real store filled with the feed tests' varied and hostile articles, on SQLite and on PostgreSQL."""
    filled = Store(database_url)
    fill_store(filled)
    yield filled
    filled.close()


@pytest.fixture
def attache_env(tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """Environment for subprocesses: data in tmp_path, no politeness delay against loopback, no home files.

    The database is a SQLite file in the data folder; a test (or fixture) that also takes `database_url` runs
    on both databases, its subprocesses pointed at the test's database (ATTACHE_DATABASE_URL)."""
    env = dict(os.environ)
    (tmp_path / "data").mkdir(exist_ok=True)  # an explicit data folder must exist (or be created by `attache init`)
    url = f"sqlite:///{tmp_path / 'data' / 'attache.sqlite3'}"
    if "database_url" in request.fixturenames:
        url = request.getfixturevalue("database_url")
    env.update({
        "ATTACHE_DATA_DIR": str(tmp_path / "data"),
        "ATTACHE_DATABASE_URL": url,
        "ATTACHE_DOWNLOAD_DELAY": "0",
        "SCRAPY_SETTINGS_MODULE": "scraper.settings",
        "HOME": str(tmp_path / "home"),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("ATTACHE_SOURCES", None)
    return env
