"""Reading one fetched page into an article record: normalise, check, and (optionally) tag.

The one place that decides what a fetched page becomes, shared by the crawl's pipelines and by the
worker processes that do this work beside the crawl (`scraper.page_workers`). Plain functions of
picklable values, so a worker process can run them.
"""

from __future__ import annotations

import logging

from .items import Article, PageItem
from .normalise import normalise
from .sources import Source
from .tagging import tag_article
from .tagging.stories import features_record

logger = logging.getLogger(__name__)


class PageRejected(Exception):
    """The page holds no article record (no title, no text); the message says which and where."""


def read_page(item: PageItem, source: Source | None) -> Article:
    """The article of a fetched page, untagged; raises `PageRejected` with the reason when there is none."""
    article = normalise(item.body, item.url, source=source, hints=item.hints)
    if not article.title:
        raise PageRejected(f"no title found on {item.url}")
    if not (article.body_text or article.summary):
        raise PageRejected(f"no article text found on {item.url}")
    article.source = item.source
    return article


def tag_read_article(article: Article, source: Source | None) -> Article:
    """Tag `article` in place for the publisher's country and give it its story features; both are
    enrichments, so a failure is logged and the record survives without them."""
    try:
        tag_article(article, source.country if source else None)
    except Exception:
        logger.exception("tagging failed for %s", article.url)
    try:  # the story features a publish would otherwise compute, loading the tagger's models to do so
        article.story_features = features_record(article.title, article.body_text, article.language)
    except Exception:
        logger.exception("story features failed for %s (a publish computes them)", article.url)
    return article


def read_and_tag_page(item: PageItem, source: Source | None) -> Article:
    """`read_page`, then `tag_read_article`: the whole work of a page, as a worker process does it."""
    return tag_read_article(read_page(item, source), source)
