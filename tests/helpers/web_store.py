"""A store for the web page tests: the feed fixtures, a story reported by two sources and hostile text."""

from __future__ import annotations

from datetime import timedelta

from scraper.store import Store
from tests.helpers.feed_store import NOW, add_article, fill_store

STORY_TEXT = (
    "The defence ministers of Italy and Azerbaijan signed a memorandum of understanding on military "
    "education in Baku on Monday, covering officer exchanges at the naval academy, joint staff courses, "
    "language training and a working group that will meet twice a year to plan further cooperation."
)
HOSTILE_TITLE = '<script>alert("title")</script> Hostile <img src=x onerror=alert(1)> headline'
"""The title as a reader must see it: stored titles and summaries are text (docs/reliability.md), so markup in
them is shown literally, never run."""
HOSTILE_SUMMARY = 'javascript:alert(2) <script>alert("summary")</script> summary'
_STORED_TITLE = HOSTILE_TITLE + "<script>window.stolen = 1</script>"
_STORED_SUMMARY = HOSTILE_SUMMARY + "<img src=x onerror=alert(7)>"
HOSTILE_BODY = '<p><a href="javascript:alert(4)">click me</a><img src=x onerror="alert(5)"> body</p>'
STORY_URLS = ("https://news.example.org/articles/60", "https://news.example.org/articles/61")
HOSTILE_URL = "https://news.example.org/articles/70"


def fill_web_store(store: Store) -> None:
    """The feed fixtures, then two reports of one story (two sources) and one hostile article, newest."""
    fill_store(store)
    add_article(store, 60, now=NOW + timedelta(minutes=1), title="Italy and Azerbaijan sign military education MoU",
                body_text=STORY_TEXT, body_html="", published=NOW + timedelta(hours=2), cooperation=["agreement"])
    add_article(store, 61, now=NOW + timedelta(minutes=2), country="IT", source="difesa-it",
                title="Italia e Azerbaigian firmano un accordo sulla formazione militare",
                body_text=STORY_TEXT + " Source: ministry.", body_html="", published=NOW + timedelta(hours=1),
                cooperation=["agreement"])
    add_article(store, 70, now=NOW + timedelta(minutes=3), title=_STORED_TITLE, summary=_STORED_SUMMARY,
                body_html=HOSTILE_BODY, body_text="Hostile body text about a frigate.",
                published=NOW + timedelta(hours=3), source="bund-de", country="DE", countries=["DE"])
