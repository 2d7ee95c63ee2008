"""Country pairs a cooperation article supports: the one rule behind pair feeds and their benchmark."""

from __future__ import annotations

from itertools import combinations

from ..items import Article


def is_cooperation(article: Article) -> bool:
    """True when tagging decided the article reports defence cooperation (it then has a main event)."""
    return bool(article.primary_kind) and bool(article.cooperation)


def party_pairs(article: Article) -> list[tuple[str, str]]:
    """Sorted pairs of the article's parties (ISO alpha-2), or none when it is not a cooperation item."""
    if not is_cooperation(article):
        return []
    return list(combinations(sorted(set(article.parties)), 2))
