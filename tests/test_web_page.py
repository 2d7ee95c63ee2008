"""The web page over HTTP (no browser): the search page and the feed URL it shows give the same items, a bad
filter is named, the story page lists a story's reports, hostile text stays text, and the XSLT stylesheet
turns the published RSS and Atom into a page (lxml's XSLT processor) while feedparser still reads them;
a real `attache serve` answers the index, story and search pages."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from feeds.publish import publish
from feeds.server import FeedServer, make_server
from scraper.store import Store
from tests.helpers.feed_store import make_config
from tests.helpers.processes import ServeProcess, run_attache
from tests.helpers.web_store import HOSTILE_SUMMARY, HOSTILE_TITLE, STORY_URLS, fill_web_store


@pytest.fixture
def served(tmp_path: Path) -> Iterator[FeedServer]:
    config = make_config(tmp_path)
    store = Store(config.database_url)
    fill_web_store(store)
    publish(config, store)
    server = make_server(config, store, port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        store.close()


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_search_shows_the_items_of_the_feed_url_it_shows(served: FeedServer) -> None:
    status, body, headers = get(served.url + "search?q=&country=IT&lang=&source=difesa-it&since=2025-03-01")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src" not in headers["Content-Security-Policy"] and "default-src 'none'" in headers[
        "Content-Security-Policy"]
    page = lxml_html.fromstring(body)
    feed_url = page.xpath('string(//code[@id="feed-url"])')
    assert feed_url == "http://127.0.0.1:8787/all.atom?country=IT&since=2025-03-01T00%3A00%3A00%2B00%3A00&source=difesa-it"
    links = page.xpath('//ul[@class="items"]/li/a[@class="title"]/@href')
    assert links and STORY_URLS[1] in links
    assert page.xpath('//select[@name="source"]/option[@selected]/@value') == ["difesa-it"]
    # The same query on this server (the shown URL names the configured public address).
    status, feed, _headers = get(served.url + feed_url.removeprefix("http://127.0.0.1:8787/"))
    parsed = feedparser.parse(feed)
    assert status == 200 and parsed.bozo == 0 and [e.link for e in parsed.entries] == links


def test_a_bad_filter_is_named_on_the_page(served: FeedServer) -> None:
    status, body, _headers = get(served.url + "search?pair=AZ&q=frigate")
    page = lxml_html.fromstring(body)
    assert status == 400
    assert page.xpath('string(//p[@class="error"])').startswith("pair must be two different ISO 3166-1 alpha-2 codes")
    assert page.xpath('//input[@name="q"]/@value') == ["frigate"], "the form keeps what was typed"


def test_the_story_page_lists_every_report(served: FeedServer) -> None:
    status, body, _headers = get(served.url + "index.html")
    index = lxml_html.fromstring(body)
    story_links = index.xpath('//section[@id="latest"]//a[starts-with(@href, "story?")]/@href')
    assert story_links == [f"story?id={quote(STORY_URLS[0], safe='')}"]
    status, body, _headers = get(served.url + story_links[0])
    page = lxml_html.fromstring(body)
    assert status == 200
    assert page.xpath('//ul[contains(@class, "reports")]/li/a/@href') == list(STORY_URLS)
    assert "Italy and Azerbaijan sign military education MoU" in page.xpath("string(//h1)")
    status, _body, _headers = get(served.url + "story?id=https%3A%2F%2Fnowhere.example%2F")
    assert status == 404


def test_hostile_text_is_shown_as_text(served: FeedServer) -> None:
    for path in ("index.html", "search?q=hostile"):
        status, body, _headers = get(served.url + path)
        page = lxml_html.fromstring(body)
        assert status == 200 and not page.xpath("//script") and not page.xpath("//*[@onerror]")
        assert not page.xpath('//a[starts-with(@href, "javascript:")]')
        text = page.text_content()
        assert HOSTILE_TITLE in text and HOSTILE_SUMMARY in text


def test_the_stylesheet_turns_published_feeds_into_a_page(served: FeedServer) -> None:
    root = served.config.feeds_dir
    transform = etree.XSLT(etree.parse(str(root / "feed.xsl")))
    for path, href in (("all.rss", "feed.xsl"), ("all.atom", "feed.xsl"), ("sources/difesa-it.atom", "../feed.xsl")):
        data = (root / path).read_bytes()
        assert f'<?xml-stylesheet type="text/xsl" href="{href}"?>'.encode() in data.split(b"\n")[1]
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0 and parsed.entries
        page = lxml_html.fromstring(str(transform(etree.fromstring(data))))
        titles = page.xpath("//article/h2/a/text()")
        assert titles == [e.title for e in parsed.entries]
        assert not page.xpath("//script") and not page.xpath("//*[@onerror]")
        assert page.xpath('string(//p[@class="note"]/code)') == f"http://127.0.0.1:8787/{path}"
    assert HOSTILE_TITLE in etree.tostring(transform(etree.parse(str(root / "all.atom"))), encoding=str, method="text")
    status, _body, headers = get(served.url + "feed.xsl")
    assert status == 200 and headers["Content-Type"] == "text/xsl; charset=utf-8"
    json_feed = (root / "all.json").read_bytes()
    assert json_feed.startswith(b"{"), "JSON Feed has no stylesheet"


@pytest.mark.e2e
def test_attache_serve_answers_the_pages(attache_env: dict[str, str]) -> None:
    store = Store(attache_env["ATTACHE_DATABASE_URL"])
    fill_web_store(store)
    store.close()
    assert run_attache(attache_env, "publish", "--quiet").returncode == 0
    with ServeProcess(attache_env, "--port", "0") as server:  # serve may republish for its port first
        url = server.started()
        index = lxml_html.fromstring(get(url)[1])
        story = index.xpath('//section[@id="latest"]//a[starts-with(@href, "story?")]/@href')[0]
        status, body, _headers = get(url + story)
        assert status == 200
        assert lxml_html.fromstring(body).xpath('//ul[contains(@class, "reports")]/li/a/@href') == list(STORY_URLS)
        status, body, _headers = get(url + "search?q=hostile")
        assert status == 200 and HOSTILE_TITLE in lxml_html.fromstring(body).text_content()
        assert server.stop() == 0, server.lines
