"""The index page's source-health table: warning rows and proposed repairs (feeds/pages.py), escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import html as lxml_html

from feeds.pages import render_index


def test_warning_rows_are_marked_and_a_repair_folds_under_its_status_line() -> None:
    rows = [
        {"source": "calm", "state": "ok", "repair": ""},
        {"source": "moved", "state": "warning: no article links",
         "repair": "proposed 2025-03-05 12:00: not applied\n-article_pattern = '/old/'\n"
                   "+article_pattern = '<script>alert(1)</script>'"},
    ]
    page = render_index("http://feeds.example/", [], [], datetime(2025, 3, 5, tzinfo=UTC), health_rows=rows)
    tree = lxml_html.fromstring(page)
    trs = tree.xpath('//section[@id="source-health"]//tr')
    assert [tr.get("class") for tr in trs[1:]] == [None, "warning"]
    details = trs[2].xpath(".//details")
    assert details and details[0].xpath("string(summary)") == "proposed 2025-03-05 12:00: not applied"
    assert "+article_pattern = '<script>alert(1)</script>'" in details[0].xpath("string(pre)")
    assert not tree.xpath("//script"), "scraped text is escaped"
