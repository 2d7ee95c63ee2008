"""Which countries an article is about: ISO 3166-1 alpha-2 codes from names, adjectives and demonyms.

Matching works on folded word tokens (see `text.fold_word`): longest phrase first, then
compound prefixes ("italo-"), then inflected stems ("Azərbaycanın", "Италией", "azeri").
Ambiguous names (Georgia, Jordan, Chad, ...) are checked against their neighbours, and once a
name has been read as a person or a US state it is not read as a country again in that article.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from ..languages import language_identifier, primary_subtag
from .lexicon import LANGUAGES, Form, Lexicon, lexicon_for
from .lexicon_data import AMBIGUOUS, CONNECTIVES, COUNTRY_CONTEXT, SHIP_PREFIXES
from .text import Token, WordFilter, joined_by_hyphen, tokenize

logger = logging.getLogger(__name__)

TITLE_WEIGHT = 3.0
BODY_WEIGHT = 1.0
PUBLISHER_MIN_BODY_MENTIONS = 2


@dataclass(slots=True)
class Mention:
    """One occurrence of a country in the title or the body."""

    code: str
    position: int
    end: int
    in_title: bool
    paired: bool = False  # named as a party next to another country ("Italia-Azerbaijan", "X e Y")
    adjective: bool = False  # an adjective or demonym ("italiano", "українського"), not the name


def detect_language(text: str) -> str | None:
    """Best guess among `LANGUAGES` for unlabelled text, or None when it is none of them."""
    if not text.strip():
        return None
    return _identified(text[:LANGUAGE_SAMPLE])


LANGUAGE_SAMPLE = 2000
"""Characters of a text the language is told from."""


@lru_cache(maxsize=16)
def _identified(sample: str) -> str | None:
    """`detect_language` of a text's first `LANGUAGE_SAMPLE` characters (cached: the crawl's tagging and its story
    features read the same start of a page, the features its first `stories.GROUP_TEXT_CHARS` only)."""
    language, _score = language_identifier(norm_probs=False).classify(sample)
    return language if language in LANGUAGES else None


def is_country_word(key: str) -> bool:
    """True when a folded word names a country in any language (a name, adjective or inflection)."""
    lex = lexicon_for(None)
    if (key,) in lex.phrases:
        return True
    return any(key[:cut] in lex.stems for cut in range(len(key), lex.min_stem - 1, -1))


def _accept(forms: list[Form], tokens: tuple[Token, ...]) -> Form | None:
    for form in forms:
        if form.kind in ("block", "adj"):
            return form
        if form.kind == "abbr" and tuple(t.text for t in tokens) == form.original:
            return form
        if form.kind == "name" and tokens[0].capitalised:
            return form
    return None


def _match_stem(lex: Lexicon, token: Token) -> Form | None:
    key = token.key
    for cut in range(len(key), lex.min_stem - 1, -1):
        entry = lex.stems.get(key[:cut])
        if entry is None:
            continue
        form, max_suffix = entry
        if len(key) - cut > max_suffix:
            return None
        if form.kind == "name" and (cut < 6 or cut == len(key)) and not token.capitalised:
            return None  # a lower-case exact name or a short stem is an ordinary word
        return form
    return None


def _context_rejects(lex: Lexicon, text: str, tokens: tuple[Token, ...], i: int, length: int) -> bool:
    """True when an ambiguous name reads as a person's name or a US state here."""
    token = tokens[i]
    if i > 0 and not token.sentence_start:
        prev = tokens[i - 1]
        gap = text[prev.end:token.start]
        if prev.capitalised and not prev.text.isupper() and prev.key not in COUNTRY_CONTEXT and gap == " " \
                and prev.key not in CONNECTIVES:  # "Le Mali et le Niger", "El Chad": an article, not a given name
            return True
        if (token.key == "georgia" and gap.strip() == "," and prev.capitalised and (prev.key,) not in lex.phrases
                and i > 1 and tokens[i - 2].capitalised):
            return True  # "Fort Stewart, Georgia": a US town and state
    nxt = tokens[i + length] if i + length < len(tokens) else None
    if (nxt is not None and not nxt.sentence_start and text[token.end:nxt.start] == " "
            and nxt.capitalised and nxt.key not in COUNTRY_CONTEXT):
        return True
    return any(t.key == "guard" for t in tokens[i + length:i + length + 3])


def find_mentions(text: str, lex: Lexicon, in_title: bool, offset: int = 0,
                  rejected: set[str] | None = None) -> list[Mention]:
    """All country mentions in one text, in order.

    `rejected` collects ambiguous names read as a person or a US state; pass the same set for the
    title and the body so that "Col. Chad Jordan" in the title also rules out "Jordan" below.
    """
    tokens = tokenize(text)
    mentions: list[Mention] = []
    rejected = set() if rejected is None else rejected
    i, n = 0, len(tokens)
    # Only words that start a name, phrase, compound or inflected name are read.
    starts = tokens.positions(_mention_words(lex)(tokens.distinct))
    keys, sizes = tokens.keys, _phrase_sizes(lex)
    for start in starts:
        if start < i:
            continue
        i = start
        token = tokens[i]
        form, length = None, 1
        if token.key in lex.first_words:
            for size in sizes[token.key]:
                if size > n - i:
                    continue
                window = tokens[i:i + size]
                words = keys[i:i + size]
                forms = lex.phrases.get(words)
                form = _accept(forms, window) if forms else None
                if form is None:
                    for stem, max_suffix, candidate in lex.last_stems.get(words[:-1], ()):
                        last = words[-1]
                        if last.startswith(stem) and len(last) - len(stem) <= max_suffix and (
                                candidate.kind != "name" or window[0].capitalised or window[-1].capitalised):
                            form = candidate  # a name needs a capital ("la Réunion" yes, "la réunion" no)
                            break
                if form is not None:
                    length = size
                    break
        if form is None:
            forms = lex.phrases.get((token.key,))
            form = _accept(forms, (token,)) if forms else None
        if form is None and token.key in lex.compounds and i + 1 < n and joined_by_hyphen(text, token, tokens[i + 1]):
            form = Form(lex.compounds[token.key], "adj")
        if form is None and token.key[:lex.min_stem] in lex.stem_heads:
            form = _match_stem(lex, token)
        if form is not None and form.code is not None:
            if form.kind == "name" and i > 0 and tokens[i - 1].text in SHIP_PREFIXES:
                if length == 1 and token.key in AMBIGUOUS:
                    rejected.add(token.key)  # "USS Georgia": a ship, also when named again below
                form = None
            elif form.kind == "name" and length == 1 and token.key in AMBIGUOUS and (
                    token.key in rejected or _context_rejects(lex, text, tokens, i, length)):
                rejected.add(token.key)
                form = None
            if form is not None:
                mentions.append(Mention(form.code, offset + i, offset + i + length, in_title,
                                        adjective=form.kind == "adj"))
        i += length
    _mark_pairs(mentions, tokens, offset)
    return mentions


def _mark_pairs(mentions: list[Mention], tokens: tuple[Token, ...], offset: int) -> None:
    """Mark mentions coordinated with another country: only connectives or articles in between."""
    for left, right in zip(mentions, mentions[1:], strict=False):
        if left.code == right.code or right.position - left.end > 3:
            continue
        between = tokens[left.end - offset:right.position - offset]
        if tokens[right.position - offset].sentence_start:
            continue  # "... Russia and Tajikistan. Armenia did not take part": another sentence
        if all(t.key in CONNECTIVES for t in between):
            left.paired = right.paired = True


@lru_cache(maxsize=16)
def _trigger_words(lex: Lexicon) -> frozenset[str]:
    """The folded words that can start a country mention in `lex`: a phrase's first word, a one-word name or
    form, a compound prefix (inflected names are found by their stem heads)."""
    return frozenset(set(lex.first_words) | set(lex.compounds) | {w[0] for w in lex.phrases if len(w) == 1})


@lru_cache(maxsize=16)
def _phrase_sizes(lex: Lexicon) -> dict[str, tuple[int, ...]]:
    """First word -> the lengths (from 2 words, longest first) of the phrases and inflected phrases starting with it."""
    sizes: dict[str, set[int]] = {}
    for words in lex.phrases:
        if len(words) > 1:
            sizes.setdefault(words[0], set()).add(len(words))
    for head in lex.last_stems:
        if head:
            sizes.setdefault(head[0], set()).add(len(head) + 1)
    return {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()}


@lru_cache(maxsize=16)
def _mention_words(lex: Lexicon) -> WordFilter:
    """The words at which a country mention of `lex` may start."""
    triggers, min_stem, heads = _trigger_words(lex), lex.min_stem, lex.stem_heads
    return WordFilter(lambda key: key in triggers or key[:min_stem] in heads)


@lru_cache(maxsize=32)
def _mention_stats(title: str, text: str, lang: str | None):
    """Per-country mention statistics of one article (cached: callers often tag the same text twice)."""
    if lang not in LANGUAGES:
        lang = detect_language(f"{title}\n{text}")
    lex = lexicon_for(lang)
    rejected: set[str] = set()
    mentions = find_mentions(title, lex, True, 0, rejected) + find_mentions(text, lex, False, 100000, rejected)
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    titled: set[str] = set()
    paired: set[str] = set()
    body: dict[str, int] = {}
    for m in mentions:
        scores[m.code] = scores.get(m.code, 0.0) + (TITLE_WEIGHT if m.in_title else BODY_WEIGHT)
        first.setdefault(m.code, m.position)
        if m.in_title:
            titled.add(m.code)
        else:
            body[m.code] = body.get(m.code, 0) + 1
        if m.paired:
            paired.add(m.code)
    return scores, first, titled, paired, body


def tag_countries(title: str, text: str, language: str | None = None,
                  publisher_country: str | None = None) -> list[str]:
    """ISO 3166-1 alpha-2 codes of the countries an article is about, most prominent first.

    A country counts once it is named anywhere (title mentions weigh more in the ranking).
    The publisher's own country only counts when the article is about it: named in the title,
    named at least twice in the body, or named as a party next to another country
    ("Italia-Azerbaijan", "tra Italia, Regno Unito e Giappone").
    """
    scores, first, titled, paired, body = _mention_stats(title or "", text or "", primary_subtag(language, strict=True))
    scores = dict(scores)
    publisher = (publisher_country or "").upper() or None
    if publisher in scores and not (publisher in titled or publisher in paired
                                    or body.get(publisher, 0) >= PUBLISHER_MIN_BODY_MENTIONS):
        del scores[publisher]
    return sorted(scores, key=lambda code: (-scores[code], first[code]))
