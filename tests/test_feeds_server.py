"""The HTTP server over real HTTP on 127.0.0.1: types, validators, 304, gzip, HEAD, filters, traversal."""

from __future__ import annotations

import gzip
import http.client
import json
import os
from contextlib import ExitStack
from datetime import timedelta

import feedparser
import pytest

from feeds.publish import publish
from scraper.store import Store
from tests.helpers.databases import DATABASES, fresh_postgres
from tests.helpers.feed_store import NOW, add_article, fill_store, make_config, serve_feeds
from tests.helpers.processes import ServeProcess


@pytest.fixture(scope="module", params=DATABASES)
def served(tmp_path_factory, request):
    """A published site shared by the read-only tests, its store on SQLite, then on a PostgreSQL database of its own
    (the filters are SQL: `scraper.store.feed_queries`)."""
    with ExitStack() as stack:
        url = stack.enter_context(fresh_postgres()) if request.param == "postgresql" else None
        server = serve_feeds(tmp_path_factory.mktemp("served"), url)
        yield server
        server.stop()
        server.store.close()


@pytest.fixture
def fresh(tmp_path):
    """A site of its own, for tests that change the store or the files."""
    server = serve_feeds(tmp_path)
    yield server
    server.stop()
    server.store.close()


def get(server, path: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request(method, path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_binds_loopback_by_default(served):
    assert served.server_address[0] == "127.0.0.1"
    assert served.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(("path", "content_type"), [
    ("/all.rss", "application/rss+xml"),
    ("/sources/bund-de.atom", "application/atom+xml"),
    ("/lang/it.json", "application/feed+json"),
    ("/feeds.opml", "text/x-opml"),
    ("/index.html", "text/html"),
    ("/", "text/html"),
])
def test_content_types(served, path, content_type):
    status, headers, body = get(served, path)
    assert status == 200
    assert headers["content-type"].split(";")[0] == content_type
    assert int(headers["content-length"]) == len(body) > 0
    assert headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
    on_disk = served.config.feeds_dir / ("index.html" if path == "/" else path.lstrip("/"))
    assert body == on_disk.read_bytes()


def test_200_then_304_with_either_validator(served):
    status, headers, _ = get(served, "/all.atom")
    assert status == 200
    status, again, body = get(served, "/all.atom", If_None_Match=headers["etag"])
    assert (status, body) == (304, b"") and again["etag"] == headers["etag"]
    status, _, body = get(served, "/all.atom", If_Modified_Since=headers["last-modified"])
    assert (status, body) == (304, b"")
    assert get(served, "/all.atom", If_None_Match='"stale"')[0] == 200
    assert get(served, "/all.atom", If_Modified_Since="Mon, 01 Jan 2001 00:00:00 GMT")[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110)
    assert get(served, "/all.atom", If_None_Match='"stale"', If_Modified_Since=headers["last-modified"])[0] == 200


def test_republish_keeps_validators_and_a_change_moves_them(fresh):
    served = fresh
    _, before, _ = get(served, "/all.rss")
    publish(served.config, served.store)
    _, same, _ = get(served, "/all.rss")
    assert (same["etag"], same["last-modified"]) == (before["etag"], before["last-modified"])
    add_article(served.store, 40, published=NOW + timedelta(minutes=5))
    mtime = (served.config.feeds_dir / "all.rss").stat().st_mtime
    os.utime(served.config.feeds_dir / "all.rss", (mtime - 10, mtime - 10))
    publish(served.config, served.store)
    status, changed, body = get(served, "/all.rss", If_None_Match=before["etag"])
    assert status == 200 and changed["etag"] != before["etag"] and b"/articles/40" in body


def test_gzip_when_asked(served):
    _, plain_headers, plain = get(served, "/all.atom")
    status, headers, body = get(served, "/all.atom", Accept_Encoding="gzip, deflate")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain and len(body) < len(plain)
    assert headers["vary"] == "Accept-Encoding" and headers["etag"] != plain_headers["etag"]
    status, _, _ = get(served, "/all.atom", Accept_Encoding="gzip", If_None_Match=headers["etag"])
    assert status == 304
    assert "content-encoding" not in get(served, "/all.atom", Accept_Encoding="gzip;q=0")[1]


def test_head_sends_headers_only(served):
    _, full_headers, full = get(served, "/all.json")
    status, headers, body = get(served, "/all.json", method="HEAD")
    assert status == 200 and body == b""
    assert headers["content-length"] == str(len(full)) and headers["etag"] == full_headers["etag"]
    assert get(served, "/all.json?lang=it", method="HEAD")[2] == b""


def entry_ids(body: bytes) -> list[str]:
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    return [e.id.rsplit("/", 1)[1] for e in parsed.entries]


@pytest.mark.parametrize(("query", "expected"), [
    ("q=frigate", ["3", "1", "5"]),  # body text
    ("q=FREGATA", ["2"]),  # case-insensitive
    ("q=congiunta+fregata", ["2"]),  # title and body, every word
    ("q=story+fregata", []),
    ("q=frig*", ["3", "1", "5"]),  # a prefix
    ("q=frigat", []),  # whole words
    ("q=%22frigate+exercise%22", ["3", "1", "5"]),  # a phrase
    ("q=%22exercise+frigate%22", []),  # in its order
    ("q=%22sulla+freg%22*", ["2"]),  # a phrase ending in a prefix
    ("q=italia+AZERBAIGIAN", ["2"]),  # words split at the control characters of the hostile title
    ("q=frigate%22+OR+%22fregata", []),  # query syntax is text: the phrase "frigate or fregata"
    ("q=NEAR(frigate+training)", []),
    ("q=title:frigate", []),
    ("q=frigate+*+%5E", ["3", "1", "5"]),  # terms without a letter or digit are left out
    ("country=DE", ["3"]),
    ("country=it", ["1", "2", "5"]),  # publisher country or country of subject
    ("country=AZ,IT", ["1", "2", "5"]),
    ("lang=it-IT", ["2"]),
    ("source=bund-de", ["3"]),
    ("since=2025-03-10T10:30:00%2B00:00", ["3", "1"]),
    ("since=2025-03-10", ["3", "1", "2", "4", "5"]),
    ("limit=2", ["3", "1"]),
    ("country=GB&lang=en&limit=1", ["1"]),
    ("kind=exercise", ["1", "2", "4", "5"]),  # every cooperation item here reports an exercise; 3 is none
    ("kind=Staff-Talks", []),
])
def test_filters(served, query, expected):
    status, headers, body = get(served, f"/all.atom?{query}")
    assert status == 200, body
    assert headers["content-type"].startswith("application/atom+xml")
    assert entry_ids(body) == expected


def test_filters_narrow_the_feed_of_the_url_and_keep_caching(served):
    status, headers, body = get(served, "/sources/example-news.rss?country=IT")
    assert status == 200 and entry_ids(body) == ["1", "5"]
    assert b'href="http://127.0.0.1:8787/sources/example-news.rss?country=IT" rel="self"' in body
    assert get(served, "/sources/example-news.rss?country=IT", If_None_Match=headers["etag"])[0] == 304
    assert get(served, "/sources/example-news.rss?country=IT", If_Modified_Since=headers["last-modified"])[0] == 304
    _, gz_headers, gz = get(served, "/sources/example-news.rss?country=IT", Accept_Encoding="gzip")
    assert gzip.decompress(gz) == body
    status, _, body = get(served, "/lang/it.json?q=nothing-matches-this")
    assert status == 200 and json.loads(body)["items"] == []


@pytest.mark.parametrize(("query", "message"), [
    ("limit=0", b"limit must be a whole number from 1 to 50"),
    ("limit=many", b"limit must be a whole number"),
    ("since=yesterday", b"since must be an ISO 8601 date"),
    ("country=Italy", b"country must be ISO 3166-1 alpha-2"),
    ("lang=klingon", b"lang must be a language code"),
    ("source=../x", b"source must be a source id"),
    ("kind=parade", b"kind must be one of staff_talks, agreement"),
    ("sort=asc", b"unknown parameter 'sort'"),
    ("q=a&q=b", b"parameter 'q' given more than once"),
    ("q=", b"parameter 'q' is empty"),
    ("q=%25+*+%22%22", b"q has no word to search for (letters or digits)"),
    ("q=" + "+".join("abcdefghijk"), b"q takes at most 10 words or quoted phrases"),
])
def test_bad_parameters_get_400_with_a_clear_message(served, query, message):
    status, headers, body = get(served, f"/all.rss?{query}")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert message in body


def test_filters_only_on_feed_urls(served):
    status, _, body = get(served, "/index.html?q=x")
    assert status == 400 and b"feed URLs only" in body


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd",
    "/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/sources/..%2F..%2F..%2F..%2Fetc/passwd",
    "/..%5c..%5cetc%5cpasswd",
    "/%00/etc/passwd",
    "/.publish.lock",
    "/all.rss%ff",
    "/sources",
])
def test_traversal_and_hidden_files_refused(served, path):
    (served.config.data_dir / "secret.txt").write_text("root:secret")
    for probe in (path, path.replace("etc/passwd", "secret.txt").replace("etc%2fpasswd", "secret.txt")):
        status, _, body = get(served, probe)
        assert status == 404, probe
        assert b"root:" not in body


def test_unknown_paths_404_and_unpublished_feeds_render_from_the_store(fresh):
    served = fresh
    assert get(served, "/nothing.rss")[0] == 404
    assert get(served, "/sources/bad%20id.rss")[0] == 404
    assert get(served, "/sources/no-such-source.rss")[0] == 404  # valid name, nothing stored
    (served.config.feeds_dir / "from/DE.atom").unlink()
    status, headers, body = get(served, "/from/DE.atom")
    assert status == 200 and entry_ids(body) == ["3"] and headers["etag"]
    assert get(served, "/all.rss", method="POST")[0] == 501


@pytest.mark.e2e
def test_attache_serve_command(tmp_path):
    """`attache serve --port 0` in a real subprocess: prints its URL, serves, stops on Ctrl-C."""
    config = make_config(tmp_path)
    store = Store(config.database_url)
    fill_store(store)
    store.close()
    env = {**os.environ, "ATTACHE_DATA_DIR": str(config.data_dir), "ATTACHE_PUBLIC_BASE_URL": config.public_base_url}
    with ServeProcess(env, "--port", "0") as server:
        url = server.started()
        assert url.startswith("http://127.0.0.1:"), server.lines
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", "/all.atom?lang=de")  # nothing published yet: answered from the store
        response = conn.getresponse()
        assert response.status == 200 and entry_ids(response.read()) == ["3"]
        conn.close()
        assert server.stop() == 0, server.lines
