"""Multilingual text normalisation shared by the tagging engines.

`fold` maps a string to a comparison key: Turkish dotted/dotless i and the
Azerbaijani schwa are unified, Unicode case folding is applied and diacritics are
stripped, so "Azərbaycan", "AZERBAYCAN" and "azerbaycan" compare equal and
"Türkiye'nin" tokenises to "turkiye" + "nin".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = str.maketrans({
    "İ": "i", "I": "i", "ı": "i", "Ə": "e", "ə": "e", "Ø": "o", "ø": "o", "Æ": "ae", "æ": "ae",
    "Ł": "l", "ł": "l", "Đ": "d", "đ": "d", "Œ": "oe", "œ": "oe", "’": "'", "ʼ": "'",
})
_COMBINING = re.compile(r"[\u0300-\u036f\u0483-\u0489]")
_WORD = re.compile(r"[^\W_]+")
_BOUNDARY = frozenset(".!?:;\n«»\"“”()[]")


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold one word (cached: the vocabulary of news text is small)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", word.translate(_SPECIAL).casefold()))


def fold(text: str) -> str:
    """Fold a whole text: case-folded, diacritic-free, Turkish-i-safe."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_SPECIAL).casefold()))


@dataclass(slots=True)
class Token:
    """A word of the original text with its folded form and position."""

    text: str
    key: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalised(self) -> bool:
        """Upper-case first letter, or a letter of a script without case (Arabic): names need no capital there."""
        first = self.text[:1]
        return first.isupper() or (first.isalpha() and not first.islower())


def _inner_dot(previous: Token, word: str, gap: str) -> bool:
    """A dot that ends no sentence: thousands ("17.000"), initials and abbreviations ("U.S. and", "EE.UU. y"),
    or any dot before a lower-case word."""
    if gap.strip() != ".":
        return False
    if previous.text.isdigit() and word.isdigit() and gap == ".":
        return True
    return word[:1].islower() or (len(previous.text) <= 2 and previous.text.isupper())


@lru_cache(maxsize=32)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split into word tokens (letters and digits); apostrophes, hyphens and dots separate words.

    Cached: the country tagger and the cooperation classifier read the same texts.
    """
    tokens: list[Token] = []
    last_end = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        gap = text[last_end:start]
        boundary = not tokens or (gap != " " and not _BOUNDARY.isdisjoint(gap)
                                  and not _inner_dot(tokens[-1], word, gap))
        tokens.append(Token(word, fold_word(word), start, end, boundary))
        last_end = end
    return tuple(tokens)


def joined_by_hyphen(text: str, left: Token, right: Token) -> bool:
    """True when two consecutive tokens are written as a hyphenated compound ("italo-spagnolo")."""
    return text[left.end:right.start] in ("-", "‐", "–")
