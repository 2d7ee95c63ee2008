"""International organisations an article names (NATO, EU, OSCE, UN, CSTO, ...), from `data/organisations.toml`."""

from __future__ import annotations

from dataclasses import dataclass

from .data_files import organisations as organisation_lexicon
from .text import tokenize


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    """One organisation named at token `position` of the title or the body."""

    code: str
    position: int
    in_title: bool


def find_organisations(title: str, text: str) -> list[OrganisationMention]:
    """Every organisation mention, title first; abbreviations must match exactly ("EU", not "eu")."""
    lex = organisation_lexicon()
    found: list[OrganisationMention] = []
    for segment, in_title in ((title, True), (text, False)):
        tokens = tokenize(segment)
        named = {m.start: m.label for m in lex.names.find(tokens)}
        for i, token in enumerate(tokens):
            code = named.get(i) or lex.abbreviations.get(token.text)
            if code:
                found.append(OrganisationMention(code, i, in_title))
    return found


def organisation_codes(mentions: list[OrganisationMention]) -> list[str]:
    """Distinct codes in order of first mention."""
    return list(dict.fromkeys(m.code for m in mentions))
