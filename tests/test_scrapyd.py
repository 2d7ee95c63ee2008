"""Scrapyd nodes without a running node: ATTACHE_SCRAPYD_URLS, the egg `attache deploy` builds, the crawl
settings a node gets, and what happens when no node answers (ports on 127.0.0.1 nobody listens on)."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.app.cli import main
from scraper.app.scrapyd.dispatch import NodeCrawl, NodePool, node_settings
from scraper.app.scrapyd.egg import build_egg
from scraper.config import ConfigError, load_config
from scraper.store import Store, runs_for, start_run
from scraper.store.schema import CrawlRunRow
from tests.helpers.scrapyd_nodes import free_port


def _config(tmp_path: Path, **env: str):  # noqa: ANN202
    return load_config(env={"ATTACHE_DATA_DIR": str(tmp_path), "ATTACHE_DATABASE_URL":
                            f"sqlite:///{tmp_path / 'a.sqlite3'}", **env})


@pytest.mark.parametrize("raw", ["ftp://127.0.0.1:6800", "127.0.0.1:6800", "http://", "http://127.0.0.1:99999",
                                 "http://127.0.0.1:6800,,http://127.0.0.1:6801", "http://127.0.0.1:6800?x=1"])
def test_a_bad_node_url_is_one_clear_error(tmp_path: Path, raw: str) -> None:
    with pytest.raises(ConfigError, match="ATTACHE_SCRAPYD_URLS must be comma-separated Scrapyd node URLs"):
        _config(tmp_path, ATTACHE_SCRAPYD_URLS=raw)


def test_node_urls_are_trimmed_and_a_repeated_node_is_refused(tmp_path: Path) -> None:
    config = _config(tmp_path, ATTACHE_SCRAPYD_URLS=" http://127.0.0.1:6800/ ,https://crawl2.example:6800")
    assert config.scrapyd_urls == ("http://127.0.0.1:6800", "https://crawl2.example:6800")
    assert _config(tmp_path).scrapyd_urls == ()
    with pytest.raises(ConfigError, match="names the node http://127.0.0.1:6800 twice"):
        _config(tmp_path, ATTACHE_SCRAPYD_URLS="http://127.0.0.1:6800,http://127.0.0.1:6800/")


def test_the_config_file_takes_a_list_of_nodes(tmp_path: Path) -> None:
    (tmp_path / "attache.toml").write_text('scrapyd_urls = ["http://127.0.0.1:6800", "http://127.0.0.1:6801"]\n')
    assert _config(tmp_path).scrapyd_urls == ("http://127.0.0.1:6800", "http://127.0.0.1:6801")
    (tmp_path / "attache.toml").write_text("scrapyd_urls = [6800]\n")
    with pytest.raises(ConfigError, match=r"attache.toml, line 1: key 'scrapyd_urls': must be a list"):
        _config(tmp_path)


def test_the_egg_carries_the_data_files_the_user_catalog_and_the_settings_entry_point(tmp_path: Path) -> None:
    catalog = tmp_path / "mine.toml"
    catalog.write_text('[sources.mine]\nname = "Mine"\nkind = "feed"\nstart_urls = ["http://127.0.0.1:9/f.xml"]\n')
    other = tmp_path / "more.toml"
    other.write_text('[sources.mine]\nname = "Mine again"\n')
    egg = zipfile.ZipFile(io.BytesIO(build_egg([catalog, other], "7")))
    names = set(egg.namelist())
    assert {"scraper/sources.toml", "scraper/tagging/data/roles.toml", "scraper/tagging/data/party_model.json",
            "feeds/templates/feed.xsl",
            "scraper/settings.py", "scraper/spiders/loader.py"} <= names
    assert egg.read("scraper/deployed_sources/01-mine.toml").decode() == catalog.read_text()
    assert egg.read("scraper/deployed_sources/02-more.toml").decode() == other.read_text()
    assert "settings = scraper.settings" in egg.read("EGG-INFO/entry_points.txt").decode()
    assert not (Path(__file__).parent.parent / "scraper" / "deployed_sources").exists(), "built in a copy"


def test_a_node_crawl_gets_the_shared_store_and_what_scraper_settings_derives(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import scraper.settings as settings_module

    monkeypatch.setenv("ATTACHE_DOWNLOAD_DELAY", "0.5")
    monkeypatch.setenv("ATTACHE_CRAWL_MEMORY_MB", "200")
    monkeypatch.setenv("ATTACHE_CRAWL_MAX_RESPONSES", "50")
    derived = importlib.reload(settings_module)
    try:
        config = _config(tmp_path, ATTACHE_DOWNLOAD_DELAY="0.5", ATTACHE_CRAWL_MEMORY_MB="200",
                         ATTACHE_CRAWL_MAX_RESPONSES="50")
        sent = node_settings(config, "http://127.0.0.1:6800", refresh=True)
        for name in ("USER_AGENT", "DOWNLOAD_DELAY", "AUTOTHROTTLE_START_DELAY", "MEMUSAGE_LIMIT_MB",
                     "MEMUSAGE_WARNING_MB", "CLOSESPIDER_PAGECOUNT"):
            assert sent[name] == str(getattr(derived, name)), name
        assert sent["ATTACHE_DATABASE_URL"] == config.database_url
        assert sent["ATTACHE_NODE"] == "http://127.0.0.1:6800" and sent["ATTACHE_REFRESH"] == "1"
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


def test_when_no_node_answers_the_run_is_failed_naming_the_nodes(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"]
    config = _config(tmp_path, ATTACHE_SCRAPYD_URLS=",".join(urls))
    store = Store(config.database_url)
    try:
        outcome = NodeCrawl("mine", config, store, NodePool(urls, timeout=2)).run()
        assert outcome.status == "failed" and "no Scrapyd node answers" in str(outcome.message)
        with store.session() as session:
            (run,) = runs_for(session, "mine")
        assert run.status == "failed" and all(url in str(run.last_error) for url in urls)
    finally:
        store.close()


def test_run_records_keep_node_and_job(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    try:
        with store.session() as session:
            start_run(session, "mine", datetime.now(UTC), 42, node="http://127.0.0.1:6800", job_id="j1")
        with store.session() as session:
            (run,) = runs_for(session, "mine")
            assert session.get(CrawlRunRow, run.id).job_id == "j1"
        assert (run.node, run.job_id, run.pid) == ("http://127.0.0.1:6800", "j1", 42)
    finally:
        store.close()


def test_deploy_says_what_is_missing_or_which_node_failed(attache_env: dict[str, str],
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    for name in [k for k in os.environ if k.startswith("ATTACHE_")]:
        monkeypatch.delenv(name)
    for name in ("ATTACHE_DATA_DIR", "ATTACHE_DATABASE_URL", "HOME"):
        monkeypatch.setenv(name, attache_env[name])
    assert main(["deploy"]) == 2
    assert "set ATTACHE_SCRAPYD_URLS" in capsys.readouterr().err
    down = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("ATTACHE_SCRAPYD_URLS", down)
    assert main(["deploy"]) == 1
    out, err = capsys.readouterr()
    assert f"not deployed to {down}" in err and "unreachable" in out, out + err
    monkeypatch.setenv("ATTACHE_SCRAPYD_URLS", "nodes")
    assert main(["deploy"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ATTACHE_SCRAPYD_URLS" in err and "'nodes'" in err, err
