"""The hand-written lexicons of `data/` (roles, capitals, organisations), read and compiled once per process.

A broken data file raises `DataFileError` naming the file and the key, never a bare traceback.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from .phrases import PhraseSet
from .text import fold_word

DATA_DIR: Traversable = resources.files(__package__).joinpath("data")
"""The lexicons' folder, read through importlib.resources: inside a zipped egg (a Scrapyd node) as well."""
ROLE_LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")


class DataFileError(ValueError):
    """A tagging data file is missing, not TOML, or has a key of the wrong shape."""


def read_table(name: str) -> dict:
    """The parsed TOML file `data/<name>` (parsed once per process; do not modify it)."""
    return _parsed(DATA_DIR / name)


@cache
def _parsed(path: Traversable) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{path}: missing tagging data file") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not valid TOML: {exc}") from None


def _strings(name: str, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"{DATA_DIR / name}: key {key!r} must be a list of strings")
    return value


def _folded_words(name: str, section: str, key: str) -> tuple[str, ...]:
    """The list `section.key` of the data file `name` (a word list for every language, such as suffixes), folded."""
    words = read_table(name).get(section, {}).get(key, [])
    return tuple(fold_word(s) for s in _strings(name, f"{section}.{key}", words))


def _per_language(name: str, section: str, languages: tuple[str, ...]) -> PhraseSet:
    table = read_table(name).get(section, {})
    if not isinstance(table, dict):
        raise DataFileError(f"{DATA_DIR / name}: [{section}] must be a table")
    phrases = PhraseSet()
    for lang in languages:
        for pattern in _strings(name, f"{section}.{lang}", table.get(lang, [])):
            phrases.add(pattern, lang)
    return phrases


def _languages(language: str | None) -> tuple[str, ...]:
    if language is None or language not in ROLE_LANGUAGES:
        return ROLE_LANGUAGES
    return tuple(dict.fromkeys((language, "en")))


@dataclass(frozen=True)
class RoleLexicon:
    """The role words of one language (plus English), or of all languages."""

    actors: PhraseSet
    counterpart_before: PhraseSet
    counterpart_after: PhraseSet
    negation: PhraseSet
    negated_suffixes: tuple[str, ...]
    present_negated_suffixes: tuple[str, ...]
    """Turkish and Azerbaijani present and aorist negative endings, read for participation words only."""
    locative: PhraseSet
    locative_suffixes: frozenset[str]
    venue_in: PhraseSet
    """"In" words: a country right after one in the title is the event's place ("en Pologne", "im Kosovo")."""
    venue_suffixes: frozenset[str]
    """Turkish and Azerbaijani locative endings ("Kosova'da")."""
    border: PhraseSet
    """Border words: a country beside one names the event's place ("near the border with Russia")."""
    subject: PhraseSet
    """Situation, war and threat words: a country beside one is what talks are about ("the situation in Sudan")."""
    verb_first: bool
    """Arabic puts the verb before its subject: a contribution verb names the country right after it."""
    nouns_capitalised: bool
    """German writes every noun with a capital: a capitalised word there is no name by its capital alone."""
    own_unit: PhraseSet
    own_unit_endings: tuple[str, ...]
    contribution: PhraseSet
    chair: PhraseSet
    """Chairs, co-chairs, hosts and commanders of a multilateral event."""
    observer: PhraseSet
    diplomat: PhraseSet
    """Ambassadors, embassies and attachés: a country named only through one attends as a guest."""
    origin: PhraseSet
    origin_agents: frozenset[str]
    """"By" words: a maker named after a made-in word and one of these is the seller ("built by Türkiye's STM")."""
    firm: PhraseSet
    """Firm words: a country beside one in a deal sentence is the seller or partner through its firm."""
    quantity: PhraseSet
    """Quantity words: a number right after one is a count ("more than 2000 troops"), not a year."""
    subcontractor: PhraseSet
    """Subcontractor words: the firm or country beside one supplies parts to the seller, background."""
    reaction: PhraseSet
    situation: PhraseSet
    """Situation and crisis words: the country they name, a few words away, is what talks are about ("the situation
    in Sudan and Libya", "la situación de seguridad en Malí")."""
    war_named: PhraseSet
    """Weapons, ships and schools named with a war word ("savaş uçakları", "Kriegsschiffe"): no hostility cue."""
    not_own: PhraseSet
    mission_acronyms: frozenset[str]
    """Acronyms of organisations' missions and forces ("KFOR", "FINUL"): a country in the name before one is the place
    the mission serves."""
    mission: PhraseSet
    """Mission and force words: a country after "in" that follows one and an organisation is the mission's place."""
    working_level: PhraseSet
    """Chiefs of staff and service chiefs: a signing by them alone is working level."""
    ministerial: PhraseSet
    """Ministers, governments, heads of state: a signing led by them is an agreement."""


@cache
def role_lexicon(language: str | None) -> RoleLexicon:
    """Compiled `data/roles.toml` for `language` (None or unsupported: every language)."""
    languages = _languages(language)
    name = "roles.toml"
    return RoleLexicon(
        actors=_per_language(name, "actor", languages),
        counterpart_before=_per_language(name, "counterpart_before", languages),
        counterpart_after=_per_language(name, "counterpart_after", languages),
        negation=_per_language(name, "negation", languages),
        negated_suffixes=_folded_words(name, "negation", "negated_suffixes"),
        present_negated_suffixes=_folded_words(name, "negation", "present_negated_suffixes"),
        locative=_per_language(name, "locative", languages),
        locative_suffixes=frozenset(_folded_words(name, "locative", "suffixes")),
        venue_in=_per_language(name, "venue_in", languages),
        venue_suffixes=frozenset(_folded_words(name, "venue_in", "suffixes")),
        border=_per_language(name, "border", languages),
        subject=_per_language(name, "subject", languages),
        nouns_capitalised=languages[0] == "de",
        verb_first=languages[0] == "ar",
        own_unit=_per_language(name, "own_unit", languages),
        own_unit_endings=_folded_words(name, "own_unit", "endings"),
        contribution=_per_language(name, "contribution", languages),
        chair=_per_language(name, "chair", languages),
        observer=_per_language(name, "observer", languages),
        diplomat=_per_language(name, "diplomat", languages),
        origin=_per_language(name, "origin", languages),
        origin_agents=frozenset(_folded_words(name, "origin", "agents")),
        firm=_per_language(name, "firm", languages),
        subcontractor=_per_language(name, "subcontractor", languages),
        quantity=_per_language(name, "quantity", languages),
        reaction=_per_language(name, "reaction", languages),
        situation=_per_language(name, "situation", languages),
        war_named=_per_language(name, "war_named", languages),
        not_own=_per_language(name, "actor_not_own", ("all",)),
        mission_acronyms=frozenset(_strings(name, "mission.acronyms", read_table(name).get("mission", {}).get(
            "acronyms", []))),
        mission=_per_language(name, "mission", languages),
        working_level=_per_language(name, "working_level", languages),
        ministerial=_per_language(name, "ministerial", languages),
    )


@cache
def capitals() -> dict[str, str]:
    """Folded capital name (first word of it for two-word names) -> ISO alpha-2 code."""
    name = "capitals.toml"
    found: dict[str, str] = {}
    for code, forms in read_table(name).items():
        _check_country_key(name, code)
        for form in _strings(name, code, forms):
            found[" ".join(fold_word(w) for w in form.replace("-", " ").replace("'", " ").split())] = code
    return found


@dataclass(frozen=True)
class OrganisationLexicon:
    """Abbreviations (exact case) and folded names of international organisations."""

    abbreviations: dict[str, str]
    names: PhraseSet


def _check_country_key(name: str, code: str) -> None:
    if len(code) != 2 or not code.isupper():
        raise DataFileError(f"{DATA_DIR / name}: key {code!r} is not an ISO 3166-1 alpha-2 code")


def _names_by_code(name: str, *, country_keys: bool) -> OrganisationLexicon:
    """A data file of code = [forms]: one-word upper-case forms are exact-case abbreviations, others names."""
    abbreviations: dict[str, str] = {}
    names = PhraseSet()
    for code, forms in read_table(name).items():
        if country_keys:
            _check_country_key(name, code)
        for form in _strings(name, code, forms):
            if form.isupper() and " " not in form:
                abbreviations[form] = code
            else:
                names.add(form, code)
    return OrganisationLexicon(abbreviations, names)


@cache
def organisations() -> OrganisationLexicon:
    """Compiled `data/organisations.toml`."""
    return _names_by_code("organisations.toml", country_keys=False)


@cache
def companies() -> OrganisationLexicon:
    """Compiled `data/companies.toml`: defence firms and agencies by the country they act for."""
    return _names_by_code("companies.toml", country_keys=True)
