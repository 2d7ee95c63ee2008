"""Scrapyd as the crawl nodes, end to end: two real `scrapyd` processes on 127.0.0.1, `attache deploy` to both,
`attache daemon --once` crawling four sources of loopback sites through them into a fresh PostgreSQL database,
feeds published from there and read with feedparser. One node is killed (with its crawl) mid-crawl: its run is
marked failed naming the node, the source is crawled again on the other node, and no article is stored twice."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from tests.helpers.databases import fresh_postgres
from tests.helpers.loopback_site import LoopbackSite, SlowSite
from tests.helpers.processes import REPO, run_attache, write_catalog
from tests.helpers.scrapyd_nodes import ScrapydProcess, node_environment, start_node
from tests.helpers.site_fixtures import html_source_toml, make_articles, publish_site, start_url_source_toml

pytestmark = pytest.mark.e2e

SLOW_ARTICLE_SECONDS = 0.8
SLOW_ARTICLES = 6


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh database on the test PostgreSQL server, upgraded as `attache db upgrade` does, dropped afterwards."""
    with fresh_postgres() as url:
        yield url


@pytest.fixture
def sites() -> Iterator[list[LoopbackSite]]:
    started: list[LoopbackSite] = []
    try:
        for _ in range(3):
            started.append(LoopbackSite().start())
        started.append(SlowSite().start())
        yield started
    finally:
        for site in started:
            site.stop()


def _catalog(sites: list[LoopbackSite]) -> str:
    listing, feed, sitemap, slow = sites
    return (html_source_toml(listing, "node-html") + html_source_toml(slow, "node-slow")
            + start_url_source_toml("node-feed", "Feed site", "feed", feed.url("/feed.xml"))
            + start_url_source_toml("node-sitemap", "Sitemap site", "sitemap", sitemap.url("/sitemap.xml")))


def _rows(url: str, sql: str) -> list[dict]:
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=5, row_factory=dict_row) as conn:
        try:
            return conn.execute(sql).fetchall()
        except psycopg.errors.UndefinedTable:
            return []


HANG_TIMEOUT = 25
"""The node crawl's time limit in the timeout test: long enough for a loaded machine to start the job (Scrapyd
starts a process per job) and reach the hanging page before it runs out."""


def _wait(predicate, timeout: float, what: str):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_crawls_run_on_scrapyd_nodes_and_survive_a_node_dying(
    attache_env: dict[str, str], tmp_path: Path, pg_url: str, sites: list[LoopbackSite]
) -> None:
    listing, feed, sitemap, slow = sites
    assert isinstance(slow, SlowSite)
    numbers = {"node-html": (1, 4), "node-feed": (101, 3), "node-sitemap": (201, 3), "node-slow": (301, SLOW_ARTICLES)}
    for site, (start, count) in zip(sites, numbers.values(), strict=True):
        publish_site(site, make_articles(count, start))
    for n in range(301, 301 + SLOW_ARTICLES):  # the slow site's crawl lasts long enough to be caught mid-way
        slow.delays[f"/news/story-{n}.html"] = SLOW_ARTICLE_SECONDS
    nodes: list[ScrapydProcess] = []
    daemon: subprocess.Popen[str] | None = None
    try:
        for name in ("node-a", "node-b"):
            nodes.append(start_node(tmp_path / name, node_environment(attache_env, tmp_path / name / "data")))
        env = dict(attache_env)
        env.update({"ATTACHE_DATABASE_URL": pg_url, "ATTACHE_SCRAPYD_URLS": ",".join(n.url for n in nodes),
                    "ATTACHE_SOURCES": str(write_catalog(tmp_path / "sources.toml", _catalog(sites))),
                    "ATTACHE_BUILTINS": "0", "ATTACHE_MAX_PARALLEL_CRAWLS": "4", "ATTACHE_CRAWL_TIMEOUT": "150"})

        deployed = run_attache(env, "deploy", timeout=60)
        assert deployed.returncode == 0, deployed.stderr + deployed.stdout
        assert deployed.stdout.count("deployed") == 2 and all(n.url in deployed.stdout for n in nodes), deployed.stdout

        log = tmp_path / "once.out"
        with open(log, "w") as out:
            daemon = subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "daemon", "--once"], cwd=REPO,
                                      env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        # The slow source's crawl is under way on some node: kill that node (Scrapyd and its crawl) mid-crawl.
        running = _wait(lambda: slow.requests_for("/news/story-", method="SLOW") and _rows(
            pg_url, "SELECT * FROM crawl_runs WHERE source = 'node-slow' AND status = 'running'"), 90,
            "the slow crawl to be under way")
        victim = next(n for n in nodes if n.url == running[0]["node"])
        survivor = next(n for n in nodes if n is not victim)
        victim.kill()
        rc = daemon.wait(timeout=150)
        text = log.read_text()
        assert rc == 0, text[-4000:]
        assert "Traceback" not in text, text[-4000:]

        runs = _rows(pg_url, "SELECT * FROM crawl_runs ORDER BY id")
        slow_runs = [r for r in runs if r["source"] == "node-slow"]
        failed = [r for r in slow_runs if r["status"] == "failed"]
        assert failed and failed[0]["node"] == victim.url and failed[0]["job_id"] == running[0]["job_id"], slow_runs
        assert victim.url in failed[0]["last_error"] and "died" in failed[0]["last_error"], failed[0]
        assert slow_runs[-1]["status"] == "ok" and slow_runs[-1]["node"] == survivor.url, slow_runs
        latest = {r["source"]: r for r in runs}
        assert {s: r["status"] for s, r in latest.items()} == dict.fromkeys(numbers, "ok"), runs
        assert all(r["node"] in (victim.url, survivor.url) and r["job_id"] for r in runs), runs

        articles = _rows(pg_url, "SELECT url, source FROM articles")
        urls = [a["url"] for a in articles]
        assert len(urls) == len(set(urls)), "an article was stored twice"
        for source, (start, count) in numbers.items():
            stored = {a["url"].rsplit("/", 1)[-1] for a in articles if a["source"] == source}
            assert stored == {f"story-{n}.html" for n in range(start, start + count)}, (source, stored)

        feed_file = Path(env["ATTACHE_DATA_DIR"]) / "feeds" / "all.atom"
        parsed = feedparser.parse(feed_file.read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        links = [e.link for e in parsed.entries]
        assert len(links) == len(set(links))
        assert {link.rsplit("/", 1)[-1] for link in links} >= {f"story-{n}.html" for n in range(301, 301 + 4)}
        per_source = feedparser.parse((feed_file.parent / "sources" / "node-slow.atom").read_bytes())
        assert len(per_source.entries) == SLOW_ARTICLES

        status = run_attache(env, "status", "--json", timeout=60)
        assert status.returncode == 0, status.stderr
        rows = {r["source"]: r for r in json.loads(status.stdout)["sources"]}
        assert rows["node-slow"]["node"] == survivor.url and rows["node-slow"]["job_id"] == slow_runs[-1]["job_id"]
    finally:
        if daemon is not None and daemon.poll() is None:
            daemon.kill()
            daemon.wait(timeout=10)
        for node in nodes:
            node.kill()


def test_a_crawl_over_its_time_limit_is_cancelled_on_its_node_and_a_running_source_is_not_scheduled_twice(
    attache_env: dict[str, str], tmp_path: Path
) -> None:
    """Also: `attache crawl` runs on the node, and `attache status` names the node of each source's last run."""
    from scraper.app.scrapyd.client import ScrapydNode
    from scraper.app.scrapyd.deploy import deploy
    from scraper.app.scrapyd.dispatch import NodeCrawl, NodePool
    from scraper.config import load_config
    from scraper.store import Store, runs_for

    slow, quick = SlowSite().start(), LoopbackSite().start()
    node = None
    store = None
    try:
        publish_site(slow, make_articles(3, 401))
        publish_site(quick, make_articles(3, 501))
        slow.delays["/news/story-401.html"] = 60  # the crawl hangs here until it is cancelled
        node = start_node(tmp_path / "node", node_environment(attache_env, tmp_path / "node" / "data"))
        env = {**attache_env, "ATTACHE_SCRAPYD_URLS": node.url, "ATTACHE_SOURCES": str(write_catalog(
            tmp_path / "sources.toml", html_source_toml(slow, "node-hang") + html_source_toml(quick, "node-quick")))}
        config = load_config(env=env)
        assert [d.error for d in deploy(config, expected=["node-hang", "node-quick"])] == [None]
        store = Store(config.database_url)
        pool = NodePool([node.url])
        outcome = {}

        def first() -> None:
            outcome["first"] = NodeCrawl("node-hang", config, store, pool, timeout=HANG_TIMEOUT, poll=0.2,
                                         cancel_grace=2).run()

        thread = threading.Thread(target=first)
        thread.start()
        _wait(lambda: slow.requests_for("/news/story-401", method="SLOW"), 90, "the crawl to hang")
        second = NodeCrawl("node-hang", config, store, pool, timeout=HANG_TIMEOUT, poll=0.2).run()
        assert second.status == "busy" and node.url in str(second.message), second
        thread.join(timeout=HANG_TIMEOUT + 40)
        assert not thread.is_alive()
        result = outcome["first"]
        assert result.status == "timeout" and f"timed out after {HANG_TIMEOUT} s" in str(result.message), result
        with store.session() as session:
            (run,) = runs_for(session, "node-hang")
        assert run.status == "failed" and run.node == node.url and "timed out" in str(run.last_error), run
        assert ScrapydNode(node.url).jobs()[str(run.job_id)].state == "finished"

        crawled = run_attache(env, "crawl", "node-quick", "--no-publish", timeout=60)
        assert crawled.returncode == 0, crawled.stdout + crawled.stderr
        assert f"scheduled on {node.url}" in crawled.stdout, crawled.stdout
        with store.session() as session:
            (quick_run,) = runs_for(session, "node-quick")
        assert (quick_run.status, quick_run.new, quick_run.node) == ("ok", 3, node.url), quick_run
        explained = run_attache(env, "status", "--explain", "node-hang", timeout=60)
        assert str(run.job_id) in explained.stdout and node.url in explained.stdout, explained.stdout
    finally:
        if store is not None:
            store.close()
        if node is not None:
            node.kill()
        slow.stop()
        quick.stop()
