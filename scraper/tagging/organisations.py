"""International organisations an article names (NATO, EU, OSCE, UN, CSTO, ...), from `data/organisations.toml`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .data_files import organisations as organisation_lexicon
from .text import tokenize


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    """One organisation named at token `position` of the title or the body."""

    code: str
    position: int
    in_title: bool


@lru_cache(maxsize=32)
def find_organisations(title: str, text: str) -> tuple[OrganisationMention, ...]:
    """Every organisation mention, title first; abbreviations must match exactly ("EU", not "eu")."""
    lex = organisation_lexicon()
    found: list[OrganisationMention] = []
    for segment, in_title in ((title, True), (text, False)):
        tokens = tokenize(segment)
        named = {m.start: m.label for m in lex.names.find(tokens)}
        abbreviations = lex.abbreviations
        if tokens.texts.isdisjoint(abbreviations):
            found.extend(OrganisationMention(code, i, in_title) for i, code in sorted(named.items()) if code)
            continue
        for i, token in enumerate(tokens):
            code = named.get(i) or (abbreviations.get(token.text) if token.text.isupper() else None)
            if code:
                found.append(OrganisationMention(code, i, in_title))
    return tuple(found)


def organisation_codes(mentions: Sequence[OrganisationMention]) -> list[str]:
    """Distinct codes in order of first mention."""
    return list(dict.fromkeys(m.code for m in mentions))
