"""Spiders in process: start pages (listing, RSS/Atom, sitemaps, robots.txt) become article requests.

Each spider class comes from `spider_class_for(Source(...))` and a crawler from `get_crawler`;
responses are real Scrapy responses built from the fixture site's pages (tests/helpers/site_fixtures.py)
and the built-in sources' fixture files, with their request attached. Nothing is downloaded.
"""

from __future__ import annotations

import gzip
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.settings import Settings

from scraper import settings as project_settings
from scraper.items import PageItem
from scraper.middlewares import ARTICLE_KEY, LASTMOD_KEY, NEXT_PAGE_KEY
from scraper.normalise.dates import sitemap_date
from scraper.normalise.pubdate import url_day
from scraper.spiders.feed import FeedSourceSpider
from scraper.spiders.html import HtmlSourceSpider
from scraper.spiders.loader import CatalogSpiderLoader, spider_class_for
from scraper.spiders.sitemap import SitemapSourceSpider
from tests.helpers.hostile_site import gzip_bomb
from tests.helpers.scrapy_components import (
    BASE,
    OfflineSite,
    articles,
    call,
    component_crawler,
    follow,
    make_response,
    make_source,
    navigation,
    start_requests,
)
from tests.helpers.site_fixtures import (
    listing_html,
    make_articles,
    news_sitemap_xml,
    publish_site,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"


@pytest.fixture
def site() -> OfflineSite:
    """The fixture site's seven articles: listings of three, an RSS feed, a gzipped news sitemap under an index."""
    offline = OfflineSite()
    publish_site(offline, make_articles(7))  # type: ignore[arg-type]
    return offline


def spider_for(tmp_path: Path, **source_fields: object):  # type: ignore[no-untyped-def]
    crawler = component_crawler(make_source(**source_fields), tmp_path)  # type: ignore[arg-type]
    return crawler, crawler.spider


def response_to(request: Request, site: OfflineSite) -> Response:
    return site.respond(request)


# --- the spider classes ---------------------------------------------------------------------------
def test_spider_class_for_each_kind_is_named_after_the_source(tmp_path: Path) -> None:
    kinds = {"html": HtmlSourceSpider, "feed": FeedSourceSpider, "sitemap": SitemapSourceSpider}
    for kind, base in kinds.items():
        cls = spider_class_for(make_source("my-test_source", kind=kind))
        assert issubclass(cls, base) and cls.name == "my-test_source"
        assert cls.__name__ == "MyTestSourceSpider"
    crawler, spider = spider_for(tmp_path, allowed_domains=("cdn.example.org",))
    assert spider.allowed_domains == ["127.0.0.1", "cdn.example.org"]


def test_spider_loader_lists_catalog_sources_with_the_user_catalog(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """What `scrapy list` and `scrapy crawl <id>` see: built-in and user-catalog sources as spiders."""
    catalog = tmp_path / "sources.toml"
    catalog.write_text('[sources.test-feed]\nname = "Test feed"\nkind = "feed"\n'
                       f'start_urls = ["{BASE}/feed.xml"]\n\n[sources.mod-gov-az]\nenabled = false\n', "utf-8")
    loader = CatalogSpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["scraper.spiders"],
                                                         "ATTACHE_SOURCES": str(catalog)}))
    names = set(loader.list())
    assert {"test-feed", "difesa-smd-news-italia", "uk-mod"} <= names and "mod-gov-az" not in names
    spidercls = loader.load("test-feed")
    assert issubclass(spidercls, FeedSourceSpider) and spidercls.source.start_urls == (BASE + "/feed.xml",)
    catalog.write_text('[sources.test-feed]\nname = "Test feed"\nkind = "rss"\nstart_urls = ["https://x.org/"]\n')
    with pytest.raises(SystemExit) as info:
        CatalogSpiderLoader.from_settings(Settings({"SPIDER_MODULES": [], "ATTACHE_SOURCES": str(catalog)}))
    assert info.value.code == 2
    assert "key 'kind': must be one of html, feed, sitemap, got 'rss'" in capsys.readouterr().err


def test_start_requests_revalidate_every_start_url(tmp_path: Path) -> None:
    _, spider = spider_for(tmp_path, kind="feed", start=("/a.xml", "/b.xml"))
    requests = start_requests(spider)
    assert [r.url for r in requests] == [BASE + "/a.xml", BASE + "/b.xml"]
    for request in requests:
        assert request.headers.get("Cache-Control") == b"max-age=0"
        assert request.dont_filter and request.callback == spider.parse_start
        assert request.errback == spider.start_failed
    spider.attache_refused = True  # the crawl-run recorder refused the run: nothing is requested
    assert start_requests(spider) == []


# --- html listings --------------------------------------------------------------------------------
def test_listing_links_become_article_requests_with_canonical_keys(tmp_path: Path, site: OfflineSite) -> None:
    crawler, spider = spider_for(tmp_path)
    (start,) = start_requests(spider)
    outputs = call(start, response_to(start, site))
    found = articles(outputs)
    # newest first on the listing; the link's tracking parameter is kept in the URL but not in the key
    assert [r.url for r in found] == [BASE + f"/news/story-{n}.html?utm_source=listing" for n in (7, 6, 5)]
    assert [r.meta[ARTICLE_KEY] for r in found] == [BASE + f"/news/story-{n}.html" for n in (7, 6, 5)]
    for request in found:
        assert request.meta[LASTMOD_KEY] is None and request.meta["hints"] == {}
        assert request.meta["dont_cache"] is True
        assert request.callback == spider.parse_article and request.errback == spider.article_failed
    (next_page,) = navigation(outputs)  # /about.html does not match the article pattern
    assert next_page.url == BASE + "/news/page-2.html"
    assert next_page.meta[NEXT_PAGE_KEY] is True and next_page.cb_kwargs == {"page": 2}
    assert next_page.headers.get("Cache-Control") == b"max-age=0"
    assert crawler.stats.get_value("attache/start_ok") == 1


def test_pagination_stops_at_max_pages(tmp_path: Path, site: OfflineSite) -> None:
    crawler, _ = spider_for(tmp_path, max_pages=2)
    walk = follow(crawler, site)
    listings = [p for p in walk.fetched if not p.startswith("/news/story-")]
    assert listings == ["/news/", "/news/page-2.html"]
    assert sorted(item.url.rsplit("/", 1)[1] for item in walk.items) == [
        f"story-{n}.html?utm_source=listing" for n in (2, 3, 4, 5, 6, 7)]

    crawler, _ = spider_for(tmp_path / "all", max_pages=5)
    walk = follow(crawler, site)
    assert [p for p in walk.fetched if not p.startswith("/news/story-")] == [
        "/news/", "/news/page-2.html", "/news/page-3.html"]  # the last page has no next link
    assert len(walk.items) == 7


def test_listing_without_matching_links_warns_that_the_site_may_have_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler, spider = spider_for(tmp_path, article_pattern=r"/notizie/\d+$")
    (start,) = start_requests(spider)
    page = listing_html(make_articles(3), "/news/page-2.html")
    with caplog.at_level(logging.INFO):
        outputs = call(start, make_response(start.url, page, request=start))
    assert articles(outputs) == []
    assert "has the site changed?" in caplog.text and "/notizie/" in caplog.text
    assert crawler.stats.get_value("attache/start_ok") == 1  # the page was read; it just had no article


def test_a_listing_that_is_not_html_is_an_error_and_not_a_start(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    crawler, spider = spider_for(tmp_path)
    (start,) = start_requests(spider)
    pdf = make_response(start.url, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\x00\x01binary", "application/pdf", request=start)
    assert not isinstance(pdf, TextResponse)
    assert call(start, pdf) == []
    assert "is not an HTML page (Content-Type application/pdf)" in caplog.text
    assert crawler.stats.get_value("attache/start_ok") is None


def test_article_response_becomes_a_page_item_with_hints_and_http_charset(tmp_path: Path) -> None:
    _, spider = spider_for(tmp_path)
    request = spider.article_request(BASE + "/news/story-1.html?utm_source=x", {"title": "From the feed"})
    response = HtmlResponse(request.url, body="<html>é</html>".encode("cp1252"), request=request,
                            headers={"Content-Type": "text/html; charset=windows-1252"})
    (item,) = call(request, response)
    assert isinstance(item, PageItem)
    assert (item.url, item.body, item.source) == (request.url, response.body, "test-html")
    assert item.hints == {"title": "From the feed", "encoding": "cp1252"}
    assert request.meta["hints"] == {"title": "From the feed"}  # the request's hints are not changed


# --- feeds ----------------------------------------------------------------------------------------
def test_rss_entries_become_requests_with_the_entry_as_hints(tmp_path: Path, site: OfflineSite) -> None:
    crawler, spider = spider_for(tmp_path, kind="feed", start="/feed.xml")
    (start,) = start_requests(spider)
    response = response_to(start, site)
    outputs = call(start, response)
    found = articles(outputs)
    assert len(found) == 7 and navigation(outputs) == []
    newest = found[0]  # the feed lists newest first
    assert newest.url == newest.meta[ARTICLE_KEY] == BASE + "/news/story-7.html"
    hints = newest.meta["hints"]
    assert hints["title"] == "Italy and Azerbaijan hold sixth staff talks in Rome (report 7)"
    assert hints["summary"].startswith("Report number 7: delegations met")
    assert hints["published"] == datetime(2024, 3, 8, 7, 30, tzinfo=UTC)
    assert hints["language"] == "en"
    # RSS 2.0 items carry no update time: feedparser gives pubDate as `updated` too, and it is the lastmod
    assert newest.meta[LASTMOD_KEY] == hints["updated"] == hints["published"]
    assert crawler.stats.get_value("attache/start_ok") == 1


def test_atom_entries_filtered_by_pattern_with_updated_as_lastmod(tmp_path: Path) -> None:
    source_fields = {"kind": "feed", "start": "/government/organisations/ministry-of-defence.atom",
                     "article_pattern": r"/government/(news|speeches)/[^/?#]+$"}
    _, spider = spider_for(tmp_path, **source_fields)
    (start,) = start_requests(spider)
    atom = (FIXTURES / "uk-mod" / "feed.atom").read_text("utf-8").replace("{base}", BASE)
    response = make_response(start.url, atom, "application/atom+xml; charset=utf-8", request=start)
    assert isinstance(response, XmlResponse)
    found = articles(call(start, response))
    assert [r.url.removeprefix(BASE) for r in found] == [  # the publication entry is not an article
        "/government/news/uk-and-italy-strengthen-defence-ties-on-future-combat-air",
        "/government/speeches/defence-secretary-speech-at-lancaster-house",
    ]
    news = found[0]
    assert news.meta[LASTMOD_KEY] == datetime(2024, 3, 12, 11, 0, tzinfo=UTC)
    assert news.meta["hints"]["updated"] == news.meta[LASTMOD_KEY]
    assert news.meta["hints"]["title"] == "UK and Italy strengthen defence ties on future combat air"
    assert news.meta["hints"]["language"] == "en-GB"


def test_feed_authors_tags_relative_links_and_a_link_less_entry(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    _, spider = spider_for(tmp_path, kind="feed", start="/feed.atom")
    (start,) = start_requests(spider)
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>t</id><updated>2024-05-01T10:00:00Z</updated>
<entry><id>1</id><title>Joint exercise</title><link href="/news/joint-exercise.html"/>
<published>2024-05-01T08:00:00+02:00</published><updated>2024-05-02T09:00:00Z</updated>
<author><name>Anna Rossi</name></author><author><name>Luca Bianchi</name></author>
<category term="navy"/><category term="training"/></entry>
<entry><id>tag:127.0.0.1,2024:/news/no-link</id><title>No link: feedparser offers the id instead</title></entry>
</feed>"""
    (request,) = articles(call(start, make_response(start.url, atom, "application/atom+xml", request=start)))
    assert request.url == BASE + "/news/joint-exercise.html"
    hints = request.meta["hints"]
    assert hints["authors"] == ["Anna Rossi", "Luca Bianchi"] and hints["tags"] == ["navy", "training"]
    assert hints["published"] == datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    assert request.meta[LASTMOD_KEY] == hints["updated"] == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    assert "'tag:127.0.0.1,2024:/news/no-link' is not a web page; skipped" in caplog.text


def test_unreadable_feed_is_an_error_and_not_a_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    crawler, spider = spider_for(tmp_path, kind="feed", start="/feed.xml")
    (start,) = start_requests(spider)
    broken = make_response(start.url, "<html><body><p>Service unavailable</p>", "text/html", request=start)
    assert call(start, broken) == []
    assert "not a readable feed" in caplog.text
    assert crawler.stats.get_value("attache/start_ok") is None


# --- sitemaps -------------------------------------------------------------------------------------
def test_sitemap_index_leads_to_gzipped_news_sitemap_with_news_hints_newest_first(
    tmp_path: Path, site: OfflineSite
) -> None:
    crawler, spider = spider_for(tmp_path, kind="sitemap", start="/sitemap.xml")
    (start,) = start_requests(spider)
    index = call(start, response_to(start, site))
    assert articles(index) == []
    (child,) = index
    assert child.url == BASE + "/sitemap-news.xml.gz" and child.cb_kwargs == {"depth": 1}
    assert child.headers.get("Cache-Control") == b"max-age=0"
    assert crawler.stats.get_value("attache/start_ok") == 1

    response = response_to(child, site)
    assert type(response) is Response  # gzip: not a text response; the spider gunzips it
    found = articles(call(child, response))
    assert [r.url.removeprefix(BASE) for r in found] == [f"/news/story-{n}.html" for n in range(7, 0, -1)]
    first = found[0]
    published = datetime(2024, 3, 8, 7, 30, tzinfo=UTC)
    assert first.meta[LASTMOD_KEY] == published
    assert first.meta["hints"] == {
        "title": "Italy and Azerbaijan hold sixth staff talks in Rome (report 7)", "published": published,
        "language": "en", "tags": ["defence", "cooperation"], "publisher": "Test ministry", "updated": published,
    }


def test_sitemap_entries_ordered_by_lastmod_and_filtered_by_pattern(tmp_path: Path) -> None:
    _, spider = spider_for(tmp_path, kind="sitemap", start="/sitemap.xml", article_pattern=r"/news/")
    (start,) = start_requests(spider)
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{b}/news/old.html</loc><lastmod>2024-01-01</lastmod></url>
<url><loc>{b}/news/undated.html</loc></url>
<url><loc>{b}/about/team.html</loc><lastmod>2024-12-01</lastmod></url>
<url><loc>{b}/news/newest.html</loc><lastmod>2024-06-01T12:00:00+02:00</lastmod></url>
<url><loc>{b}/news/middle.html</loc><lastmod>2024-03-01</lastmod></url>
</urlset>""".replace("{b}", BASE)
    found = articles(call(start, make_response(start.url, xml, "application/xml", request=start)))
    assert [r.url.rsplit("/", 1)[1] for r in found] == ["newest.html", "middle.html", "old.html", "undated.html"]
    assert found[0].meta[LASTMOD_KEY] == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert found[0].meta["hints"] == {"updated": found[0].meta[LASTMOD_KEY]}  # no news block: lastmod only
    assert found[-1].meta[LASTMOD_KEY] is None and found[-1].meta["hints"] == {}


def test_sitemap_index_follows_the_newest_max_pages_and_stops_at_depth_two(tmp_path: Path) -> None:
    _, spider = spider_for(tmp_path, kind="sitemap", start="/sitemap.xml", max_pages=2)
    (start,) = start_requests(spider)
    index = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{b}/sitemap-2023.xml</loc><lastmod>2023-12-31</lastmod></sitemap>
<sitemap><loc>{b}/sitemap-2025.xml</loc><lastmod>2025-01-31</lastmod></sitemap>
<sitemap><loc>{b}/sitemap-2024.xml</loc><lastmod>2024-12-31</lastmod></sitemap>
</sitemapindex>""".replace("{b}", BASE)
    followed = call(start, make_response(start.url, index, "application/xml", request=start))
    assert [r.url.removeprefix(BASE) for r in followed] == ["/sitemap-2025.xml", "/sitemap-2024.xml"]
    assert [r.cb_kwargs for r in followed] == [{"depth": 1}, {"depth": 1}]
    deeper = call(followed[0], make_response(followed[0].url, index, "application/xml", request=followed[0]))
    assert [r.cb_kwargs for r in deeper] == [{"depth": 2}, {"depth": 2}]
    assert call(deeper[0], make_response(deeper[0].url, index, "application/xml", request=deeper[0])) == []


# Which entries first: a site-wide sitemap (NATO's lists every page back to 1946, `<lastmod>` unknown) is
# cut to the article pattern before any date is read, and ordered by publication time (`<news:...>` date,
# else the day the URL writes) before `<lastmod>`, which a relaunched site may set to the migration date.
def sitemap_articles(tmp_path: Path, xml: str, **source_fields: object) -> list[Request]:
    """The article requests the sitemap spider makes of `xml` answered at /sitemap.xml."""
    _, spider = spider_for(tmp_path, kind="sitemap", start="/sitemap.xml", **source_fields)
    (start,) = start_requests(spider)
    return articles(call(start, make_response(start.url, xml.replace("{b}", BASE), "application/xml",
                                              request=start)))


def test_entries_without_lastmod_go_by_the_day_in_their_url(tmp_path: Path) -> None:
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{b}/en/news/2019/05/02/old-story</loc></url>
<url><loc>{b}/en/news/undated-story</loc></url>
<url><loc>{b}/en/news/2026/02/11/newest-story</loc></url>
<url><loc>{b}/en/transcripts/2026/03/01/press-conference</loc></url>
<url><loc>{b}/en/news/2025/01/14/middle-story</loc></url>
</urlset>"""
    found = sitemap_articles(tmp_path, xml, article_pattern=r"/en/news/")
    assert [r.url.removeprefix(BASE) for r in found] == [
        "/en/news/2026/02/11/newest-story", "/en/news/2025/01/14/middle-story", "/en/news/2019/05/02/old-story",
        "/en/news/undated-story"]
    assert all(r.meta[LASTMOD_KEY] is None and r.meta["hints"] == {} for r in found)  # the URL day is only an order


def test_publication_time_beats_a_migration_lastmod(tmp_path: Path) -> None:
    """Every page re-stamped at the relaunch (lastmod 2025-06-30): the URL day still orders them."""
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{b}/en/news/2003/04/01/migrated</loc><lastmod>2025-06-30T10:00:00Z</lastmod></url>
<url><loc>{b}/en/news/2026/11/20/recent</loc><lastmod>2026-11-20T09:00:00Z</lastmod></url>
<url><loc>{b}/en/news/2025/06/01/edited</loc><lastmod>2026-11-25T09:00:00Z</lastmod></url>
<url><loc>{b}/en/news/no-day-in-url</loc><lastmod>2026-01-01</lastmod></url>
</urlset>"""
    found = sitemap_articles(tmp_path, xml, article_pattern=r"/en/news/")
    assert [r.url.rsplit("/", 1)[1] for r in found] == ["recent", "no-day-in-url", "edited", "migrated"]
    assert found[2].meta[LASTMOD_KEY] == datetime(2026, 11, 25, 9, tzinfo=UTC)  # kept for re-fetch decisions


def test_news_publication_date_orders_before_the_url_day(tmp_path: Path) -> None:
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{b}/a/2026/01/01/written-early</loc>
  <news:news><news:publication_date>2026-11-29T08:00:00+01:00</news:publication_date><news:title>A</news:title></news:news></url>
<url><loc>{b}/a/2026/11/28/written-late</loc></url>
</urlset>"""
    found = sitemap_articles(tmp_path, xml)
    assert [r.url.rsplit("/", 1)[1] for r in found] == ["written-early", "written-late"]
    assert found[0].meta["hints"]["published"] == datetime(2026, 11, 29, 7, tzinfo=UTC)


def test_entries_outside_the_pattern_are_dropped_before_their_dates_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site-wide sitemap costs one date reading per matching entry, not one per page of the site."""
    read: list[str | None] = []

    def counting(value: str | None) -> datetime | None:
        read.append(value)
        return sitemap_date(value)

    monkeypatch.setattr("scraper.spiders.sitemap.sitemap_date", counting)
    pages = "".join(f"<url><loc>{{b}}/en/page-{n}</loc><lastmod>2026-01-{1 + n % 28:02d}</lastmod></url>"
                    for n in range(500))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + pages + "<url><loc>{b}/en/news/2026/11/29/the-one</loc><lastmod>2026-11-29</lastmod></url></urlset>")
    found = sitemap_articles(tmp_path, xml, article_pattern=r"/en/news/\d{4}/")
    assert [r.url.removeprefix(BASE) for r in found] == ["/en/news/2026/11/29/the-one"]
    assert read == ["2026-11-29"]


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.nato.int/en/news-and-events/articles/news/2026/02/11/arctic-sentry",
     datetime(2026, 2, 11, tzinfo=UTC)),
    ("https://example.org/2024-03-07-staff-talks.html", datetime(2024, 3, 7, tzinfo=UTC)),
    ("https://example.org/news/2024/13/45/not-a-day", None),
    ("https://www.difesa.it/smd/casmd/eventi/defence-cooperation-initiative-staff-talks-2025/74587.html", None),
])
def test_url_day(url: str, day: datetime | None) -> None:
    assert url_day(url) == day


def test_robots_txt_start_url_follows_its_sitemaps(tmp_path: Path, site: OfflineSite) -> None:
    crawler, spider = spider_for(tmp_path, kind="sitemap", start="/robots.txt")
    (start,) = start_requests(spider)
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {BASE}/sitemap.xml\nSitemap: /sitemap-news.xml.gz\n"
    response = make_response(start.url, robots, "text/plain", request=start)
    assert isinstance(response, TextResponse)
    sitemaps = call(start, response)
    assert [r.url for r in sitemaps] == [BASE + "/sitemap.xml", BASE + "/sitemap-news.xml.gz"]
    assert all(r.cb_kwargs == {"depth": 0} and r.headers.get("Cache-Control") == b"max-age=0" for r in sitemaps)
    assert crawler.stats.get_value("attache/start_ok") == 1
    site.add("/robots.txt", robots, "text/plain")
    walk = follow(crawler, site)  # the whole way: robots.txt, the index, the news sitemap (twice), articles
    assert walk.fetched[:4] == ["/robots.txt", "/sitemap.xml", "/sitemap-news.xml.gz", "/sitemap-news.xml.gz"]
    assert len(walk.items) == 14 and len({item.url for item in walk.items}) == 7


def test_unreadable_sitemap_is_an_error_and_not_a_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    crawler, spider = spider_for(tmp_path, kind="sitemap", start="/sitemap.xml")
    (start,) = start_requests(spider)
    garbage = make_response(start.url, gzip.compress(b"\x00\x01 not xml"), "application/x-gzip", request=start)
    assert call(start, garbage) == []
    assert "not a readable sitemap" in caplog.text
    assert crawler.stats.get_value("attache/start_ok") is None


def test_a_gzipped_sitemap_or_feed_is_read_within_download_maxsize(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A gzip bomb (256 MiB once expanded, 256 KB here) is read no further than DOWNLOAD_MAXSIZE, as Scrapy's
    SitemapSpider reads it (before: gunzip without max_size expanded it whole); a gzipped sitemap or feed under
    the bound is read as before, and one over DOWNLOAD_WARNSIZE is logged."""
    bomb = gzip_bomb(256 << 20)
    bounds = {name: getattr(project_settings, name) for name in ("DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE")}
    for kind in ("sitemap", "feed"):
        crawler = component_crawler(make_source(kind=kind, start="/start.xml.gz"), tmp_path / kind, **bounds)
        spider = crawler.spider
        (start,) = start_requests(spider)
        caplog.clear()
        assert call(start, make_response(start.url, bomb, "application/x-gzip", request=start)) == []
        assert f"{kind} {start.url}: over DOWNLOAD_MAXSIZE (16777216 B) once decompressed" in caplog.text
        assert crawler.stats.get_value("attache/decompression_over_maxsize") == 1
        assert crawler.stats.get_value("attache/start_ok") is None
    crawler = component_crawler(make_source(kind="sitemap", start="/sitemap-news.xml.gz"), tmp_path / "good", **bounds)
    (start,) = start_requests(crawler.spider)
    padded = news_sitemap_xml(make_articles(7), BASE).replace("<urlset", " " * (5 << 20) + "<urlset", 1)
    caplog.clear()
    requests = call(start, make_response(start.url, gzip.compress(padded.encode()), "application/x-gzip",
                                         request=start))
    assert len(requests) == 7
    assert "over DOWNLOAD_WARNSIZE (4194304 B)" in caplog.text
