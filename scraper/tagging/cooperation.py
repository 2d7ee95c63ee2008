"""Does an article report defence cooperation, and of which kinds?

Weighted multilingual cues (see `cue_data`) are counted in the folded title (double weight)
and body. An article is cooperation news when it has a defence/military context, a cue of at
least one cooperation kind, and an international side (two or more countries, a multilateral
framework, or a delegation / counterpart / bilateral cue); sports, economic, police and
hostility cues pull the score down.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from .countries import tag_countries
from .counts import count_positions
from .cue_data import CASED, CUES
from .data_files import DATA_DIR, DataFileError, read_table
from .organisations import find_organisations
from .text import WordFilter, fold_word, tokenize

logger = logging.getLogger(__name__)

KINDS = ("staff_talks", "agreement", "visit", "exercise", "training", "industry", "multilateral")
TITLE_WEIGHT = 2.0
KIND_MIN = 1.0       # a kind is reported from this cue weight ...
KIND_RELATIVE = 0.5  # ... and when it reaches this share of the strongest kind ...
KIND_CAP = 6.0       # ... whose weight is capped (long articles repeat their main kind)
THRESHOLD = 0.5
CANCELLED_WEIGHT = 1.5
"""Each cue of a postponed, suspended or cancelled event (a title cue counts twice) lowers the logit this much."""
COUNT_WEIGHT = 2.0
"""A count of states ("ministers from twelve countries") is a `count` cue of this weight (a multilateral format,
read in `kinds`) and an `intl` cue of weight 1 (an international side)."""
TRAINED_WITH = frozenset({"training", "exercise"})
"""A police cue in a sentence with a course or an exercise ("120 agenti della polizia somala" trained by the
Carabinieri) is no crime or court news: it does not lower the score."""
HEADLINE_OFF = frozenset({"genre", "cancelled", "accident", "message"})
"""Cue categories that, in a title, say the report is no cooperation event (an opinion piece; a call-off; a crash; a
message of condolence or congratulation)."""
OWN_TABLES = frozenset({"states"})
"""Tables of cues.toml read by their own module (`counts`), not cues."""
_WORD = re.compile(r"[^\W_]+")
_STARRED = re.compile(r"([^\W_]+)(\*?)")


@dataclass
class CooperationResult:
    """Classifier output: the kinds (empty unless `is_cooperation`), a 0..1 score and the decision."""

    kinds: list[str] = field(default_factory=list)
    score: float = 0.0
    is_cooperation: bool = False
    evidence: dict[str, float] = field(default_factory=dict)


@dataclass
class _CueIndex:
    exact: dict[tuple[str, ...], list[tuple[str, float]]] = field(default_factory=dict)
    prefix: dict[tuple[str, ...], list[tuple[str, str, float]]] = field(default_factory=dict)
    heads: set[str] = field(default_factory=set)
    cased: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=set)
    suffixes: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    suffix_tuple: tuple[str, ...] = ()
    sizes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """First word -> the lengths (from 2 words) of the cues that start with it."""
    max_len: int = 1
    starred: list[tuple[tuple[str, ...], bool, str, float]] = field(default_factory=list)
    """Cues with a "*" on an inner word ("вооруженн* сил*", "план* сотрудничества"): words kept with their "*"."""


def _add_cue(index: _CueIndex, category: str, entry: str) -> None:
    cue, _, weight = entry.strip().partition(":")
    words = tuple(fold_word(w) for w in _WORD.findall(cue))
    if not words:
        return
    value = float(weight or 1)
    starred = tuple(fold_word(w) + ("*" if star else "") for w, star in _STARRED.findall(cue.rstrip("*")))
    if any(w.endswith("*") for w in starred):
        index.starred.append((starred, cue.endswith("*"), category, value))
        index.max_len = max(index.max_len, len(words))
        return
    index.max_len = max(index.max_len, len(words))
    if len(words) > 1:
        index.first_words.add(words[0])
    if cue.endswith("*"):
        index.prefix.setdefault(words[:-1], []).append((words[-1], category, value))
        if len(words) == 1:
            index.heads.add(words[0][:3])
    else:
        index.exact.setdefault(words, []).append((category, value))


@cache
def _index() -> _CueIndex:
    """Cue lookup tables keyed by folded word sequences (built once)."""
    index = _CueIndex()
    for category, spec in CUES.items():
        for entry in spec.split("|"):
            _add_cue(index, category, entry)
    table = read_table("cues.toml")
    for category, languages in table.items():
        if category in OWN_TABLES:
            continue
        if not isinstance(languages, dict):
            raise DataFileError(f"{DATA_DIR / 'cues.toml'}: [{category}] must be a table of languages")
        for lang, entries in languages.items():
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                raise DataFileError(f"{DATA_DIR / 'cues.toml'}: {category}.{lang} must be a list of strings")
            for entry in entries:
                if entry.startswith("-"):
                    cue, _, weight = entry[1:].partition(":")
                    index.suffixes.setdefault(fold_word(cue), []).append((category, float(weight or 1)))
                else:
                    _add_cue(index, category, entry)
    index.suffix_tuple = tuple(index.suffixes)
    sizes: dict[str, set[int]] = {}
    for words in index.exact:
        sizes.setdefault(words[0], set()).add(len(words))
    for head in index.prefix:
        if head:
            sizes.setdefault(head[0], set()).add(len(head) + 1)
    index.sizes = {word: tuple(sorted(n for n in found if n >= 2)) for word, found in sizes.items()}
    for category, spec in CASED.items():
        for entry in spec.split("|"):
            cue, _, weight = entry.strip().partition(":")
            index.cased.setdefault(cue, []).append((category, float(weight or 1)))
    return index


class CueHit(NamedTuple):
    """One cue found in a text: its category, weight and the index of its first token (a named tuple: cheaper to
    build than a frozen dataclass, and there are many per text)."""

    category: str
    weight: float
    position: int


@lru_cache(maxsize=64)
def cue_hits(text: str) -> tuple[CueHit, ...]:
    """Every cue in `text`, in token order (cached: the party tagger and the classifier both read them)."""
    index = _index()
    tokens = tokenize(text)
    keys = tokens.keys
    n = len(keys)
    hits: list[CueHit] = []
    first_words = index.first_words
    cased_cues = index.cased
    cased_words = tokens.texts & cased_cues.keys()
    # Only words that start a cue are read (each distinct word is looked up once).
    hot = {key: _cue_entry(key) for key in _cue_words()(tokens.distinct)}
    counts = count_positions(text)
    if cased_words:
        positions: Iterable[int] = range(n)
    elif hot:
        positions = tokens.positions(hot)
    else:
        positions = ()
    for i in positions:
        key = keys[i]
        found, starts = hot.get(key, _NOTHING)
        for words, open_end, category, weight in starts:
            if i + len(words) <= n and _words_match(keys, i, words, open_end):
                hits.append(CueHit(category, weight, i))
        if found:
            hits.extend(CueHit(category, weight, i) for category, weight in found)
        if cased_words:
            cased = cased_cues.get(tokens[i].text)
            if cased:
                hits.extend(CueHit(category, weight, i) for category, weight in cased)
        if key in first_words:
            for size in index.sizes[key]:
                if size > n - i:
                    break
                words = keys[i:i + size]
                for category, weight in index.exact.get(words, ()):
                    hits.append(CueHit(category, weight, i))
                for stem, category, weight in index.prefix.get(words[:-1], ()):
                    if words[-1].startswith(stem):
                        hits.append(CueHit(category, weight, i))
    if counts:
        hits.extend(hit for p in counts for hit in (CueHit("count", COUNT_WEIGHT, p), CueHit("intl", 1.0, p)))
        hits.sort(key=_position)
    return tuple(hits)


def _position(hit: CueHit) -> int:
    return hit.position


_NOTHING: tuple = ((), ())


def _cue_entry(key: str) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[tuple[str, ...], bool, str, float], ...]]:
    """The one-word cues of a folded word and the inner-"*" cues that may start with it (cached per word)."""
    index = _index()
    found = _KEY_HITS.get(key)
    if found is None:
        found = _KEY_HITS[key] = _single_word_hits(index, key)
    starts = _STARRED_STARTS.get(key)
    if starts is None:
        starts = _STARRED_STARTS[key] = _starred_starts(index, key)
    return found, starts


def _starts_cue(key: str) -> bool:
    found, starts = _cue_entry(key)
    return bool(found or starts or key in _index().first_words)


@cache
def _cue_words() -> WordFilter:
    """The words at which a cue may start."""
    return WordFilter(_starts_cue)


_STARRED_STARTS: dict[str, tuple[tuple[tuple[str, ...], bool, str, float], ...]] = {}
"""The cues with an inner "*" whose first word matches each folded word seen."""


def _starred_starts(index: _CueIndex, key: str) -> tuple[tuple[tuple[str, ...], bool, str, float], ...]:
    if len(_STARRED_STARTS) > 200_000:
        _STARRED_STARTS.clear()
    return tuple(entry for entry in _starred_by_head().get(key[:2], ())
                 if _word_matches(key, entry[0][0], len(entry[0]) == 1 and entry[1]))


@cache
def _starred_by_head() -> dict[str, list[tuple[tuple[str, ...], bool, str, float]]]:
    """The cues with an inner "*" by the first two letters of their first word."""
    table: dict[str, list[tuple[tuple[str, ...], bool, str, float]]] = {}
    for entry in _index().starred:
        table.setdefault(entry[0][0][:2], []).append(entry)
    return table


def _word_matches(got: str, word: str, open_end: bool) -> bool:
    if word.endswith("*"):
        return got.startswith(word[:-1])
    return got == word or (open_end and got.startswith(word))


def _words_match(keys: list[str], start: int, words: tuple[str, ...], open_end: bool) -> bool:
    """Do the folded words from `start` match a cue's words ("*" words and an open last word as prefixes)?"""
    last = len(words) - 1
    return all(_word_matches(keys[start + n], word, open_end and n == last) for n, word in enumerate(words))


_KEY_HITS: dict[str, tuple[tuple[str, float], ...]] = {}
"""One-word cues of each folded word seen (the vocabulary of news text is small)."""


def _single_word_hits(index: _CueIndex, key: str) -> tuple[tuple[str, float], ...]:
    found: list[tuple[str, float]] = list(index.exact.get((key,), ()))
    if key[:3] in index.heads:
        found.extend(_single_prefixes(key))
    if key.endswith(index.suffix_tuple):
        for suffix, entries in index.suffixes.items():
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                found.extend(entries)
    if len(_KEY_HITS) > 200_000:
        _KEY_HITS.clear()
    return tuple(found)


def _add_cues(scores: dict[str, float], text: str, factor: float) -> None:
    hits = cue_hits(text)
    trained = None
    for hit in hits:
        if hit.category == "police":
            if trained is None:  # police trained by, or drilling with, forces: security cooperation, not crime news
                ids = tokenize(text).sentence_ids
                trained = {ids[h.position] for h in hits if h.category in TRAINED_WITH and h.position < len(ids)}
            if trained and hit.position < len(ids) and ids[hit.position] in trained:
                continue
        scores[hit.category] = scores.get(hit.category, 0.0) + hit.weight * factor


@cache
def _single_prefix_table() -> dict[str, list[tuple[str, float]]]:
    table: dict[str, list[tuple[str, float]]] = {}
    for stem, category, weight in _index().prefix.get((), ()):
        table.setdefault(stem, []).append((category, weight))
    return table


def _single_prefixes(key: str) -> list[tuple[str, float]]:
    """(category, weight) of every one-word prefix cue that starts `key`."""
    table = _single_prefix_table()
    found: list[tuple[str, float]] = []
    for cut in range(len(key), 2, -1):
        found.extend(table.get(key[:cut], ()))
    return found


def cue_scores(title: str, text: str) -> dict[str, float]:
    """Weighted cue counts per category (title matches count double)."""
    scores: dict[str, float] = {}
    _add_cues(scores, title, TITLE_WEIGHT)
    _add_cues(scores, text, 1.0)
    return scores


def classify_cooperation(title: str, text: str, language: str | None = None,
                         countries: Sequence[str] | None = None) -> CooperationResult:
    """Classify one article; the cues cover all eight languages.

    `countries` are all countries named in the article (publisher's included); they are tagged
    here (using `language`) when not given.
    """
    cues = cue_scores(title or "", text or "")
    orgs = find_organisations(title or "", text or "")
    for org in orgs:
        cues["multilateral"] = cues.get("multilateral", 0.0) + (TITLE_WEIGHT if org.in_title else 1.0)
    if countries is None:
        countries = tag_countries(title or "", text or "", language)
    n_countries = len(countries)
    kinds = {k: cues.get(k, 0.0) for k in KINDS}
    kinds["multilateral"] += cues.get("count", 0.0)  # a count of states is a multilateral format
    multilateral = kinds["multilateral"]
    bilateral_kinds = max(v for k, v in kinds.items() if k != "multilateral")
    context = cues.get("context", 0.0)
    links = cues.get("coop", 0.0) + cues.get("intl", 0.0)
    international = n_countries >= 2 or multilateral >= 2 or (links >= 1 and n_countries >= 1)
    # A multilateral event needs a link: a cooperation word, two countries, or an organisation named (an EU operation).
    has_kind = bilateral_kinds >= KIND_MIN or (multilateral >= 2 and (links >= 1 or n_countries >= 2 or bool(orgs)))
    z = (-3.0 + 0.9 * min(context, 3) + 0.6 * min(max(bilateral_kinds, multilateral), 4)
         + 0.5 * min(cues.get("coop", 0.0), 3) + 0.4 * min(cues.get("intl", 0.0), 3) + (1.0 if international else 0)
         - 1.2 * cues.get("sports", 0.0) - 0.5 * cues.get("economy", 0.0)
         - 1.0 * cues.get("conflict", 0.0) - 1.0 * cues.get("police", 0.0) - 1.0 * cues.get("accident", 0.0)
         - CANCELLED_WEIGHT * min(cues.get("cancelled", 0.0), 3))
    score = 1.0 / (1.0 + math.exp(-z))
    # An opinion piece, an editorial or a look back ("Opinion:", "Tribuna:", "Sixty years ago") is no report of
    # an event, nor is a headline event postponed, suspended, stopped or cancelled ("Australia and Indonesia postpone
    # joint exercise", "Colombia suspende la compra"): only a title says so.
    headline_off = any(hit.category in HEADLINE_OFF for hit in cue_hits(title or ""))
    decided = score >= THRESHOLD and context >= 1 and international and has_kind and not headline_off
    if not decided:
        score = min(score, THRESHOLD - 0.01)
    best = min(max(kinds.values()), KIND_CAP)
    reported = [k for k in KINDS if decided and kinds[k] >= max(KIND_MIN, KIND_RELATIVE * best)
                and (k != "multilateral" or kinds[k] >= 2)]
    evidence = dict(cues, countries=float(n_countries))
    return CooperationResult(reported, round(score, 3), decided, evidence)
