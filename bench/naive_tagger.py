"""The naive tagger the benchmark compares against: what one writes in an afternoon, at its honest best.

- countries: Babel (CLDR) territory names in the report's language and in English, matched as whole words
  (as written, so capitalised names only match capitalised words);
- kinds: a few keywords per language per kind, matched as words or word starts in the lower-cased text;
  the main kind is the one with most hits;
- cooperation: two or more countries and at least one kind keyword; the parties are then every country found;
- stories: reports with the same (non-empty) set of countries published within two days of each other.

Written without looking at the labelled reports and not tuned on them.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from babel import Locale

KINDS = ("staff_talks", "agreement", "visit", "exercise", "training", "industry", "multilateral")
KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"staff_talks": ("talks", "meeting", "consultations"), "agreement": ("agreement", "memorandum", "signed"),
           "visit": ("visit",), "exercise": ("exercise", "drill"), "training": ("training", "course"),
           "industry": ("contract", "delivery", "procurement", "industry"),
           "multilateral": ("nato", "european union", "united nations", "multinational")},
    "it": {"staff_talks": ("colloqui", "incontro", "riunione"), "agreement": ("accordo", "memorandum", "firmat"),
           "visit": ("visita",), "exercise": ("esercitazion",), "training": ("addestrament", "corso", "formazione"),
           "industry": ("contratto", "fornitura", "industria"), "multilateral": ("nato", "unione europea", "onu")},
    "fr": {"staff_talks": ("entretiens", "réunion", "rencontre"), "agreement": ("accord", "protocole", "sign"),
           "visit": ("visite",), "exercise": ("exercice", "manœuvre"), "training": ("formation", "entraînement"),
           "industry": ("contrat", "livraison", "industri"), "multilateral": ("otan", "union européenne", "onu")},
    "de": {"staff_talks": ("gespräch", "treffen", "konsultation"), "agreement": ("abkommen", "vereinbarung",
                                                                                 "unterzeichn"),
           "visit": ("besuch",), "exercise": ("übung", "manöver"), "training": ("ausbildung", "lehrgang"),
           "industry": ("vertrag", "lieferung", "beschaffung", "rüstung"), "multilateral": ("nato", "eu", "uno")},
    "es": {"staff_talks": ("conversaciones", "reunión", "encuentro"), "agreement": ("acuerdo", "memorando",
                                                                                    "firma"),
           "visit": ("visita",), "exercise": ("ejercicio", "maniobra"), "training": ("adiestramiento",
                                                                                     "formación", "curso"),
           "industry": ("contrato", "entrega", "industria"), "multilateral": ("otan", "unión europea", "onu")},
    "ru": {"staff_talks": ("переговор", "встреч", "консультаци"), "agreement": ("соглашени", "меморандум",
                                                                                  "подписа"),
           "visit": ("визит",), "exercise": ("учени", "маневр"), "training": ("подготовк", "обучени", "курс"),
           "industry": ("контракт", "поставк", "промышленност"), "multilateral": ("нато", "евросоюз", "оон")},
    "tr": {"staff_talks": ("görüşme", "toplantı", "müzakere"), "agreement": ("anlaşma", "mutabakat", "imzala"),
           "visit": ("ziyaret",), "exercise": ("tatbikat",), "training": ("eğitim", "kurs"),
           "industry": ("sözleşme", "teslim", "sanayi", "ihracat"), "multilateral": ("nato", "avrupa birliği",
                                                                                   "bm")},
    "az": {"staff_talks": ("danışıq", "görüş", "iclas"), "agreement": ("saziş", "memorandum", "imzala"),
           "visit": ("səfər", "ziyarət"), "exercise": ("təlim",), "training": ("təhsil", "kurs"),
           "industry": ("müqavilə", "tədarük", "sənaye"), "multilateral": ("nato", "avropa ittifaqı", "bmt")},
}


@dataclass
class NaiveRecord:
    """What the naive tagger says about one article."""

    countries: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    primary_kind: str | None = None
    kinds: list[str] = field(default_factory=list)


@cache
def _country_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for lang in dict.fromkeys((language, "en")):
        try:
            territories = Locale.parse(lang).territories
        except (ValueError, TypeError):
            continue
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "ZZ"}:
                names.setdefault(name, code)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), names


@cache
def _kind_patterns(language: str) -> dict[str, re.Pattern[str]]:
    words = KEYWORDS.get(language, KEYWORDS["en"])
    return {kind: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words[kind]) + ")")
            for kind in KINDS}


def tag(title: str, text: str, language: str) -> NaiveRecord:
    """Tag one article the naive way."""
    full = f"{title}\n{text}"
    pattern, names = _country_pattern(language)
    countries = list(dict.fromkeys(names[m.group()] for m in pattern.finditer(full)))
    lower = full.lower()
    hits = {kind: len(p.findall(lower)) for kind, p in _kind_patterns(language).items()}
    found = sorted((k for k in KINDS if hits[k]), key=lambda k: (-hits[k], KINDS.index(k)))
    record = NaiveRecord(countries=sorted(countries))
    if len(countries) >= 2 and found:
        record.parties = sorted(countries)
        record.primary_kind = found[0]
        record.kinds = found
    return record


def group(items: Sequence[tuple[Hashable, frozenset[str], datetime | None]],
          window: timedelta = timedelta(days=2)) -> list[list[Hashable]]:
    """Stories: same non-empty country set, published within `window` of the group's first report."""
    groups: list[tuple[frozenset[str], datetime | None, list[Hashable]]] = []
    open_by_set: dict[frozenset[str], list[int]] = {}
    for key, countries, published in items:
        placed = False
        if countries:
            for g in open_by_set.get(countries, []):
                first = groups[g][1]
                if first is None or published is None or abs(published - first) <= window:
                    groups[g][2].append(key)
                    placed = True
                    break
        if not placed:
            groups.append((countries, published, [key]))
            if countries:
                open_by_set.setdefault(countries, []).append(len(groups) - 1)
    return [g[2] for g in groups]
