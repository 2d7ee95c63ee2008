"""What a keyword search (`?q=`) means, and how each database's full-text index is asked it.

A search is a list of terms, all of which must match (AND):
- a word (`frigate`) matches that whole word, in any case, in the title or the text;
- a word ending in `*` (`frig*`) matches every word starting so;
- words in double quotes (`"staff talks"`, also “…”) match those words next to each other, in that
  order; a `*` right after the closing quote makes the last one a prefix (`"staff tal"*`).
Words are folded and split by the stored key's rule (`search_key.words`): a term that splits into
several words (`F-35`, `d'Italia`) is a phrase of them. Nothing else is syntax: `OR`, `NOT`, `-`,
parentheses, `:` and `^` are words or separators, so no input reaches either database's query
language unquoted. A term without a letter or digit (`%`, `--`) is left out; a search of nothing else
finds nothing (the feed server refuses it).

SQLite: one FTS5 `MATCH` on `articles_fts` (every term a quoted phrase, joined by AND), as a set the
window's walk down its sort index tests each article against (`matching`). PostgreSQL:
one `@@` on `articles.search_vector` (the stored words as lexemes, no parser involved: a tsquery of
quoted lexemes, `:*` for a prefix), and for a phrase a `LIKE` on the stored words of the rows the index
found (the vector keeps no positions). Both answer from the same stored words, so alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Text, cast, literal, literal_column, select, table
from sqlalchemy.dialects.postgresql import TSQUERY

from .schema import ArticleRow
from .search_key import words

FTS_TABLE = "articles_fts"
"""SQLite: the FTS5 table over `articles.search_text` (external content, kept by triggers; migration 0003)."""
VECTOR_COLUMN = "search_vector"
"""PostgreSQL: the generated tsvector column of `articles` (GIN index `VECTOR_INDEX`; migration 0003)."""
VECTOR_INDEX = "ix_articles_search_vector"
WINDOW_INDEX = "ix_articles_window_filters"
"""SQLite: (sort_time DESC, id) and the filters' columns, so a filtered window tests them from the index."""
FULL_TEXT_OBJECTS = frozenset({FTS_TABLE, VECTOR_COLUMN, VECTOR_INDEX, WINDOW_INDEX})
"""Made by migration 0003 and not in `schema.py` (SQLite's FTS5 shadow tables are named `articles_fts_*`)."""

_TERM = re.compile(r'["“]([^"”]*)["”]?(\*?)|(\S+)')


@dataclass(frozen=True)
class SearchTerm:
    """One term of a search: its folded words (next to each other, in order), the last perhaps a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


def split_terms(q: str) -> list[str]:
    """The terms of a search as typed (quoted phrases kept whole, an unclosed quote running to the end)."""
    return [m.group(0) for m in _TERM.finditer(q)]


def parse_term(term: str) -> SearchTerm | None:
    """The meaning of one typed term; None when it has no letter or digit."""
    match = _TERM.fullmatch(term.strip())
    if match is None:
        return None
    if match.group(3) is not None:
        text, prefix = match.group(3), match.group(3).endswith("*")
    else:
        text, prefix = match.group(1), match.group(2) == "*"
    found = words(text)
    return SearchTerm(tuple(found), prefix) if found else None


def search_terms(keywords: Iterable[str]) -> list[SearchTerm]:
    """The distinct meaningful terms of `keywords` (typed terms, as in `FeedFilter.keywords`)."""
    return list(dict.fromkeys(t for t in (parse_term(k) for k in keywords) if t is not None))


def fts5_query(terms: Iterable[SearchTerm]) -> str:
    """An FTS5 query: every term a quoted phrase (a `*` after it for a prefix), joined by AND."""
    return " AND ".join('"' + " ".join(t.words).replace('"', '""') + '"' + ("*" if t.prefix else "")
                        for t in terms)


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(terms: Iterable[SearchTerm]) -> str:
    """A tsquery (its text form, lexemes quoted, never parsed by a text-search configuration): every word
    of every term, joined by `&`, `:*` on a prefix."""
    parts = []
    for term in terms:
        for n, word in enumerate(term.words):
            last = n == len(term.words) - 1
            parts.append(_lexeme(word) + (":*" if last and term.prefix else ""))
    return " & ".join(parts)


def phrase_pattern(term: SearchTerm) -> str:
    """A LIKE pattern over ' ' + stored words + ' ' that holds exactly where the phrase occurs."""
    escaped = " ".join(w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in term.words)
    return f"% {escaped}{'%' if term.prefix else ' %'}"


def matching(terms: list[SearchTerm], dialect: str) -> list[ColumnElement[bool]]:
    """Conditions on `articles` that hold for the articles matching every term, through the full-text index."""
    if not terms:
        return []
    if dialect == "sqlite":
        fts = table(FTS_TABLE, literal_column("rowid"))
        found = (select(literal_column("rowid")).select_from(fts)
                 .where(literal_column(FTS_TABLE).op("MATCH")(literal(fts5_query(terms)))))
        # `id + 0`: the id is not looked up by the matches, so the plan walks the window's sort index newest
        # first, tests each article against the matches (read once, kept in an ephemeral index) and stops
        # after the window; driving from the matches read and sorted all of them (a common word is in most
        # articles: 1.4 s against 0.06 s at 100,000 stored, docs/performance.md).
        return [(ArticleRow.id + 0).in_(found)]
    vector = literal_column(f"articles.{VECTOR_COLUMN}")
    conds: list[ColumnElement[bool]] = [vector.op("@@")(cast(literal(tsquery_text(terms)), TSQUERY))]
    padded = literal_column("' '", Text) + ArticleRow.search_text + literal_column("' '", Text)
    conds += [padded.like(phrase_pattern(t), escape="\\") for t in terms if len(t.words) > 1]
    return conds
