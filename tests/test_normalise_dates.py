"""Publication times: written-out offsets, date-only pages with a timed hint, the source's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scraper.normalise import normalise
from scraper.normalise.dates import parse_date, sitemap_date
from scraper.sources import Source
from scraper.spiders.news_sitemap import news_fields

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
BAKU = timedelta(hours=4)


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def source(zone: str | None, language: str = "en") -> Source:
    return Source(id="s", name="S", kind="feed", start_urls=("https://news.example/rss",), language=language,
                  timezone=zone)


@pytest.mark.parametrize("text", [
    "13 October 2023 10:15 +04:00",
    "13 October 2023 10:15 (UTC+04:00)",
    "13 October 2023 10:15 UTC+04:00",
    "13 October 2023, 10:15 GMT+4",
    "13.10.2023 10:15 +04:00",
    "2023-10-13 10:15 UTC+04:00",
    "2023-10-13T10:15:00 (UTC+04:00)",
])
def test_written_offset_is_kept(text: str) -> None:
    parsed = parse_date(text, language="en", now=NOW)
    assert parsed is not None and parsed.has_offset and parsed.has_time
    assert parsed.value == datetime(2023, 10, 13, 6, 15, tzinfo=UTC)
    assert parsed.value.utcoffset() == BAKU


@pytest.mark.parametrize(("text", "language", "offset"), [
    ("13. Oktober 2023 um 10:15 Uhr MESZ", "de", 2),
    ("October 13, 2023 10:15 am EDT", "en", -4),
    ("13 октября 2023 в 10:15 MSK", "ru", 3),
    ("13 October 2023 10:15 UTC", "en", 0),
])
def test_zone_abbreviations(text: str, language: str, offset: int) -> None:
    parsed = parse_date(text, language=language, now=NOW)
    assert parsed is not None and parsed.has_offset
    assert parsed.value == datetime(2023, 10, 13, 10, 15, tzinfo=UTC) - timedelta(hours=offset)


def test_lowercase_word_after_a_time_is_no_zone() -> None:
    # "ist" (German "is") must not be read as India Standard Time.
    parsed = parse_date("13. Oktober 2023 um 10:15 Uhr ist", language="de", now=NOW)
    assert parsed is not None and not parsed.has_offset
    assert parsed.value == datetime(2023, 10, 13, 10, 15, tzinfo=UTC)


def test_azernews_style_page_date_agrees_with_the_feed() -> None:
    pub_date = datetime(2023, 10, 13, 6, 15, tzinfo=UTC)  # the feed's (correct) pubDate
    article = normalise(page("azernews-style.html"), "https://www.azernews.example/politics/1", now=NOW,
                        hints={"published": pub_date})
    assert article.published == pub_date
    assert article.published.utcoffset() == BAKU


def test_date_only_page_keeps_the_hints_time_on_the_same_day() -> None:
    hint = datetime(2024, 3, 13, 9, 40, tzinfo=UTC)
    article = normalise(page("date-only.html"), "https://navy.example/a", now=NOW, hints={"published": hint})
    assert article.published == hint
    # A news-sitemap hint in the publisher's zone that is still the same local day.
    late = datetime(2024, 3, 12, 21, 30, tzinfo=UTC)  # 01:30 on the 13th in Baku
    article = normalise(page("date-only.html"), "https://navy.example/a", now=NOW, hints={"published": late},
                        source=source("Asia/Baku"))
    assert article.published == late and article.published.utcoffset() == BAKU


def test_date_only_page_wins_over_a_hint_of_another_day() -> None:
    hint = datetime(2024, 3, 15, 9, 40, tzinfo=UTC)
    article = normalise(page("date-only.html"), "https://navy.example/a", now=NOW, hints={"published": hint})
    assert article.published is not None and article.published.date().isoformat() == "2024-03-13"


def local_page(value: str) -> bytes:
    return (PAGES / "local-time.html").read_bytes().replace(b"PUBLISHED", value.encode())


@pytest.mark.parametrize(("zone", "value", "expected_utc", "offset"), [
    # No offset on the page: the source's zone decides, with its summer and winter time.
    ("Europe/Rome", "2023-07-13T10:15:00", datetime(2023, 7, 13, 8, 15, tzinfo=UTC), 2),
    ("Europe/Rome", "2023-12-13T10:15:00", datetime(2023, 12, 13, 9, 15, tzinfo=UTC), 1),
    ("Asia/Baku", "2023-10-13 10:15", datetime(2023, 10, 13, 6, 15, tzinfo=UTC), 4),
    # No zone known: UTC, as before.
    (None, "2023-10-13T10:15:00", datetime(2023, 10, 13, 10, 15, tzinfo=UTC), 0),
    # The page's own offset wins over the source's zone.
    ("Asia/Baku", "2023-10-13T10:15:00+02:00", datetime(2023, 10, 13, 8, 15, tzinfo=UTC), 2),
    ("Asia/Baku", "2023-10-13T10:15:00Z", datetime(2023, 10, 13, 10, 15, tzinfo=UTC), 0),
])
def test_source_timezone_for_times_without_offset(zone: str | None, value: str, expected_utc: datetime,
                                                  offset: int) -> None:
    article = normalise(local_page(value), "https://difesa.example/a", now=NOW, source=source(zone, "it"))
    assert article.published == expected_utc
    assert article.published.utcoffset() == timedelta(hours=offset)


def test_source_timezone_bounds_the_future_tightly() -> None:
    now = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)  # 12:00 in Baku
    baku = ZoneInfo("Asia/Baku")
    # One hour ahead of Baku's clock: in the future (as UTC it would have passed the 14-hour margin).
    assert parse_date("2025-06-01T13:00:00", now=now, default_tz=baku) is None
    assert parse_date("2025-06-01T13:00:00", now=now) is not None
    parsed = parse_date("2025-06-01T11:30:00", now=now, default_tz=baku)
    assert parsed is not None and parsed.value == datetime(2025, 6, 1, 7, 30, tzinfo=UTC)
    assert parsed.value.utcoffset() == BAKU and not parsed.has_offset


def test_bad_source_timezone_does_not_lose_the_record() -> None:
    bad = Source(id="s", name="S", kind="feed", start_urls=("https://n.example/rss",), timezone="Mars/Olympus")
    article = normalise(local_page("2023-10-13T10:15:00"), "https://a.example/x", now=NOW, source=bad)
    assert article.published == datetime(2023, 10, 13, 10, 15, tzinfo=UTC)


def test_bare_day_stays_that_day_with_a_source_timezone() -> None:
    # No time of day anywhere (htmldate's midnight is no time either): not shifted to 23:00 the day before.
    article = normalise(page("date-only.html"), "https://navy.example/a", now=NOW, source=source("Europe/Rome"))
    assert article.published == datetime(2024, 3, 13, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05T10:20:30+02:00", datetime(2024, 3, 5, 8, 20, 30, tzinfo=UTC)),
    ("2024-03-05T10:20:30.250Z", datetime(2024, 3, 5, 10, 20, 30, 250000, tzinfo=UTC)),
    ("2024-03-05T10:20-05:00", datetime(2024, 3, 5, 15, 20, tzinfo=UTC)),
    ("Tue, 05 Mar 2024 10:00:00 +0100", datetime(2024, 3, 5, 9, 0, tzinfo=UTC)),
    ("2099-01-01T00:00:00Z", datetime(2099, 1, 1, tzinfo=UTC)),  # kept: a sitemap date is no publication date
    (None, None), ("", None), ("not a date", None),
])
def test_sitemap_dates_are_aware_utc(text: str | None, expected: datetime | None) -> None:
    parsed = sitemap_date(text)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is UTC


def test_news_sitemap_publication_date_becomes_the_published_hint() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a</loc><news:news>
<news:publication_date> 2024-03-05T10:20:30+04:00 </news:publication_date>
<news:title>Talks in Baku</news:title></news:news></url>
<url><loc>https://news.example/b</loc><news:news><news:publication_date>soon</news:publication_date></news:news></url>
</urlset>"""
    fields = news_fields(body)
    assert fields["https://news.example/a"] == {"published": datetime(2024, 3, 5, 6, 20, 30, tzinfo=UTC),
                                                "title": "Talks in Baku"}
    assert fields["https://news.example/b"] == {}
