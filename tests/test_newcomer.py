"""The README's daily path, end to end on a loopback site, as a newcomer follows it (`make newcomer`):
`attache init` with a user catalog and a non-default port, a crawl by hand that reaches the static feeds, the
daemon crawling and publishing a new article and serving on the remembered port (index, OPML and self links use
it), a feed reader (newsboat) subscribing, and `attache status` telling the truth."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import feedparser
import pytest

from tests.helpers.daemon_runs import start_daemon, stop, wait_for
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, write_catalog
from tests.helpers.site_fixtures import html_source_toml, make_articles, publish_site

pytestmark = pytest.mark.e2e
NEWSBOAT = shutil.which("newsboat")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _feed(data: Path, name: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((data / "feeds" / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _newsboat_items(tmp_path: Path, url: str) -> int:
    assert NEWSBOAT is not None
    home = tmp_path / "reader"
    for sub in (".config", ".local/share", ".cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "urls").write_text(url + "\n")
    (home / "config").write_text("")
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TERM": "dumb",
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_CACHE_HOME": str(home / ".cache")}
    result = subprocess.run([NEWSBOAT, "-u", str(home / "urls"), "-c", str(home / "cache.db"), "-C",
                             str(home / "config"), "-x", "reload"], env=env, cwd=home, capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr + result.stdout
    with sqlite3.connect(home / "cache.db") as db:
        return int(db.execute("SELECT count(*) FROM rss_item").fetchone()[0])


def test_the_newcomers_daily_path(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    data = Path(attache_env["ATTACHE_DATA_DIR"])
    data.rmdir()  # a fresh machine: `attache init` makes it
    for name in ("ATTACHE_DATABASE_URL", "ATTACHE_SOURCES", "ATTACHE_HTTP_PORT", "ATTACHE_PUBLIC_BASE_URL"):
        attache_env.pop(name, None)
    publish_site(site, make_articles(5))
    catalog = write_catalog(tmp_path / "my-sources.toml", html_source_toml(site, "my-ministry"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"

    # 1. A wrong data directory is refused; init remembers the catalog, the port and built-ins off.
    typo = run_attache(attache_env, "--data-dir", str(tmp_path / "dta"), "status")
    assert typo.returncode == 2 and "does not exist" in typo.stderr and not (tmp_path / "dta").exists()
    init = run_attache(attache_env, "init", "--sources", str(catalog), "--port", str(port), "--no-builtins")
    assert init.returncode == 0 and (data / "attache.toml").is_file(), init.stdout + init.stderr

    # 2. A crawl by hand, no --sources: the source is known and its feed is published with the catalog's name.
    crawl = run_attache(attache_env, "crawl", "my-ministry")
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    assert crawl.stdout.strip().splitlines()[-1].startswith("published "), crawl.stdout
    feed = _feed(data, "sources/my-ministry.rss")
    assert len(feed.entries) == 5 and "Test ministry (listing)" in feed.feed.title
    typo = run_attache(attache_env, "crawl", "my-minstry")
    assert typo.returncode == 2 and "did you mean 'my-ministry'?" in typo.stderr, typo.stderr

    # 3. The daemon: says where things are, serves on the remembered port, publishes a new article.
    attache_env["ATTACHE_CRAWL_INTERVAL"] = "2"
    log = tmp_path / "daemon.out"
    daemon = start_daemon(attache_env, log)
    try:
        wait_for(lambda: f"serving feeds at {base}" in log.read_text(), 60, "the daemon's server", log)
        head = log.read_text()
        assert f"data directory {data}" in head and str(catalog) in head and "daemon.log" in head, head[:2000]
        publish_site(site, make_articles(6))
        wait_for(lambda: len(_feed(data, "sources/my-ministry.rss").entries) == 6, 60, "the 6th article", log)

        # 4. Links follow the port: index page, OPML list, self links.
        index, opml = _get(base), _get(base + "feeds.opml")
        assert f"{base}sources/my-ministry.rss" in index or f"{base}sources/my-ministry.atom" in index, index[:3000]
        assert f"{base}sources/my-ministry" in opml and ":8787/" not in opml + index
        atom = _get(base + "sources/my-ministry.atom")
        assert f'href="{base}sources/my-ministry.atom" rel="self"' in atom

        # 5. A reader subscribes.
        if NEWSBOAT is None:
            print("newsboat step skipped: newsboat is not installed (apt-get install -y newsboat)")
        else:
            assert _newsboat_items(tmp_path, base + "sources/my-ministry.rss") == 6

        # 6. Status tells the truth.
        status = run_attache(attache_env, "status", "--json")
        assert status.returncode == 0, status.stderr
        report = json.loads(status.stdout)
        assert report["daemon"] == {"running": True, "pid": daemon.pid}
        assert report["last_publish"]["by"] == "daemon" and report["last_publish"]["base_url"] == base
        assert [r["source"] for r in report["sources"]] == ["my-ministry"]
        assert report["sources"][0]["state"] in ("ok",) or report["sources"][0]["state"].startswith("running"), \
            report["sources"][0]
        rc, _ = stop(daemon)
        assert rc == 0, log.read_text()[-3000:]
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
    after = json.loads(run_attache(attache_env, "status", "--json").stdout)
    assert after["daemon"] == {"running": False, "pid": None}
