"""The page language: what the page declares, checked against what its text is written in."""

from __future__ import annotations

import functools
import logging

from ..languages import language_identifier, primary_subtag
from .declared_language import confirms

logger = logging.getLogger(__name__)

SAMPLE_CHARS = 1500
MIN_CHARS = 200
CONFIDENT = 0.95


@functools.cache
def _known() -> frozenset[str]:
    """Language codes worth believing in a declaration: what the identifier knows, plus a few."""
    labels = {primary_subtag(label) for label in language_identifier().nb_classes}
    return frozenset(label for label in labels if label) | {"no", "fil", "sr", "bs", "me", "zu", "xh", "sw"}


def detect(text: str) -> tuple[str | None, float]:
    """(language, probability) of a text by py3langid; (None, 0) when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < 20:
        return None, 0.0
    lang, prob = language_identifier().classify(sample)
    return primary_subtag(lang), float(prob)


def choose_language(declared: list[str | None], text: str, fallback: str | None = None) -> str | None:
    """The declared language when the text agrees (or is too short to contradict it with confidence),
    else the language detected in the text; `fallback` (the source's language) when nothing is known.

    A first declaration that the text's stop words confirm (`declared_language.confirms`, on at least
    `MIN_CHARS` of text) is taken without the language model."""
    first = next((p for p in (primary_subtag(d) for d in declared) if p), None)
    if len(text) >= MIN_CHARS and confirms(first, text[:SAMPLE_CHARS]):
        return first
    known = _known()
    claims = [p for p in (primary_subtag(d) for d in declared) if p and p in known]
    detected, prob = detect(text)
    if detected is None:
        return claims[0] if claims else primary_subtag(fallback)
    if detected in claims:
        return detected
    if not claims:
        return detected
    if len(text) >= MIN_CHARS and prob >= CONFIDENT:
        logger.debug("declared language %s contradicted by the text (%s, %.2f)", claims[0], detected, prob)
        return detected
    return claims[0]
