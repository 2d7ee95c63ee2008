"""Tagging: who does what in a defence-cooperation article, and which reports tell the same story.

Pure Python (no Scrapy, no database). Lexicons (Babel/CLDR names, the data files under `data/`) and
cue patterns are compiled on first use and cached for the life of the process.
"""

from __future__ import annotations

from ..items import Article
from .cooperation import CooperationResult, classify_cooperation
from .countries import tag_countries
from .record import TagRecord, tag_record
from .stories import GroupingParams, group_stories

__all__ = ["CooperationResult", "GroupingParams", "TagRecord", "classify_cooperation", "group_stories",
           "tag_article", "tag_countries", "tag_record"]


def tag_article(article: Article, publisher_country: str | None = None) -> Article:
    """Fill `countries`, `parties`, `mentioned`, `cooperation` (main kind first), `primary_kind`,
    `cooperation_score` and `organisations` in place; returns the article.

    `publisher_country` (ISO alpha-2 of the outlet) lets the tagger read "the Ministry" or the capital
    as the publisher's own state.
    """
    record = tag_record(article.title, article.body_text or article.summary, article.language, publisher_country,
                        article.published)
    article.countries = record.countries
    article.parties = record.parties
    article.mentioned = record.mentioned
    article.cooperation = record.cooperation
    article.primary_kind = record.primary_kind
    article.cooperation_score = record.cooperation_score
    article.organisations = record.organisations
    return article
