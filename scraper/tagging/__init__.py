"""Tagging: countries an article is about, defence-cooperation kinds, and story grouping.

Pure Python (no Scrapy, no database). Lexicons and cue patterns are compiled on first use and
cached for the life of the process.
"""

from __future__ import annotations

from ..items import Article
from .cooperation import CooperationResult, classify_cooperation
from .countries import tag_countries
from .stories import GroupingParams, group_stories

__all__ = ["CooperationResult", "GroupingParams", "classify_cooperation", "group_stories", "tag_article",
           "tag_countries"]


def tag_article(article: Article, publisher_country: str | None = None) -> Article:
    """Fill `countries`, `cooperation` (kinds) and `cooperation_score` in place; returns the article."""
    text = article.body_text or article.summary
    named = tag_countries(article.title, text, article.language)
    article.countries = tag_countries(article.title, text, article.language, publisher_country)
    result = classify_cooperation(article.title, text, article.language, countries=named)
    article.cooperation = list(result.kinds)
    article.cooperation_score = result.score
    return article
