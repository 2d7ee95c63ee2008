"""Country lexicons: CLDR territory names (Babel) plus the curated table, compiled once per language."""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from babel import Locale

from ..country_codes import is_country_code
from .lexicon_data import BLOCKED, CURATED, UNSAFE_ACROSS_LANGUAGES
from .text import fold_word

logger = logging.getLogger(__name__)

LANGUAGES = ("it", "en", "az", "ru", "fr", "de", "es", "tr", "uk", "ar")
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ENDINGS_RU = "аяьйоеиыіїєю"


@dataclass(frozen=True, slots=True)
class Form:
    """What a matched word sequence means: a country code (None for a blocked phrase) and how it matched."""

    code: str | None
    kind: str  # "name" (capitalised), "adj" (any case), "abbr" (exact case), "block"
    original: tuple[str, ...] = ()


@dataclass(eq=False)
class Lexicon:
    """Compiled lookup tables for one language (or all languages when `language` is None)."""

    language: str | None
    phrases: dict[tuple[str, ...], list[Form]] = field(default_factory=dict)
    stems: dict[str, tuple[Form, int]] = field(default_factory=dict)
    last_stems: dict[tuple[str, ...], list[tuple[str, int, Form]]] = field(default_factory=dict)
    compounds: dict[str, str] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=set)
    stem_heads: set[str] = field(default_factory=set)
    max_len: int = 1
    min_stem: int = 4

    def add_phrase(self, words: tuple[str, ...], form: Form) -> None:
        forms = self.phrases.setdefault(words, [])
        if form not in forms:
            forms.append(form)
        self.max_len = max(self.max_len, len(words))
        if len(words) > 1:
            self.first_words.add(words[0])

    def add_stem(self, stem: str, max_suffix: int, form: Form) -> None:
        self.stem_heads.add(stem[:self.min_stem])
        if stem not in self.stems or self.stems[stem][0].kind == "name":
            self.stems[stem] = (form, max_suffix)


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in _WORD.findall(text))


def _name_stem(word: str) -> tuple[str, int] | None:
    """The stem and the longest suffix allowed for an inflected country name."""
    if _CYRILLIC.search(word):
        stem = word[:-1] if word[-1] in _ENDINGS_RU else word
        return (stem, 3) if len(stem) >= 4 else None
    return (word, 6) if len(word) >= 5 else None


_ADJECTIVE_CASES = (
    # Russian and Ukrainian adjective endings and their case forms: the first words of a name such as "Новая
    # Зеландия", "Объединенные Арабские Эмираты", "Південна Корея" inflect with the last one ("Новой Зеландии",
    # "Объединенных Арабских Эмиратов", "Південної Кореї").
    ("ая", ("ой", "ую", "ою")), ("яя", ("ей", "юю", "ею")), ("ое", ("ого", "ому", "ом")),
    ("ый", ("ого", "ому", "ым", "ом")), ("ий", ("ого", "ому", "им", "ом")), ("ые", ("ых", "ым", "ыми")),
    ("ие", ("их", "им", "ими")), ("а", ("ої", "у", "ою", "ій")), ("і", ("их", "им", "ими")),
)


_FOLDED_CASES = tuple((fold_word(ending), forms) for ending, forms in _ADJECTIVE_CASES)
"""The endings folded like the name's words ("ий" reads "ии" after folding)."""


def _german_adjective_forms(word: str) -> tuple[str, ...]:
    """A German adjective of a country name with its weak ending: "Vereinigte Staaten" reads "den Vereinigten
    Staaten", "Vereinigtes Königreich" "im Vereinigten Königreich", "Dominikanische Republik" "der Dominikanischen
    Republik" (the last word is matched as a stem)."""
    if len(word) > 5 and word.endswith("es"):
        return (word, word[:-2] + "en")
    if len(word) > 5 and word.endswith("e"):
        return (word, word + "n")
    return (word,)


def _adjective_forms(word: str) -> tuple[str, ...]:
    """A Cyrillic adjective of a country name with its case forms ("новая" -> "новой", "новую", "новою")."""
    for ending, forms in _FOLDED_CASES:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[:-len(ending)]
            return (word, *(fold_word(base + f) for f in forms))
    return (word,)


def _add_name(lex: Lexicon, name: str, code: str) -> None:
    for variant in re.split(r"\s*[()]\s*", name):
        words = _words(variant)
        if not words or (variant.isupper() and variant != name):
            continue  # "Внешние малые острова (США)": the bracketed abbreviation names another country
        form = Form(code, "name")
        lex.add_phrase(words, form)
        stem = _name_stem(words[-1])
        if stem is None:
            continue
        if len(words) == 1:
            lex.add_stem(stem[0], stem[1], form)
        elif _CYRILLIC.search(words[-1]):
            for head in itertools.product(*(_adjective_forms(w) for w in words[:-1])):
                lex.last_stems.setdefault(head, []).append((stem[0], stem[1], form))
                lex.first_words.add(head[0])
        else:
            for head in itertools.product(*(_german_adjective_forms(w) for w in words[:-1])):
                lex.last_stems.setdefault(head, []).append((stem[0], stem[1], form))
                lex.first_words.add(head[0])


def _add_curated(lex: Lexicon, entry: str, code: str) -> None:
    marker = entry[0]
    if marker == "=":
        original = tuple(_WORD.findall(entry[1:]))
        lex.add_phrase(_words(entry[1:]), Form(code, "abbr", original))
    elif marker == "-":
        lex.compounds[fold_word(entry[1:])] = code
    elif marker == "~":
        body = entry[1:]
        if body.endswith("*"):
            words = _words(body[:-1])
            if len(words) == 1:
                stem = words[0]
                if stem.endswith("o") and len(stem) >= 6:
                    stem = stem[:-1]  # "iracheno*" also reads "iracheni", "irachena": the plural and feminine
                lex.add_stem(stem, 6, Form(code, "adj"))
            else:
                lex.add_phrase(words, Form(code, "adj"))
                lex.last_stems.setdefault(words[:-1], []).append((words[-1], 6, Form(code, "adj")))
        else:
            lex.add_phrase(_words(body), Form(code, "adj"))
    else:
        _add_name(lex, entry, code)


_AR_PROCLITICS = ("و", "ب", "ل", "ف")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _arabic_forms(name: str) -> list[tuple[str, str]]:
    """Arabic forms CLDR does not list: the name with a proclitic ("وفرنسا", "والهند") and, for one-word names,
    the relative adjective ("قطري", "القطرية", "التركية" from "تركيا"; a longer name's first word makes common words:
    "الجبل الأسود" no "الجبلية", mountainous, "الأراضي الفلسطينية" no "الأراضي", lands)."""
    words = name.split()
    if not words:
        return []
    first, rest = words[0], " ".join(words[1:])
    forms = [(f"{p}{first} {rest}".strip(), "name") for p in _AR_PROCLITICS]
    if first.startswith("ال"):
        forms.append((f"لل{first[2:]} {rest}".strip(), "name"))
    base = first[2:] if first.startswith("ال") else first
    if base[-1:] in ("ا", "ة", "ى"):
        base = base[:-1]
    if not base.endswith("ي"):
        base += "ي"  # the relative ending: "قطر" -> "قطري"; "تركيا" -> "تركي"
    if len(words) == 1:  # not from a longer name's first word ("الإقليمية" is regional, not IO)
        for adjective in (base, f"{base}ة", f"ال{base}", f"ال{base}ة", f"وال{base}", f"وال{base}ة", f"{base}ين",
                          f"ال{base}ين"):
            forms.append((adjective, "adj"))
    return forms


@cache
def cldr_names(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) for every ISO 3166-1 alpha-2 territory in one CLDR locale."""
    territories = Locale.parse(language).territories
    return tuple((code, name) for code, name in territories.items() if is_country_code(code))


@lru_cache(maxsize=16)
def lexicon_for(language: str | None) -> Lexicon:
    """The lexicon for one of `LANGUAGES` (with English names added), or for all of them (None)."""
    lex = Lexicon(language)
    languages = LANGUAGES if language is None else tuple(dict.fromkeys((language, "en")))
    for lang in languages:
        for code, name in cldr_names(lang):
            if language is None and fold_word(name) in UNSAFE_ACROSS_LANGUAGES:
                continue
            _add_name(lex, name, code)
    for lang in ("tr", "az"):
        if lang in languages:
            for code, name in cldr_names(lang):
                words = _words(name)
                if len(words) == 1 and len(words[0]) < 5:  # longer names read "-lı" as an inflection already
                    for ending in ("li", "lu"):  # "Iraklı", "İranlı", "Çinli", "Kübalı" (folded ı, ü)
                        lex.add_stem(words[0] + ending, 6, Form(code, "adj"))
    if "ar" in languages:
        for code, name in cldr_names("ar"):
            for form, kind in _arabic_forms(name):
                lex.add_phrase(_words(form), Form(code, kind))
    for code, entries in CURATED.items():
        for entry in entries.split("|"):
            _add_curated(lex, entry.strip(), code)
            if "ar" in languages and entry[:1] not in "~=-" and _ARABIC.search(entry):
                for form, kind in _arabic_forms(entry.strip()):  # "الإمارات": "والإمارات", "بالإمارات"
                    lex.add_phrase(_words(form), Form(code, kind))
            elif "ar" in languages and entry.startswith("~ال"):  # "~السعودي*": "والسعودية", "للسعودية"
                for proclitic in ("و", "ب", "ف"):
                    _add_curated(lex, f"~{proclitic}{entry[1:].strip()}", code)
                _add_curated(lex, f"~لل{entry[3:].strip()}", code)
    for phrase in BLOCKED:
        words = _words(phrase)
        lex.phrases[words] = [Form(None, "block")]
        lex.max_len = max(lex.max_len, len(words))
        if len(words) > 1:
            lex.first_words.add(words[0])
    logger.debug("country lexicon %s: %d phrases, %d stems", language, len(lex.phrases), len(lex.stems))
    return lex
