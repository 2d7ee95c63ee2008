"""Hostile pages for the loopback site: gzip bombs, a 15.5 MB article, word-processor character references."""

from __future__ import annotations

import gzip
from dataclasses import replace
from functools import lru_cache

from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import FixtureArticle, article_html

MEMBER = 16 * 1024 * 1024
"""Bytes of blank space in one gzip member of a bomb (members are concatenated; gunzip reads them all)."""
CONTROL_REFERENCES = ["&#1;", "&#x0B;", "&#12;", "&#x1b;", "&#31;", "&#xFFFE;", "&#65535;"]
"""References a word processor's paste leaves in a page; each once dropped its whole article."""


@lru_cache(maxsize=4)
def _member(head: bytes) -> bytes:
    return gzip.compress(head + b" " * (MEMBER - len(head)), compresslevel=9)


def gzip_bomb(decompressed: int, head: bytes = b'<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    """A gzip file of about `decompressed` bytes once expanded (`head`, then blank space), about 1,000 times
    smaller on the wire."""
    members = max(1, decompressed // MEMBER)
    return _member(head) + _member(b"") * (members - 1)


def with_references(article: FixtureArticle, reference: str) -> FixtureArticle:
    """`article` whose every paragraph carries `reference` inside a word and between two words."""
    return replace(article, paragraphs=[p.replace("delegations", f"dele{reference}gations")
                                        .replace("covered", f"covered {reference}")
                                        for p in article.paragraphs])


def big_article(article: FixtureArticle, size: int) -> FixtureArticle:
    """`article` grown to about `size` bytes of distinct paragraphs after its own."""
    text = "Defence ministers met in Brussels to sign a cooperation agreement on training and logistics. " * 9
    extra = [f"Annex paragraph {i}. {text}" for i in range(size // (len(text) + 30))]
    return replace(article, paragraphs=article.paragraphs + extra)


def serve_with_references(site: LoopbackSite, articles: list[FixtureArticle]) -> None:
    """Serve the articles, each with one of `CONTROL_REFERENCES` (in turn) written raw into its HTML."""
    for i, article in enumerate(articles):
        reference = CONTROL_REFERENCES[i % len(CONTROL_REFERENCES)]
        html = article_html(with_references(article, "@REF@"), site.base).replace("@REF@", reference)
        site.add(article.path, html)
