"""Dates only from evidence about the page: a year or range in the text, or an
impossible or partial date, is never a publication date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scraper.normalise import normalise
from scraper.normalise.date_evidence import day_is_written
from tests.helpers.record_pages import BODY, NOW, URL, page


@pytest.mark.parametrize("mention", ["Il programma copre il periodo 2026–2028.", "Fu deciso in 2025.",
                                     "Nel 2024 e nel 2025 le marine si sono addestrate.",
                                     "Il piano 2025-2030 è stato approvato."])
def test_a_year_or_range_in_the_text_is_never_a_publication_date(mention: str) -> None:
    article = normalise(page(body=BODY + f"<p>{mention}</p>"), URL, now=NOW)
    assert article.published is None


@pytest.mark.parametrize("value", ["2024-02-30", "2023-13-45", "2024-02-30T10:00:00+01:00", "2024-02"])
def test_an_impossible_or_partial_meta_date_is_no_date(value: str) -> None:
    head = f'<meta property="article:published_time" content="{value}">'
    assert normalise(page(head), URL, now=NOW).published is None


def test_an_impossible_meta_date_leaves_room_for_a_real_signal() -> None:
    head = '<meta property="article:published_time" content="2024-02-30">'
    dateline = "<p class='article-date'>Pubblicato il 12 marzo 2024</p>"
    article = normalise(page(head, body=dateline + BODY), URL, now=NOW)
    assert article.published == datetime(2024, 3, 12, tzinfo=UTC)
    dated_url = "https://www.defence-gazette.example/news/2024/03/14/navies-sign-joint-patrol-accord"
    assert normalise(page(head), dated_url, now=NOW).published == datetime(2024, 3, 14, tzinfo=UTC)


def test_page_evidence_still_dates_the_page() -> None:
    head = '<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">'
    assert normalise(page(head), URL, now=NOW).published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    hinted = normalise(page(), URL, now=NOW, hints={"published": "2024-03-06T10:00:00Z"})
    assert hinted.published == datetime(2024, 3, 6, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2024-03-05T10:00", "2024/3/5", "05.03.2024", "5/3/2024", "3/5/2024", "20240305",
                                  "5 marzo 2024", "5. März 2024", "March 5th, 2024", "5 de marzo de 2024",
                                  "2024年3月5日", "2024. március 5.", "/news/2024/03/05/accord"])
def test_a_written_day_is_evidence(text: str) -> None:
    assert day_is_written(date(2024, 3, 5), text)


@pytest.mark.parametrize("text", ["2024-03", "marzo 2024", "2024-03-30", "2024", "2023-2025", "15.03.2024",
                                  "2024-13-05"])
def test_a_year_month_or_other_day_is_not_evidence(text: str) -> None:
    assert not day_is_written(date(2024, 3, 5), text)
