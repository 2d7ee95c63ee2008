"""The search key: an article's title and text as folded words, the same for every script and database.

SQL cannot do it: SQLite's `lower()` folds ASCII only, PostgreSQL's follows the database's locale, and
the two databases' full-text tokenisers split words differently (PostgreSQL's parser keeps `f-35`,
`example.org` and `3.5` whole, and its idea of a letter is the locale's). So the store keeps
`articles.search_text`, written with the article (`articles.upsert_article`): the folded words of the
title then the text, one space apart. Both full-text indexes (migration 0003: SQLite FTS5, a PostgreSQL
tsvector) are built over exactly these words, and a search folds and splits its words by the same rule
(`search_query`).

Folding is Unicode case folding (`str.casefold`: 'STRASSE' and 'straße' both give 'strasse', a final
sigma is a sigma) with the Turkish dotted and dotless i made plain 'i' ('İstanbul', 'ISTANBUL' and
'istanbul' are one word), in composed form (NFC). A word is a run of letters, digits and combining
marks (Unicode categories L, N, M and private-use Co); everything else separates words
('F-35' is 'f' '35', "Türkiye'nin" is 'türkiye' 'nin'). A word longer than `MAX_WORD` characters is cut
there (a run of Chinese or Thai, written without spaces, is one word).
"""

from __future__ import annotations

import unicodedata

import regex

MAX_WORD = 100
"""Characters kept of a word, in the index and in a search (PostgreSQL's lexemes stop at 2,046 bytes)."""
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}\p{Co}]+")


def fold(text: str) -> str:
    """`text` case-folded for search (see the module's docstring)."""
    folded = unicodedata.normalize("NFD", text.casefold())
    if "ı" in folded or "i\u0307" in folded:
        folded = folded.replace("i\u0307", "i").replace("ı", "i")
    return unicodedata.normalize("NFC", folded)


def words(text: str) -> list[str]:
    """The folded words of `text`, in order (see the module's docstring)."""
    return [word[:MAX_WORD] for word in _WORD.findall(fold(text))]


def search_text(title: str | None, body_text: str | None) -> str:
    """The stored search key of an article: the words of its title, then of its text, one space apart."""
    return " ".join(words(title or "") + words(body_text or ""))
