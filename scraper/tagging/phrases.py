"""Phrase sets: folded word sequences (a trailing "*" lets the last word continue) found in token streams.

One matcher for every hand-written lexicon of the tagging data files (roles, capitals, organisations):
a pattern is compiled once into a dict keyed by its first word (or the first word's stem), and
`PhraseSet.find` walks the tokens once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .text import Token, fold_word

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found at tokens [start, end) with the label it was listed under."""

    label: str
    start: int
    end: int


@dataclass
class PhraseSet:
    """Patterns compiled for lookup; build with `add` or `PhraseSet.of`."""

    exact: dict[str, list[tuple[tuple[str, ...], bool, str]]] = field(default_factory=dict)
    prefix: dict[str, list[tuple[str, tuple[str, ...], bool, str]]] = field(default_factory=dict)
    min_prefix: int = 2

    def add(self, pattern: str, label: str) -> None:
        """Add one pattern ("armed forces", "minist*") under `label`."""
        open_end = pattern.endswith("*")
        words = tuple(fold_word(w) for w in _WORD.findall(pattern.rstrip("*")))
        if not words:
            return
        if open_end and len(words) == 1:
            self.prefix.setdefault(words[0][:self.min_prefix], []).append((words[0], (), True, label))
        else:
            self.exact.setdefault(words[0], []).append((words[1:], open_end, label))

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
            if end > len(tokens):
                continue
            ok = True
            for n, word in enumerate(rest):
                got = tokens[i + 1 + n].key
                last = n == len(rest) - 1
                if not (got == word or (last and open_end and got.startswith(word))):
                    ok = False
                    break
            if ok and (best is None or end > best.end):
                best = Match(label, i, end)
        if best is None:
            for stem, _rest, _open, label in self.prefix.get(key[:self.min_prefix], ()):
                if key.startswith(stem):
                    return Match(label, i, i + 1)
        return best

    def find(self, tokens: Sequence[Token]) -> list[Match]:
        """Every non-overlapping match, left to right, longest first at each position."""
        found: list[Match] = []
        exact, prefix, cut = self.exact, self.prefix, self.min_prefix
        end = 0
        for start, token in enumerate(tokens):
            key = token.key
            if start < end or (key not in exact and key[:cut] not in prefix):
                continue
            match = self.match_at(tokens, start)
            if match is not None:
                found.append(match)
                end = match.end
        return found
