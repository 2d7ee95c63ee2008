"""Language codes and the language-identification model: one definition for normalisation, tagging and feeds."""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

logger = logging.getLogger(__name__)

_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")
_WELL_FORMED = re.compile(r"\s*([A-Za-z]{2,3})(?=[-_]|\s*\Z)")
ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
"""Obsolete and macro-language codes folded into the one the project stores."""


def primary_subtag(code: str | None, *, strict: bool = False) -> str | None:
    """The primary language subtag, lower-case: 'it_IT' → 'it', 'az_Latn' → 'az', 'nb-NO' → 'no'; or None.

    Lenient by default, for declarations read from pages: the first 2–3 ASCII letters count whatever
    follows ('en, de' → 'en') and `ALIASES` are folded. `strict`: only a well-formed code counts (2–3
    letters, then '-', '_' or the end: 'it.IT' → None), taken as written ('nb-NO' → 'nb').
    """
    if not code:
        return None
    match = (_WELL_FORMED if strict else _TAG).match(code)
    if not match:
        return None
    tag = match.group(1).lower()
    return tag if strict else ALIASES.get(tag, tag)


def language_identifier(*, norm_probs: bool = True) -> LanguageIdentifier:
    """py3langid's identifier. Its model (~100 MB resident) is read once per process and shared by both
    kinds: `norm_probs=True` answers (language, probability); False answers raw naive-Bayes scores, whose
    best language can differ where script variants (sr, uz) are merged (max of scores, not sum)."""
    return _identifier(norm_probs)


@functools.cache
def _identifier(norm_probs: bool) -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    if norm_probs:
        logger.debug("loading the py3langid model")
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model = _identifier(True)
    return LanguageIdentifier(model.nb_ptc, model.nb_pc, model.nb_classes, model.tk_nextmove, model.tk_output,
                              norm_probs=False, tk_row=model.tk_row)
