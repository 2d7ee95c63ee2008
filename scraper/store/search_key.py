"""The search key: an article's title and text folded for case-insensitive search in every script.

SQL's `lower()` cannot do it: SQLite's folds ASCII only and PostgreSQL's depends on the database's
locale. So the store keeps `articles.search_text`, the folded title and text, written with the
article (`articles.upsert_article`), and a keyword search folds its words the same way and matches
them with a plain `LIKE` (`feed_queries`): the same answer on SQLite and PostgreSQL.

Folding is Unicode case folding (`str.casefold`: 'STRASSE' and 'straße' both give 'strasse', a final
sigma is a sigma) with the Turkish dotted and dotless i made plain 'i' ('İstanbul', 'ISTANBUL' and
'istanbul' are one word), in composed form (NFC).
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """`text` case-folded for search (see the module's docstring)."""
    folded = unicodedata.normalize("NFD", text.casefold())
    if "ı" in folded or "i\u0307" in folded:
        folded = folded.replace("i\u0307", "i").replace("ı", "i")
    return unicodedata.normalize("NFC", folded)


def search_text(title: str | None, body_text: str | None) -> str:
    """The stored search key of an article: its folded title and text, one line apart."""
    return f"{fold(title or '')}\n{fold(body_text or '')}"
