"""Phrase sets: folded word sequences (a trailing "*" lets the last word continue) found in token streams.

One matcher for every hand-written lexicon of the tagging data files (roles, companies, organisations):
a pattern is compiled once into a dict keyed by its first word (or the first word's stem). The first words
of every phrase set in use are merged into one table, so a text is scanned once for all of them (the
candidate positions per set are kept with its tokens) and `PhraseSet.find` only tries those positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .text import Token, Tokens, WordFilter, as_tokens, fold_word

_STARRED = re.compile(r"([^\W_]+)(\*?)")


class Match(NamedTuple):
    """A phrase found at tokens [start, end) with the label it was listed under (a named tuple: cheap to build)."""

    label: str
    start: int
    end: int


def _rest_matches(tokens: Sequence[Token], start: int, rest: tuple[str, ...], open_end: bool) -> bool:
    """Do the tokens from `start` match the rest of a phrase (a word with "*", or the last one when `open_end`, as a
    prefix)?"""
    for n, word in enumerate(rest):
        got = tokens[start + n].key
        if word.endswith("*"):
            if not got.startswith(word[:-1]):
                return False
        elif not (got == word or (open_end and n == len(rest) - 1 and got.startswith(word))):
            return False
    return True


class _Registry:
    """Every phrase set searched so far, and one table of their first words: folded word -> ids of the sets in
    which a phrase can start with it."""

    def __init__(self) -> None:
        self.sets: list[PhraseSet] = []
        self.version = 0
        self.starts: dict[str, tuple[int, ...]] = {}
        self.first_words: dict[str, set[int]] = {}
        self.stems: dict[str, set[tuple[str, int]]] = {}
        """Two first letters -> (stem, set id) of the phrases whose first word continues."""
        self.words = WordFilter(self.sets_starting)
        """The words that start a phrase of some set."""

    def register(self, phrases: PhraseSet) -> int:
        self.sets.append(phrases)
        number = len(self.sets) - 1
        for word in phrases.exact:
            self.first_words.setdefault(word, set()).add(number)
        for entries in phrases.prefix.values():
            for stem, _rest, _open, _label in entries:
                self.stems.setdefault(stem[:phrases.min_prefix], set()).add((stem, number))
        self.changed()
        return number

    def added(self, phrases: PhraseSet, word: str, stem: str | None) -> None:
        """A pattern was added to a registered set: its first word (or stem) now starts phrases of that set."""
        number = phrases.registered
        if stem is None:
            self.first_words.setdefault(word, set()).add(number)
        else:
            self.stems.setdefault(stem[:phrases.min_prefix], set()).add((stem, number))
        self.changed()

    def changed(self) -> None:
        self.version += 1
        self.starts = {}
        self.words = WordFilter(self.sets_starting)

    def sets_starting(self, key: str) -> tuple[int, ...]:
        found = self.starts.get(key)
        if found is None:
            ids = set(self.first_words.get(key, ()))
            ids.update(n for stem, n in self.stems.get(key[:PhraseSet.min_prefix], ()) if key.startswith(stem))
            found = tuple(sorted(ids))
            if len(self.starts) > 200_000:
                self.starts.clear()
            self.starts[key] = found
        return found

    def candidates(self, tokens: Tokens) -> dict[int, list[int]]:
        """Set id -> the positions where one of its phrases may start (one pass over the text for every set)."""
        cached = tokens.memo.get("phrases")
        if cached is not None and cached[0] == self.version:
            return cached[1]
        found: dict[int, list[int]] = {}
        starts = self.starts
        hot = self.words(tokens.distinct)  # the distinct words that start some phrase
        if hot:
            ids_of = {key: starts.get(key) or self.sets_starting(key) for key in hot}
            for i, key in enumerate(tokens.keys):
                if key in hot:
                    for n in ids_of[key]:
                        if n in found:
                            found[n].append(i)
                        else:
                            found[n] = [i]
        tokens.memo["phrases"] = (self.version, found)
        return found


_REGISTRY = _Registry()


@dataclass
class PhraseSet:
    """Patterns compiled for lookup; build with `add` or `PhraseSet.of`."""

    exact: dict[str, list[tuple[tuple[str, ...], bool, str]]] = field(default_factory=dict)
    prefix: dict[str, list[tuple[str, tuple[str, ...], bool, str]]] = field(default_factory=dict)
    min_prefix: int = 2
    registered: int | None = None
    """Id in the merged first-word table, once searched."""
    single: dict[str, str] | None = None
    single_version: int = -1

    def add(self, pattern: str, label: str) -> None:
        """Add one pattern ("armed forces", "minist*") under `label`."""
        open_end = pattern.endswith("*")
        # A "*" inside ("вооруженн* сил*", "план* сотрудничества") lets that word continue too: the word is kept
        # with its "*" and compared as a prefix.
        words = tuple(fold_word(w) + ("*" if star else "")
                      for w, star in _STARRED.findall(pattern.rstrip("*")) if fold_word(w))
        if not words:
            return
        first, rest = words[0], words[1:]
        stem: str | None = None
        if first.endswith("*"):
            stem = first[:-1]
            self.prefix.setdefault(stem[:self.min_prefix], []).append((stem, rest, open_end, label))
        elif open_end and len(words) == 1:
            stem = first
            self.prefix.setdefault(stem[:self.min_prefix], []).append((stem, (), True, label))
        else:
            self.exact.setdefault(first, []).append((rest, open_end, label))
        if self.registered is not None:
            _REGISTRY.added(self, first, stem)

    @classmethod
    def of(cls, patterns: Iterable[tuple[str, str]]) -> PhraseSet:
        """A set of (pattern, label) pairs."""
        phrases = cls()
        for pattern, label in patterns:
            phrases.add(pattern, label)
        return phrases

    def match_at(self, tokens: Sequence[Token], i: int) -> Match | None:
        """The longest phrase starting at token `i`, if any."""
        key = tokens[i].key
        best: Match | None = None
        for rest, open_end, label in self.exact.get(key, ()):
            end = i + 1 + len(rest)
            if end <= len(tokens) and _rest_matches(tokens, i + 1, rest, open_end) and (best is None or end > best.end):
                best = Match(label, i, end)
        if best is None:
            for stem, rest, open_end, label in self.prefix.get(key[:self.min_prefix], ()):
                end = i + 1 + len(rest)
                if key.startswith(stem) and end <= len(tokens) and _rest_matches(tokens, i + 1, rest, open_end) \
                        and (best is None or end > best.end):
                    best = Match(label, i, end)
        return best

    def find(self, tokens: Sequence[Token]) -> list[Match]:
        """Every non-overlapping match, left to right, longest first at each position (kept with the tokens)."""
        number = self.registered
        if number is None:
            number = self.registered = _REGISTRY.register(self)
        indexed = as_tokens(tokens)
        memo = indexed.memo
        cached = memo.get("phrases")
        version = _REGISTRY.version
        starts = (cached[1] if cached is not None and cached[0] == version
                  else _REGISTRY.candidates(indexed)).get(number)
        if not starts:
            return []  # most sets start nowhere in a text
        key = ("find", number, version)
        found = memo.get(key)
        if found is not None:
            return list(found)
        found = []
        if starts:
            single = self._single_words()
            end = 0
            for start in starts:
                if start < end:
                    continue
                label = single.get(indexed[start].key)
                match = Match(label, start, start + 1) if label is not None else self.match_at(indexed, start)
                if match is not None:
                    found.append(match)
                    end = match.end
        memo[key] = tuple(found)
        return found

    def _single_words(self) -> dict[str, str]:
        """Words that start only one-word phrases: their match needs no look-ahead (the first label listed)."""
        if self.single is None or self.single_version != _REGISTRY.version:
            self.single = {word: entries[0][2] for word, entries in self.exact.items()
                           if all(not rest for rest, _open, _label in entries)}
            self.single_version = _REGISTRY.version
        return self.single
