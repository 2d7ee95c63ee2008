"""Counts of states: "ministers from twelve countries", "Amtskollegen aus acht Staaten", "on bir ölkənin".

A number of three or more right before a word for countries, states or nations (`[states]` in `cues.toml`, per
language; one word may come between: "neuf pays européens", "10 allied nations") says that many countries meet or
take part: a multilateral format, and an international side even when no country is named. Number words come from
num2words in each language (tens and units also written apart, as Turkish and Azerbaijani do: "on iki"), Russian and
Ukrainian numerals also in their oblique case ("двенадцати стран", "восьми государств"); digits in any script.
A number word counts only beside a states word of its own language ("on" is ten in Turkish, not in English).
"""

from __future__ import annotations

from functools import cache

from num2words import num2words

from .data_files import DATA_DIR, DataFileError, read_table
from .text import Tokens, WordFilter, fold_word, tokenize

SMALLEST, LARGEST = 3, 60
"""Counts from three (two countries are a bilateral event) to sixty (larger numbers are rarely countries)."""
GAP = 1
"""Words allowed between the number and the states word."""
LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es", "uk", "ar")
_SPLIT = str.maketrans({"-": " ", ",": " "})


def _oblique(word: str, lang: str) -> set[str]:
    """Russian and Ukrainian oblique-case forms of a cardinal ("двенадцать" -> "двенадцати", "восемь" -> "восьми",
    "три" -> "трех")."""
    if lang not in ("ru", "uk"):
        return set()
    forms = set()
    if word.endswith("ь"):
        forms.add(word[:-1] + "и")
        if word.endswith("емь"):
            forms.add(word[:-3] + "ьми")  # the fleeting vowel: восемь -> восьми
    if word in ("три", "четыре", "чотири"):
        forms |= {word[:-1] + "ех", word[:-1] + "ьох"}
    return forms


@cache
def number_words() -> dict[tuple[str, ...], frozenset[str]]:
    """Folded word sequences of the numbers SMALLEST..LARGEST -> the languages that write them so."""
    table: dict[tuple[str, ...], set[str]] = {}
    for lang in LANGUAGES:
        spelled = {}
        for n in range(1, LARGEST + 1):
            try:
                spelled[n] = num2words(n, lang=lang)
            except NotImplementedError:
                break
        units = {v: n for n, v in spelled.items() if n < 10}
        tens = {v: n for n, v in spelled.items() if n % 10 == 0}
        for n, text in spelled.items():
            if n < SMALLEST:
                continue
            forms = {text}
            for ten, t in tens.items():  # "onbir" -> "on bir"
                rest = text.removeprefix(ten)
                if rest != text and rest in units and t + units[rest] == n:
                    forms.add(f"{ten} {rest}")
            for form in list(forms):
                words = form.translate(_SPLIT).split()
                *head, last = [fold_word(w) for w in words]
                for end in {last, *_oblique(last, lang)}:
                    table.setdefault((*head, end), set()).add(lang)
    return {words: frozenset(langs) for words, langs in table.items()}


@cache
def _states_words() -> dict[str, list[tuple[str, bool]]]:
    """Language -> the states words of `[states]` in cues.toml (folded; True for a "*" prefix)."""
    table = read_table("cues.toml").get("states")
    if not isinstance(table, dict):
        raise DataFileError(f"{DATA_DIR / 'cues.toml'}: [states] must be a table of languages")
    out: dict[str, list[tuple[str, bool]]] = {}
    for lang, entries in table.items():
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
            raise DataFileError(f"{DATA_DIR / 'cues.toml'}: states.{lang} must be a list of words")
        out[lang] = [(fold_word(e.rstrip("*")), e.endswith("*")) for e in entries]
    return out


_STATES_OF: dict[str, frozenset[str]] = {}


def _states_languages(key: str) -> frozenset[str]:
    """The languages in which a folded word is a states word (cached per word)."""
    found = _STATES_OF.get(key)
    if found is None:
        found = frozenset(lang for lang, words in _states_words().items()
                          if any(key.startswith(w) if star else key == w for w, star in words))
        if len(_STATES_OF) > 200_000:
            _STATES_OF.clear()
        _STATES_OF[key] = found
    return found


@cache
def _states_filter() -> WordFilter:
    """The states words among a text's distinct words (remembered across texts: set operations per text)."""
    return WordFilter(lambda key: not key.isdigit() and bool(_states_languages(key)))


def _number_before(tokens: Tokens, end: int, langs: frozenset[str]) -> int | None:
    """The position of a number of SMALLEST..LARGEST ending at token `end` (inclusive), in one of `langs`."""
    key = tokens[end].key
    if key.isdigit():
        return end if SMALLEST <= int(key) <= LARGEST else None
    table = number_words()
    for size in (3, 2, 1):
        start = end - size + 1
        if start < 0 or any(tokens[p].sentence_start for p in range(start + 1, end + 1)):
            continue
        found = table.get(tuple(tokens[p].key for p in range(start, end + 1)))
        if found and found & langs:
            return start
    return None


def count_positions(text: str) -> tuple[int, ...]:
    """Token positions of the numbers that count states in `text`."""
    tokens = tokenize(text)
    keys = _states_filter()(tokens.distinct)
    if not keys:
        return ()
    found = []
    for position in tokens.positions(keys):
        langs = _states_languages(tokens[position].key)
        for end in range(position - 1, max(position - 2 - GAP, -1), -1):
            if tokens[end + 1].sentence_start:
                break
            start = _number_before(tokens, end, langs)
            if start is not None:
                found.append(start)
                break
    return tuple(sorted(set(found)))  # "cinque Paesi alleati": one count
