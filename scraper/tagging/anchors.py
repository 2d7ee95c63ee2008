"""Story anchors that survive translation: dates written in any supported language, numbers, and proper names
transliterated to Latin (anyascii) so "Bayramov", "Байрамов" and "Bayramovun" compare equal.

Month names come from CLDR (Babel) for every supported locale, in format and stand-alone forms, wide and
abbreviated; inflected forms ("октября", "oktyabrın", "Ekim'de") are matched as stems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from anyascii import anyascii
from babel.dates import get_month_names

from .countries import is_country_word
from .data_files import ROLE_LANGUAGES, capitals, organisations, role_lexicon
from .text import Token, fold_word

MONTH_MIN = 3
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_GENERIC_TEXT = (
    "minis defen defe gener colon force armed chief staff depar head branc inter coope plan repub state"
    " unite natio presi prime secre deput comma admir major lieut milit news the photo video"
)
_GENERIC = frozenset(_GENERIC_TEXT.split())
_SENTENCE_END = re.compile(r"[.!?\n]")


@cache
def month_table() -> dict[str, int]:
    """Folded month name (wide and abbreviated, format and stand-alone) -> month number, all locales."""
    table: dict[str, int] = {}
    for lang in ROLE_LANGUAGES:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, context, lang).items():
                    key = fold_word(name.strip(".").split()[0]) if name.strip(".") else ""
                    if len(key) >= MONTH_MIN:
                        table.setdefault(key, number)
    return table


def month_of(key: str) -> int | None:
    """Month number of a folded word that is a month name or an inflected one ("oktyabrin", "октября")."""
    table = month_table()
    if key in table:
        return table[key]
    for cut in range(len(key) - 1, max(len(key) - 5, MONTH_MIN - 1), -1):
        month = table.get(key[:cut])
        if month is not None and cut >= 4:
            return month
    return None


def dates(text: str, tokens: Sequence[Token]) -> frozenset[str]:
    """Day-and-month anchors "MM-DD" ("11 ottobre", "October 11", "11-12 октября", "11.10.2023")."""
    found = set()
    for i, token in enumerate(tokens):
        if not token.key.isdigit():
            continue
        day = int(token.key)
        if not 1 <= day <= 31 or len(token.key) > 2:
            continue
        for j in (i + 1, i + 2, i - 1):
            if 0 <= j < len(tokens) and not tokens[j].key.isdigit():
                month = month_of(tokens[j].key)
                if month is not None:
                    found.add(f"{month:02d}-{day:02d}")
                    break
        else:
            month, last = _range_end(tokens, i, day)
            if month is not None:
                found.update(f"{month:02d}-{d:02d}" for d in range(day, last + 1))
    for m in _NUMERIC_DATE.finditer(text):
        if m.group(1):
            day, month = int(m.group(1)), int(m.group(2))
        else:
            month, day = int(m.group(5)), int(m.group(6))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.add(f"{month:02d}-{day:02d}")
    return frozenset(found)


def _range_end(tokens: Sequence[Token], i: int, day: int) -> tuple[int | None, int]:
    """A range of days "15-17 November", "dal 15 al 17 novembre": the month and the last day, if any."""
    for k in (i + 1, i + 2):
        if k + 1 < len(tokens) and tokens[k].key.isdigit() and len(tokens[k].key) <= 2:
            last = int(tokens[k].key)
            month = month_of(tokens[k + 1].key)
            if month is not None and day < last <= day + 7:
                return month, last
    return None, day


def numbers(text: str) -> frozenset[str]:
    """Number anchors: digit groups with thousands separators removed ("1,200" -> "1200")."""
    return frozenset(re.sub(r"\D", "", m.group()).lstrip("0") or "0" for m in _NUMBER.finditer(text))


def name_key(word: str) -> str:
    """A script-independent key of a proper name: transliterated, lower-case, doubled letters merged, 5 letters."""
    key = anyascii(word.replace("ə", "a").replace("Ə", "A")).lower()  # "Həsənov" is "Hasanov" in other languages
    key = key.replace("kh", "h").replace("x", "h").replace("y", "i").replace("j", "i").replace("w", "v")
    key = re.sub(r"[^a-z]", "", key)
    return re.sub(r"(.)\1", r"\1", key)[:5]


@cache
def _common_keys() -> frozenset[str]:
    """Name keys that are titles, institutions or capitals (frequent in every report, never an anchor)."""
    keys = set(_GENERIC)
    for lang in ROLE_LANGUAGES:
        lex = role_lexicon(lang)
        for table in (lex.actors.exact, lex.actors.prefix):
            keys.update(name_key(k) for k in table)
        for entries in lex.actors.exact.values():
            for rest, _open, _label in entries:
                keys.update(name_key(w) for w in rest)
    keys.update(name_key(c.split()[0]) for c in capitals())
    keys.update(name_key(a) for a in organisations().abbreviations)  # organisations are anchors of their own
    return frozenset(k for k in keys if k)


def name_anchors(text: str, tokens: Sequence[Token]) -> frozenset[str]:
    """Proper-name anchors: capitalised words inside sentences that are not countries, months or titles
    (a word after a quote mark or a dash is inside its sentence: «Nasr-2026», "Anakonda")."""
    found = set()
    for n, token in enumerate(tokens):
        if n == 0 or not token.text[:1].isupper():
            continue
        key = _ANCHORS.get(token.text)
        if key is None:
            if len(_ANCHORS) >= ANCHOR_WORDS:
                _ANCHORS.clear()
            key = _ANCHORS[token.text] = _word_anchor(token.text, token.key)
        if key and not (token.sentence_start and _SENTENCE_END.search(text[tokens[n - 1].end:token.start])):
            found.add(key)
    return frozenset(found)


_ANCHORS: dict[str, str] = {}
"""Capitalised word -> `_word_anchor` (a plain dict of strings: the garbage collector never walks it)."""
ANCHOR_WORDS = 1 << 15
"""Words remembered before `_ANCHORS` starts over."""


def _word_anchor(word: str, key: str) -> str:
    """The name anchor of a capitalised word (`key` is its folded form, a function of the word) inside a sentence;
    "" when it is too short, a number, a country, a month, a title or an institution (remembered in `_ANCHORS`:
    names come back from text to text)."""
    if len(key) < 4 or key.isdigit() or is_country_word(key) or month_of(key) is not None:
        return ""
    anchor = name_key(word)
    return anchor if len(anchor) >= 4 and anchor not in _common_keys() else ""
