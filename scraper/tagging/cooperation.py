"""Does an article report defence cooperation, and of which kinds?

Weighted multilingual cues (see `cue_data`) are counted in the folded title (double weight)
and body. An article is cooperation news when it has a defence/military context, a cue of at
least one cooperation kind, and an international side (two or more countries, a multilateral
framework, or a delegation / counterpart / bilateral cue); sports, economic, police and
hostility cues pull the score down.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from functools import cache

from .countries import tag_countries
from .cue_data import CASED, CUES
from .text import fold, fold_word

logger = logging.getLogger(__name__)

KINDS = ("staff_talks", "agreement", "visit", "exercise", "training", "industry", "multilateral")
TITLE_WEIGHT = 2.0
KIND_MIN = 1.0       # a kind is reported from this cue weight ...
KIND_RELATIVE = 0.5  # ... and when it reaches this share of the strongest kind ...
KIND_CAP = 6.0       # ... whose weight is capped (long articles repeat their main kind)
THRESHOLD = 0.5


@dataclass
class CooperationResult:
    """Classifier output: the kinds (empty unless `is_cooperation`), a 0..1 score and the decision."""

    kinds: list[str] = field(default_factory=list)
    score: float = 0.0
    is_cooperation: bool = False
    evidence: dict[str, float] = field(default_factory=dict)


def _cue_pattern(cue: str) -> str:
    prefix = cue.endswith("*")
    words = [re.escape(fold_word(w)) for w in cue.rstrip("*").split()]
    body = r"[\W_]+".join(words)
    return body + (r"[^\W_]*" if prefix else "")


@cache
def _compiled() -> dict[str, list[tuple[re.Pattern[str], float, bool]]]:
    """Per category: one regex per weight, folded (case-insensitive) or cased."""
    table: dict[str, list[tuple[re.Pattern[str], float, bool]]] = {}
    for cased, source in ((False, CUES), (True, CASED)):
        for category, spec in source.items():
            by_weight: dict[float, list[str]] = {}
            for entry in spec.split("|"):
                cue, _, weight = entry.strip().partition(":")
                pattern = re.escape(cue) if cased else _cue_pattern(cue)
                by_weight.setdefault(float(weight or 1), []).append(pattern)
            for weight, patterns in by_weight.items():
                regex = re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(set(patterns), key=len, reverse=True))
                                   + r")(?![^\W_])")
                table.setdefault(category, []).append((regex, weight, cased))
    return table


def cue_scores(title: str, text: str) -> dict[str, float]:
    """Weighted cue counts per category (title matches count double)."""
    scores: dict[str, float] = {}
    parts = ((title, fold(title), TITLE_WEIGHT), (text, fold(text), 1.0))
    for category, regexes in _compiled().items():
        total = 0.0
        for regex, weight, cased in regexes:
            for original, folded, factor in parts:
                total += weight * factor * len(regex.findall(original if cased else folded))
        if total:
            scores[category] = total
    return scores


def classify_cooperation(title: str, text: str, language: str | None = None) -> CooperationResult:
    """Classify one article; `language` helps the country tagger, the cues cover all eight languages."""
    cues = cue_scores(title or "", text or "")
    countries = len(tag_countries(title or "", text or "", language))
    kinds = {k: cues.get(k, 0.0) for k in KINDS}
    multilateral = kinds["multilateral"]
    bilateral_kinds = max(v for k, v in kinds.items() if k != "multilateral")
    context = cues.get("context", 0.0)
    links = cues.get("coop", 0.0) + cues.get("intl", 0.0)
    international = countries >= 2 or multilateral >= 2 or (links >= 1 and countries >= 1)
    has_kind = bilateral_kinds >= KIND_MIN or (multilateral >= 2 and (links >= 1 or countries >= 2))
    z = (-3.0 + 0.9 * min(context, 3) + 0.6 * min(max(bilateral_kinds, multilateral), 4)
         + 0.5 * min(cues.get("coop", 0.0), 3) + 0.4 * min(cues.get("intl", 0.0), 3) + (1.0 if international else 0)
         - 1.2 * cues.get("sports", 0.0) - 0.5 * cues.get("economy", 0.0)
         - 1.0 * cues.get("conflict", 0.0) - 1.0 * cues.get("police", 0.0))
    score = 1.0 / (1.0 + math.exp(-z))
    decided = score >= THRESHOLD and context >= 1 and international and has_kind
    if not decided:
        score = min(score, THRESHOLD - 0.01)
    best = min(max(kinds.values()), KIND_CAP)
    reported = [k for k in KINDS if decided and kinds[k] >= max(KIND_MIN, KIND_RELATIVE * best)
                and (k != "multilateral" or kinds[k] >= 2)]
    evidence = dict(cues, countries=float(countries))
    return CooperationResult(reported, round(score, 3), decided, evidence)
