"""The on-page headline, chosen by agreement between the visible headings and the page's metadata."""

from __future__ import annotations

import logging
import re
from typing import Any

from .metadata import PageMeta
from .sanitise import clean_line

logger = logging.getLogger(__name__)

_SEPARATORS = re.compile(r"\s+[|\-–—·•:/»«]\s+|\s*[|｜]\s*|\s+::\s+")
_KEY = re.compile(r"[\W_]+", re.UNICODE)


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if hasattr(value, "text_content"):
        value = value.text_content()
    return clean_line(value) if isinstance(value, str) else ""


def strip_site_name(title: str, site_names: list[str]) -> str:
    """A title without a leading or trailing site-name segment ("Headline | Site")."""
    seps = list(_SEPARATORS.finditer(title))
    if not seps:
        return title
    sites = {_key(s) for s in site_names if s and _key(s)}

    def is_site(segment: str) -> bool:
        key = _key(segment)
        return bool(key) and any(key == s or (len(s) > 3 and (s in key or key in s)) for s in sites)

    last, first = seps[-1], seps[0]
    if is_site(title[last.end():]):
        return title[: last.start()].strip()
    if is_site(title[: first.start()]):
        return title[first.end():].strip()
    tail = title[last.end():]
    if not sites and len(tail.split()) <= 3 and len(tail) < len(title) / 3:
        return title[: last.start()].strip()
    return title


def _agrees(heading: str, claimed: str) -> bool:
    a, b = _key(heading), _key(claimed)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter) >= 12 and len(shorter) >= 0.5 * len(longer) and shorter in longer


def choose_title(tree: Any, meta: PageMeta, main: Any | None = None) -> str:
    """The headline: a visible h1 that agrees with the metadata, else JSON-LD / microdata / og:title
    (without site name), else the first h1, else <title> without the site name."""
    article = meta.article
    site_names = [
        meta.first_meta("og:site_name") or "",
        meta.first_meta("application-name") or "",
        _text((article.get("publisher") or {}).get("name") if isinstance(article.get("publisher"), dict) else ""),
    ]
    title_tag = _text(tree.findtext(".//title") or "")
    claims = [
        _text(article.get("headline")),
        _text(meta.microdata.get("headline")),
        _text(meta.first_meta("og:title")),
        _text(meta.first_meta("twitter:title")),
        _text(article.get("name")),
        title_tag,
    ]
    claims = [c for c in claims if c]
    headings = []
    scopes = [main] if main is not None else []
    scopes.append(tree)
    for scope in scopes:
        for el in scope.iter("h1"):
            text = _text(el)
            if text and len(text) < 400 and text not in headings:
                headings.append(text)
    for heading in headings:
        if any(_agrees(heading, claim) for claim in claims):
            return heading
    for claim in claims[:5]:
        if claim:
            return strip_site_name(claim, site_names)
    if headings:
        return headings[0]
    return strip_site_name(title_tag, site_names) if title_tag else ""
