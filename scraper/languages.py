"""Language codes: one definition for normalisation, tagging and feeds."""

from __future__ import annotations

import logging
import re

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
