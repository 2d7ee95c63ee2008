"""Hostile pages for the loopback site: gzip bombs, a 15.5 MB article, word-processor character references,
pages crowded with small elements."""

from __future__ import annotations

import gzip
from collections.abc import Callable
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


CROWDS: dict[str, tuple[str, int, Callable[[int], str]]] = {
    "paragraphs": ("30,000 small <p>", 30_000, lambda i: f"<p>Padding paragraph {i} about defence cooperation.</p>"),
    "divs": ("100,000 empty <div>", 100_000, lambda i: "<div></div>"),
    "links": ("50,000 <a> links", 50_000, lambda i: f'<a href="/news/n-{i}.html">Story {i}</a> '),
    "cells": ("20,000 <td> table cells", 20_000,
              lambda i: ("<tr>" if i % 10 == 0 else "") + f"<td>{i}</td>" + ("</tr>" if i % 10 == 9 else "")),
    "breaks": ("180,000 <br>", 180_000, lambda i: "word<br>"),
}
"""Shapes of pages of many small elements, each under the page's byte bound once cut: (what, how many,
the `i`th element). Each took from 10 s to minutes to normalise without the element bound."""


def crowd(shape: str) -> str:
    """The elements of `shape` (see `CROWDS`), one after the other (cells inside a table)."""
    _, count, element = CROWDS[shape]
    html = "".join(element(i) for i in range(count))
    return f"<table>{html}</table>" if shape == "cells" else html


def crowded_article_html(article: FixtureArticle, base: str, shape: str) -> str:
    """The article page with the elements of `shape` after its own paragraphs, inside the article."""
    return article_html(article, base).replace("</article>", crowd(shape) + "</article>", 1)


def padded_page(mib: int) -> str:
    """The soak's very large page: a heading, then about `mib` MiB of one identical small paragraph (20,000 a
    MiB; no text survives the clean-up of repeated lines, so the page is no article)."""
    padding = "<p>Padding paragraph about defence cooperation.</p>" * (mib * 20_000)
    return f"<html><body><article><h1>Very large page</h1>{padding}</article></body>"
