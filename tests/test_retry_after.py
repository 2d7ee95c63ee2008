"""Retries honour Retry-After (seconds and HTTP dates), measured on a real loopback crawl."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from scraper.middlewares import retry_after_seconds
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_scrapy, write_catalog
from tests.helpers.site_fixtures import make_articles, publish_site


def test_retry_after_values() -> None:
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


@pytest.mark.e2e
def test_crawl_waits_as_asked_before_retrying(site: LoopbackSite, attache_env: dict[str, str], tmp_path: Path) -> None:
    publish_site(site, make_articles(2))
    site.script["/feed.xml"] = [(503, {"Retry-After": "1", "Content-Type": "text/plain"}, b"busy")]
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", f"""
[sources.busy-feed]
name = "Busy"
kind = "feed"
start_urls = ["{site.url('/feed.xml')}"]
"""))
    result = run_scrapy(attache_env, "crawl", "busy-feed")
    assert result.returncode == 0, result.stderr[-2000:]
    feed_requests = site.requests_for("/feed.xml")
    assert [r.status for r in feed_requests] == [503, 200]
    assert feed_requests[1].time - feed_requests[0].time >= 0.95  # an immediate retry takes milliseconds
    assert len(site.requests_for("/news/story-")) == 2
