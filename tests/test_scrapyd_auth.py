"""Scrapyd nodes that require a password: a real `scrapyd` with `username` / `password` in its scrapyd.conf. A node
URL with credentials (`http://user:password@host:port`) sends HTTP basic auth on every API call — addversion,
listspiders, daemonstatus, listversions, schedule, listjobs, cancel — and the password is never printed: not by
`deploy`, `crawl`, `status`, the logs, the crawl runs, nor an error. A restarting daemon looks a node's job up
with the configured credentials."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.app.daemon.recovery import recover
from scraper.app.scrapyd.client import NodeError, ScrapydNode
from scraper.app.scrapyd.dispatch import node_settings
from scraper.config import ConfigError, load_config
from scraper.store import Store, start_run
from tests.helpers.daemon_runs import daemon_catalog, db_rows, wait_for
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.scrapyd_nodes import node_environment, start_node
from tests.helpers.site_fixtures import make_articles, publish_site

USER, PASSWORD = "crawler", "s3cret-Pa55word"


def test_a_bad_node_url_with_a_password_is_refused_without_showing_it(tmp_path: Path) -> None:
    env = {"ATTACHE_DATA_DIR": str(tmp_path), "ATTACHE_DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"}
    with pytest.raises(ConfigError) as bad:
        load_config(env={**env, "ATTACHE_SCRAPYD_URLS": f"ftp://{USER}:{PASSWORD}@127.0.0.1:6800"})
    assert "ATTACHE_SCRAPYD_URLS must be" in str(bad.value) and f"{USER}:***@" in str(bad.value)
    with pytest.raises(ConfigError, match="names the node http://127.0.0.1:6800 twice") as twice:
        load_config(env={**env, "ATTACHE_SCRAPYD_URLS": f"http://{USER}:{PASSWORD}@127.0.0.1:6800,"
                                                         f"http://{USER}:other@127.0.0.1:6800"})
    assert PASSWORD not in str(bad.value) + str(twice.value)


@pytest.mark.e2e
def test_a_node_with_a_password_is_deployed_crawled_and_cancelled_and_the_password_is_never_printed(
    attache_env: dict[str, str], tmp_path: Path, site: LoopbackSite
) -> None:
    publish_site(site, make_articles(3))
    node = start_node(tmp_path / "node", node_environment(attache_env, tmp_path / "node" / "data"),
                      auth=(USER, PASSWORD))
    try:
        secured = node.url.replace("http://", f"http://{USER}:{PASSWORD}@")
        with pytest.raises(NodeError, match="HTTP 401"):  # the node does require the password
            ScrapydNode(node.url).status()
        wrong = ScrapydNode(node.url.replace("http://", f"http://{USER}:not-{PASSWORD[:4]}@"))
        with pytest.raises(NodeError, match="HTTP 401") as refused:
            wrong.jobs()
        assert "not-" not in str(refused.value) and wrong.url == node.url

        env = {**attache_env, "ATTACHE_SCRAPYD_URLS": secured, "ATTACHE_BUILTINS": "0",
               "ATTACHE_SOURCES": str(write_catalog(tmp_path / "sources.toml", daemon_catalog(site)))}
        deployed = run_attache(env, "deploy", timeout=120)  # addversion.json, listspiders.json
        assert deployed.returncode == 0 and "deployed" in deployed.stdout, deployed.stdout + deployed.stderr
        crawled = run_attache(env, "crawl", "test-html", timeout=180)  # daemonstatus, listversions, schedule, listjobs
        assert crawled.returncode == 0, crawled.stdout + crawled.stderr
        assert f"scheduled on {node.url} (job " in crawled.stdout, crawled.stdout
        runs = db_rows(env, "SELECT node, job_id, status, new FROM crawl_runs")
        assert [(r["node"], r["status"], r["new"]) for r in runs] == [(node.url, "ok", 3)], runs
        status = run_attache(env, "status", "--json")
        assert status.returncode == 0 and json.loads(status.stdout)["scrapyd_nodes"] == [node.url], status.stdout

        client = ScrapydNode(secured)  # cancel.json: a job scheduled and cancelled at once
        job = client.schedule("test-html", node_settings(load_config(env=env), client.url), "cancelled-job",
                              version=client.versions()[-1])
        assert job in client.jobs()
        assert client.cancel(job) in ("pending", "running")
        wait_for(lambda: getattr(client.jobs().get(job), "state", "gone") in ("finished", "gone"), 60,
                 "the cancelled job to leave the queue")

        # A daemon restarting finds a run left 'running' on the node: it asks the node (with the password) and
        # learns that the job ended, instead of taking the node for dead.
        store = Store(env["ATTACHE_DATABASE_URL"])
        try:
            now = datetime.now(UTC)
            with store.session() as session:
                start_run(session, "test-html", now, pid=None, node=node.url, job_id=job)
            assert recover(store, Path(env["ATTACHE_DATA_DIR"]), now, [secured]) == 1
        finally:
            store.close()
        (left,) = db_rows(env, "SELECT last_error FROM crawl_runs WHERE job_id = :job", job=job)
        assert left["last_error"] == f"interrupted: job {job} on node {node.url} ended without closing its run", left

        logs = "".join(p.read_text(errors="replace") for p in (Path(env["ATTACHE_DATA_DIR"])).rglob("*.log"))
        printed = deployed.stdout + deployed.stderr + crawled.stdout + crawled.stderr + status.stdout + logs
        assert PASSWORD not in printed and PASSWORD not in str(runs)
        assert "Authorization" not in node.log()
    finally:
        node.kill()
