"""WebSub: with ATTACHE_WEBSUB_HUB the feeds name the hub and self, and a publish pings a real loopback hub
(an HTTP server on 127.0.0.1 started here) once per changed feed, with its public URL."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import feedparser
import pytest

from feeds.publish import publish
from scraper.config import ConfigError, load_config
from scraper.store import Store
from tests.helpers.feed_store import add_article, fill_store, make_config


class Hub:
    """A loopback hub recording every POSTed form; `status` is what it answers."""

    def __init__(self) -> None:
        self.pings: list[dict[str, str]] = []
        self.status = 204
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                hub.pings.append(dict(parse_qsl(body)))
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub() -> Iterator[Hub]:
    server = Hub()
    try:
        yield server
    finally:
        server.close()


def test_publish_pings_the_hub_for_changed_feeds_only(tmp_path: Path, hub: Hub) -> None:
    config = make_config(tmp_path, ATTACHE_WEBSUB_HUB=hub.url, ATTACHE_PUBLIC_BASE_URL="https://feeds.example.org/a/")
    store = Store(config.database_url)
    fill_store(store)
    first = publish(config, store)
    feeds_written = sorted(p for p in first.written if p.endswith((".rss", ".atom", ".json")))
    assert feeds_written and sorted(p["hub.url"] for p in hub.pings) == sorted(
        f"https://feeds.example.org/a/{p}" for p in feeds_written)
    assert {p["hub.mode"] for p in hub.pings} == {"publish"}

    hub.pings.clear()
    publish(config, store)
    assert hub.pings == [], "nothing changed, nothing pinged"

    add_article(store, 40, source="bund-de", countries=["DE"], cooperation=[], language="de")
    third = publish(config, store)
    changed = sorted(f"https://feeds.example.org/a/{p}" for p in third.written
                     if p.endswith((".rss", ".atom", ".json")))
    assert "https://feeds.example.org/a/sources/bund-de.atom" in changed
    assert "https://feeds.example.org/a/sources/example-news.atom" not in changed
    assert sorted(p["hub.url"] for p in hub.pings) == changed
    store.close()


def test_feeds_name_the_hub_and_themselves(tmp_path: Path, hub: Hub) -> None:
    config = make_config(tmp_path, ATTACHE_WEBSUB_HUB=hub.url)
    store = Store(config.database_url)
    fill_store(store)
    publish(config, store)
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse((config.feeds_dir / f"all.{fmt}").read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        links = {(link["rel"], link["href"]) for link in parsed.feed.links}
        assert ("hub", hub.url) in links and ("self", f"http://127.0.0.1:8787/all.{fmt}") in links
    doc = json.loads((config.feeds_dir / "all.json").read_bytes())
    assert doc["hubs"] == [{"type": "WebSub", "url": hub.url}]
    assert doc["feed_url"] == "http://127.0.0.1:8787/all.json"
    store.close()


def test_without_a_hub_feeds_carry_no_hub_link(config, store: Store) -> None:  # type: ignore[no-untyped-def]
    publish(config, store)
    assert b'rel="hub"' not in (config.feeds_dir / "all.atom").read_bytes()
    assert "hubs" not in json.loads((config.feeds_dir / "all.json").read_bytes())


def test_a_hub_that_fails_is_a_warning_never_a_failed_publish(tmp_path: Path, hub: Hub,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    hub.status = 500
    closed = Hub()
    closed.close()  # nothing listens there any more
    for url in (hub.url, closed.url):
        config = make_config(tmp_path / url.split(":")[-1].split("/")[0], ATTACHE_WEBSUB_HUB=url)
        store = Store(config.database_url)
        fill_store(store)
        with caplog.at_level(logging.WARNING, logger="feeds.websub"):
            report = publish(config, store)
        assert report.written and (config.feeds_dir / "all.atom").is_file()
        store.close()
    messages = [r.getMessage() for r in caplog.records if r.name == "feeds.websub"]
    assert any(f"WebSub hub {hub.url} answered 500 for http://127.0.0.1:8787/all." in m for m in messages)
    assert any(m.startswith(f"WebSub hub {closed.url} not reached for ") for m in messages)


def test_a_hub_that_is_not_a_url_is_named() -> None:
    with pytest.raises(ConfigError, match="ATTACHE_WEBSUB_HUB must be an absolute http"):
        load_config(env={"ATTACHE_WEBSUB_HUB": "hub.example.org"})
