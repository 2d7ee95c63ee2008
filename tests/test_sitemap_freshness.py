"""Which sitemap entries a crawl asks for first: matching entries only, newest publication first.

A site-wide sitemap (NATO's lists every page back to 1946, without saying whether it has `<lastmod>`) is
cut to the source's `article_pattern` before any date is read, and ordered by the publication time the
sitemap gives (`<news:publication_date>`) or the day the URL writes, before `<lastmod>`: a relaunched site
may stamp every migrated page with the migration date. In process, real Scrapy responses, nothing downloaded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.middlewares import LASTMOD_KEY
from scraper.normalise.pubdate import url_day
from scraper.spiders import sitemap as sitemap_module
from tests.helpers.scrapy_components import (
    BASE,
    articles,
    call,
    component_crawler,
    make_response,
    make_source,
    start_requests,
)


def sitemap_articles(tmp_path: Path, xml: str, **source_fields: object) -> list:  # type: ignore[type-arg]
    crawler = component_crawler(make_source(kind="sitemap", start="/sitemap.xml", **source_fields), tmp_path)
    (start,) = start_requests(crawler.spider)
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
    real = sitemap_module.sitemap_date

    def counting(value: str | None) -> datetime | None:
        read.append(value)
        return real(value)

    monkeypatch.setattr(sitemap_module, "sitemap_date", counting)
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
