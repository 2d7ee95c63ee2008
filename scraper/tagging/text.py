"""Multilingual text normalisation shared by the tagging engines.

`fold` maps a string to a comparison key: Turkish dotted/dotless i and the
Azerbaijani schwa are unified, Unicode case folding is applied and diacritics are
stripped, so "Azərbaycan", "AZERBAYCAN" and "azerbaycan" compare equal and
"Türkiye'nin" tokenises to "turkiye" + "nin".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter
from typing import NamedTuple

_SPECIAL = str.maketrans({
    "İ": "i", "I": "i", "ı": "i", "Ə": "e", "ə": "e", "Ø": "o", "ø": "o", "Æ": "ae", "æ": "ae",
    "Ł": "l", "ł": "l", "Đ": "d", "đ": "d", "Œ": "oe", "œ": "oe", "’": "'", "ʼ": "'",
})
_COMBINING = re.compile(r"[\u0300-\u036f\u0483-\u0489]")
_SPLIT = re.compile(r"([^\W_]+(?:(?<=[\u0400-\u04ff])['’ʼ](?=[\u0400-\u04ff])[^\W_]+)*)")
"""Words: runs of letters and digits; an apostrophe between Cyrillic letters is part of the word (Ukrainian
"з'єднує", connects, is no "з", with; "в'їзд", entry, no "в", in), elsewhere it separates ("Kosova'da", "l'Italie")."""
_BOUNDARY = frozenset(".!?:;\n«»\"“”„()[]")
_QUOTES = frozenset("«»\"“”„")
_ENDS = frozenset(".!?:;\n()[]")


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold one word (cached: the vocabulary of news text is small)."""
    if word.isascii():
        return word.lower()  # the same: ASCII has no diacritics, and its only special letter is "I"
    return _COMBINING.sub("", unicodedata.normalize("NFKD", word.translate(_SPECIAL).casefold()))


def fold(text: str) -> str:
    """Fold a whole text: case-folded, diacritic-free, Turkish-i-safe."""
    if text.isascii():
        return text.lower()  # the same (see `fold_word`)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_SPECIAL).casefold()))


class Token(NamedTuple):
    """A word of the original text with its folded form and position (a named tuple: built at C speed)."""

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


_new_token = tuple.__new__
_text_of = itemgetter(0)


def _inner_dot(previous: str, word: str, gap: str) -> bool:
    """A dot that ends no sentence: thousands ("17.000"), initials and abbreviations ("U.S. and", "EE.UU. y"),
    or any dot before a lower-case word."""
    if gap.strip() != ".":
        return False
    if previous.isdigit() and word.isdigit() and gap == ".":
        return True
    return word[:1].islower() or (len(previous) <= 2 and previous.isupper())


class Tokens(tuple):
    """The tokens of one text, with what matchers compute about them once (sentence numbers, folded words, candidate
    positions of the phrase sets in `memo`). Plain attributes, not `cached_property` (which takes a lock per read
    in Python 3.11)."""

    memo: dict[str, object]
    """Per-text results of the matchers, by name."""

    def __init__(self, *_args: object) -> None:
        self.memo = {}
        self._sentence_ids: tuple[int, ...] | None = None
        self._keys: tuple[str, ...] | None = None
        self._distinct: frozenset[str] | None = None
        self._texts: frozenset[str] | None = None

    @property
    def sentence_ids(self) -> tuple[int, ...]:
        """The sentence number of every token."""
        if self._sentence_ids is None:
            ids, current = [], -1
            for token in self:
                if token.sentence_start:
                    current += 1
                ids.append(max(current, 0))
            self._sentence_ids = tuple(ids)
        return self._sentence_ids

    @property
    def keys(self) -> tuple[str, ...]:
        """The folded form of every token."""
        if self._keys is None:
            self._keys = tuple(token.key for token in self)
        return self._keys

    @property
    def distinct(self) -> frozenset[str]:
        """The distinct folded words (scanners look each one up once)."""
        if self._distinct is None:
            self._distinct = frozenset(self.keys)
        return self._distinct

    @property
    def texts(self) -> frozenset[str]:
        """The distinct original words (for exact-case lookups: abbreviations)."""
        if self._texts is None:
            self._texts = frozenset(map(_text_of, self))
        return self._texts

    def positions(self, keys: frozenset[str] | set[str]) -> list[int]:
        """The positions, in order, of the tokens whose folded form is one of `keys`."""
        return [i for i, key in enumerate(self.keys) if key in keys] if keys else []


class WordFilter:
    """The folded words a scanner reads (those that may start one of its phrases), remembered word by word, so the
    distinct words of a text are sorted out with set operations: most words of a text were seen before."""

    LIMIT = 200_000

    def __init__(self, test: Callable[[str], bool]) -> None:
        self.test = test
        self.hot: set[str] = set()
        self.cold: set[str] = set()

    def __call__(self, words: frozenset[str]) -> set[str]:
        """The words among `words` (the distinct words of a text) that pass the test."""
        found = words - self.cold
        if not found or found <= self.hot:
            return found
        unknown = found - self.hot
        found = set(found - unknown)
        if unknown:
            if len(self.cold) + len(self.hot) > self.LIMIT:
                self.hot.clear()
                self.cold.clear()
            test = self.test
            for word in unknown:
                if test(word):
                    self.hot.add(word)
                    found.add(word)
                else:
                    self.cold.add(word)
        return found


def as_tokens(tokens: Sequence[Token]) -> Tokens:
    """`tokens` with lookup tables (the same object when it already has them)."""
    return tokens if isinstance(tokens, Tokens) else Tokens(tokens)


@lru_cache(maxsize=32)
def tokenize(text: str) -> Tokens:
    """Split into word tokens (letters and digits); apostrophes, hyphens and dots separate words.

    Cached: the country tagger and the cooperation classifier read the same texts.
    """
    parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
    words = parts[1::2]
    if not words:
        return Tokens()
    ends = list(accumulate(map(len, parts)))
    gaps = parts[2:2 * len(words):2]  # between consecutive words
    boundary = _BOUNDARY
    starts = [True] + [gap != " " and not boundary.isdisjoint(gap) and not _inner_dot(words[n], words[n + 1], gap)
                       for n, gap in enumerate(gaps)]
    keys = tuple(map(fold_word, words))
    quoted = not _QUOTES.isdisjoint(text)
    if quoted:
        ids = _quoted_sentence_ids(words, gaps, starts)
    tokens = Tokens(map(_new_token, repeat(Token), zip(words, keys, ends[0::2], ends[1::2], starts, strict=False)))
    tokens._keys = keys
    # the first token starts sentence 0
    tokens._sentence_ids = tuple(ids) if quoted else tuple(accumulate(starts[1:], initial=0))
    return tokens


def _quoted_sentence_ids(words: list[str], gaps: list[str], starts: list[bool]) -> list[int]:
    """Sentence numbers when the text has quotes: a quoted name is a sentence of its own (its words, "Cross Border
    Care", read apart), but the sentence around it goes on after the closing quote ("Azərbaycan Ordusunun hərbçiləri
    “Birlik-2026” birgə təliminə qatılıblar" is one sentence), and the word after the closing quote starts none
    (`starts` is updated). A quote at the end of a gap opens ("die Übung „"), at its start closes ("“ die")."""
    ids = [0]
    current, outer, following = 0, -1, 1
    for n, gap in enumerate(gaps):
        if starts[n + 1]:
            stripped = gap.strip()
            quote = stripped[:1] if len(stripped) == 1 or stripped[1:] == "," else ""
            if quote and _ENDS.isdisjoint(gap) and outer < 0 and _opens(quote, gap):
                outer, current, following = current, following, following + 1  # opens a quote inside a sentence
            elif quote and _ENDS.isdisjoint(gap) and outer >= 0 and not _opens(quote, gap):
                current, outer = outer, -1  # closes it: the sentence around goes on
                starts[n + 1] = False
            else:
                current, outer, following = following, -1, following + 1
        ids.append(current)
    return ids


def _opens(quote: str, gap: str) -> bool:
    """Whether a quote mark in the gap between two words opens a quotation: « and „ open, » closes; a straight or
    curly quote opens when it touches the next word (" “Birlik", ' "Cross'), closes when it touches the previous one
    ("2026” ", "Care“ die")."""
    if quote in "«„":
        return True
    if quote == "»":
        return False
    return gap.endswith(quote)


def joined_by_hyphen(text: str, left: Token, right: Token) -> bool:
    """True when two consecutive tokens are written as a hyphenated compound ("italo-spagnolo")."""
    return text[left.end:right.start] in ("-", "‐", "–")
