"""The on-page headline, chosen by agreement between the visible headings and the page's metadata."""

from __future__ import annotations

import html
import logging
from typing import Any

from .limits import TITLE_CHARS, shorten
from .metadata import PageMeta
from .sanitise import clean_line
from .text_key import text_key

logger = logging.getLogger(__name__)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if hasattr(value, "xpath"):
        value = "".join(value.xpath(".//text()[not(ancestor::script or ancestor::style)]"))
    if not isinstance(value, str):
        return ""
    return clean_line(html.unescape(value) if "&" in value else value)


SUFFIX_CHARS = 24
"""A longer variant ending in at most this many extra letters is the same headline plus a site name."""
_WEIGHTS = {"jsonld": 1.0, "h1": 1.0, "og": 1.0, "microdata": 0.6, "twitter": 0.4, "title": 0.3}
"""Votes of each signal; ties go to the earlier signal in this order."""


def _suffixed(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` plus a separator and a short tail (section or site name)."""
    if not longer.startswith(shorter) or len(longer) == len(shorter):
        return False
    rest = longer[len(shorter):].lstrip()
    return len(rest) <= SUFFIX_CHARS and rest[:1] in _SUFFIX_MARKS


_SUFFIX_MARKS = set("|-–—·•:/»«｜ㅣ")


def choose_title(tree: Any, meta: PageMeta, main: Any | None = None) -> str:
    """The headline most signals agree on: JSON-LD headline, the visible h1 (inside the article
    when there is one), og:title, microdata, twitter:title and <title> ("Headline | Site" votes for
    "Headline").
    Candidates longer than `TITLE_CHARS` vote only when none is shorter, and are shortened."""
    article = meta.article
    h1 = None
    for scope in (main, tree):
        if scope is not None:
            h1 = next((el for el in scope.iter("h1") if _text(el)), None)
            if h1 is not None:
                break
    candidates = [
        ("jsonld", _text(article.get("headline")) or _text(article.get("name"))),
        ("h1", _text(h1)),
        ("og", _text(meta.first_meta("og:title"))),
        ("microdata", _text(meta.microdata.get("headline"))),
        ("twitter", _text(meta.first_meta("twitter:title"))),
        ("title", _text(tree.findtext(".//title") or "")),
    ]
    if not any(text_key(value) and len(value) <= TITLE_CHARS for _signal, value in candidates):
        # Only over-long candidates: the headline is one of them, shortened (never no title).
        candidates = [(signal, shorten(value, TITLE_CHARS)) for signal, value in candidates]
    votes: dict[str, float] = {}
    shown: dict[str, str] = {}
    group_of: dict[str, str] = {}
    for signal, value in candidates:
        key = text_key(value)
        if not key or len(value) > TITLE_CHARS:  # a paragraph, not a headline, when others fit
            continue
        # "Headline" and "Headline - Section | Site" are one vote for "Headline".
        group = next((g for g in votes if key.startswith(g) and _suffixed(value, shown[g])), None)
        if group is None:
            longer = [g for g in votes if g.startswith(key) and _suffixed(shown[g], value)]
            for g in longer:
                votes[key] = votes.get(key, 0.0) + votes.pop(g)
                shown.pop(g)
                group_of = {s: key if g2 == g else g2 for s, g2 in group_of.items()}
            group = key
        votes[group] = votes.get(group, 0.0) + _WEIGHTS[signal]
        shown.setdefault(group, value)
        group_of[signal] = group
    if not votes:
        return ""
    best = max(votes, key=lambda k: votes[k])  # max keeps the first of equal votes
    return shown[declared_over_visible(group_of) or best]


def declared_over_visible(group_of: dict[str, str]) -> str | None:
    """og:title's group when <title> repeats the visible headline and og:title says something else:
    og:title is then the headline the publisher declared for the article (the reference parsers'
    choice 13:7 on the dev set); else None."""
    og, h1 = group_of.get("og"), group_of.get("h1")
    if og and h1 and og != h1 and group_of.get("title") == h1:
        return og
    return None
