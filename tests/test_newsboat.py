"""A real feed reader: newsboat (Debian package `newsboat`) subscribes to served feeds, headless.

newsboat runs with a throwaway HOME and XDG directories, reloads once, and we
read what it stored from its cache database; later reloads must be answered
304 (newsboat sends If-None-Match / If-Modified-Since) and store no duplicates.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime

import pytest

from feeds.publish import publish
from scraper.store import Store
from tests.helpers.cooperation_store import ORDINARY, fill
from tests.helpers.feed_store import make_config, serve_feeds

pytestmark = pytest.mark.e2e

NEWSBOAT = shutil.which("newsboat")


@pytest.fixture
def server(tmp_path):
    server = serve_feeds(tmp_path)
    yield server
    server.stop()
    server.store.close()


def reload(tmp_path, url: str) -> sqlite3.Connection:
    home = tmp_path / "home"
    for sub in (".config", ".local/share", ".cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (tmp_path / "urls").write_text(url + "\n")
    (tmp_path / "config").write_text("")
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TERM": "dumb",
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    result = subprocess.run(
        [NEWSBOAT, "-u", str(tmp_path / "urls"), "-c", str(tmp_path / "cache.db"), "-C", str(tmp_path / "config"),
         "-x", "reload"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return sqlite3.connect(tmp_path / "cache.db")


@pytest.mark.skipif(NEWSBOAT is None, reason="newsboat is not installed (apt-get install -y newsboat)")
@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_newsboat_subscribes_and_stores_full_items(tmp_path, server, fmt, caplog):
    caplog.set_level(logging.INFO, logger="feeds.server")
    url = f"{server.url}all.{fmt}"
    with closing(reload(tmp_path, url)) as db:
        feeds = db.execute("SELECT rssurl, title FROM rss_feed").fetchall()
        assert feeds == [(url, "Attaché: all articles")]
        rows = db.execute(
            "SELECT guid, title, author, url, pubDate, content FROM rss_item WHERE feedurl = ? ORDER BY guid",
            (url,),
        ).fetchall()
    items = {row[0]: row for row in rows}
    assert sorted(items) == [f"https://news.example.org/articles/{n}" for n in range(1, 6)]
    guid, title, author, link, pub_date, content = items["https://news.example.org/articles/1"]
    assert (title, author, link) == ("Defence cooperation story 1", "Reporter 1", guid)
    assert pub_date == int(datetime(2025, 3, 10, 11, 0, tzinfo=UTC).timestamp())
    assert "Full text of story 1" in content and "https://news.example.org/img/lead1.jpg" in content
    hostile = items["https://news.example.org/articles/2"]
    assert hostile[1] == "Esercitazione congiunta Italia–Azerbaigian"
    assert "<script" not in hostile[5] and "https://news.example.org/relative/page" in hostile[5]
    assert all(row[3] == row[0] for row in rows)  # the article link, never the image

    # newsboat 2.21 stores the validators on its second fetch of a feed and sends them from the third on.
    reload(tmp_path, url).close()
    caplog.clear()
    with closing(reload(tmp_path, url)) as db:
        assert db.execute("SELECT count(*) FROM rss_item").fetchone()[0] == 5
        etag = db.execute("SELECT etag FROM rss_feed").fetchone()[0]
    assert etag.startswith('"') and etag.endswith('-gz"')  # it asked for gzip and got it
    assert any(f"/all.{fmt} HTTP/1.1\" 304" in message for message in caplog.messages), caplog.messages


@pytest.mark.skipif(NEWSBOAT is None, reason="newsboat is not installed (apt-get install -y newsboat)")
def test_newsboat_imports_only_the_feeds_cooperation_items_support(tmp_path):
    """Issue 10: importing the OPML of 5 ordinary articles added 95 feeds; now one per published feed."""
    config = make_config(tmp_path)
    store = Store(config.database_url)
    fill(store, ORDINARY)
    report = publish(config, store)
    store.close()
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    urls = tmp_path / "urls"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TERM": "dumb",
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share")}
    result = subprocess.run([NEWSBOAT, "-u", str(urls), "-i", str(config.feeds_dir / "feeds.opml")], env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr + result.stdout
    imported = [line.split()[0] for line in urls.read_text().splitlines() if line.strip()]
    assert sorted(imported) == sorted(f"{config.public_base_url}{slug}.atom" for slug in report.feeds)
    pairs = [u for u in imported if "/pairs/" in u]
    assert len(pairs) == 2 and len(imported) < 20, imported


def test_newsboat_availability_is_reported():
    """Always runs, so a missing reader shows up in the summary with its reason rather than silently."""
    if NEWSBOAT is None:
        pytest.skip("newsboat is not installed: the reader tests above were skipped (apt-get install -y newsboat)")
    version = subprocess.run([NEWSBOAT, "--version"], capture_output=True, text=True, timeout=30).stdout
    assert version.startswith("newsboat ")
