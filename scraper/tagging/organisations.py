"""International organisations an article names (NATO, EU, OSCE, UN, CSTO, ...), from `data/organisations.toml`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .data_files import organisations as organisation_lexicon
from .text import Token, as_tokens, tokenize


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    """One organisation named at token `position` of the title or the body."""

    code: str
    position: int
    in_title: bool


@lru_cache(maxsize=32)
def find_organisations(title: str, text: str) -> tuple[OrganisationMention, ...]:
    """Every organisation mention, title first; abbreviations must match exactly ("EU", not "eu")."""
    return tuple(OrganisationMention(code, i, in_title) for segment, in_title in ((title, True), (text, False))
                 for i, code in organisations_in(tokenize(segment)))


def organisations_in(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(token position, code) of each organisation named in one segment's tokens, in order."""
    lex = organisation_lexicon()
    named = {m.start: m.label for m in lex.names.find(tokens)}
    abbreviations = lex.abbreviations
    if as_tokens(tokens).texts.isdisjoint(abbreviations):
        return [(i, code) for i, code in sorted(named.items()) if code]
    found = []
    for i, token in enumerate(tokens):
        code = named.get(i) or (abbreviations.get(token.text) if token.text.isupper() else None)
        if code:
            found.append((i, code))
    return found


def organisation_codes(mentions: Sequence[OrganisationMention]) -> list[str]:
    """Distinct codes in order of first mention."""
    return list(dict.fromkeys(m.code for m in mentions))
