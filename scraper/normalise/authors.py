"""Author names from JSON-LD, microdata, meta tags and byline markup, cleaned and deduplicated."""

from __future__ import annotations

import logging
import re
from typing import Any

from .metadata import PageMeta
from .sanitise import clean_line

logger = logging.getLogger(__name__)

_PREFIX = re.compile(
    r"^(?:(?:written|reported|posted|published|text|story|words|photos?|fotos?)\s+)?"
    r"(?:by|von|di|par|por|av|door|af|od|från|fra|tarafından|автор|автор:|от|yazan|escrito por|"
    r"redazione|autor(?:in|a)?|author|text|texto|testo|reporter|reportage)\s*[:\-–]?\s+",
    re.I,
)
_ROLE = re.compile(
    r"\s*[,|/–—-]\s*(?:[\w.-]+\s+){0,3}"
    r"(?:reporter|correspondent|editor|writer|journalist|redakteur(?:in)?|korrespondent(?:in)?|"
    r"redaktion|autor(?:in)?|columnist|contributor|producer|photographer|corrispondente|"
    r"giornalista|redattore|rédacteur|journaliste|periodista|redactor[a]?)\b.*$",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:;|\s&\s|\s+(?:and|und|et|y|e|og|och|en|i|és|ve|и|și)\s+)\s*", re.I)
_SUFFIX = re.compile(r"\s*(?:기자|記者|特派員|記者\s*\S+|기자\s*외\s*\d+명)$")
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|@\w+")
_DATEISH = re.compile(r"\d{1,4}[./:-]\d{1,2}")

_TEAM_WORDS = {"updated", "published", "aktualisiert", "veröffentlicht", "min", "read", "lesezeit"}


def clean_name(raw: str) -> str:
    """One author name without 'By'/'von'/'di' prefixes, roles, e-mail addresses or URLs."""
    name = clean_line(raw)
    name = _EMAIL_OR_URL.sub("", name).strip(" ,;|:-–—·")
    for _ in range(2):
        name = _PREFIX.sub("", name).strip()
    name = _ROLE.sub("", name).strip(" ,;|:-–—·()")
    return _SUFFIX.sub("", name).strip()


def _split(raw: str, allow_comma: bool) -> list[str]:
    parts = _SPLIT.split(_ROLE.sub("", clean_line(raw)) if allow_comma else clean_line(raw))
    split: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        # "Jane Doe, John Roe" and "Jane Doe, dpa" are several names; "Doe, Jane" is one.
        if len(pieces) > 1 and len(pieces) <= 8 and len(pieces[0].split()) >= 2:
            split.extend(pieces)
        else:
            split.append(part)
    return split


def _plausible(name: str) -> bool:
    if not name or len(name) > 70 or _DATEISH.search(name) or ":" in name or any(c.isdigit() for c in name):
        return False
    words = name.split()
    return 1 <= len(words) <= 6 and not (_TEAM_WORDS & {w.casefold() for w in words})


def normalise_authors(values: list[Any], allow_comma: bool = True) -> list[str]:
    """Clean, split and deduplicate (case-insensitively) raw author values."""
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in _split(value, allow_comma) if isinstance(value, str) else []:
            name = clean_name(part)
            if _plausible(name) and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names


def _jsonld_names(value: Any) -> list[str]:
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            if not item.startswith(("http://", "https://", "/")):
                out.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(n) for n in name)
            if not name and (item.get("givenName") or item.get("familyName")):
                name = f"{item.get('givenName') or ''} {item.get('familyName') or ''}"
            if isinstance(name, str):
                out.append(name)
    return out


def _microdata_names(values: list[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, str):
            out.append(value)
        elif hasattr(value, "xpath"):
            names = value.xpath(".//*[@itemprop='name']")
            if names:
                el = names[0]
                out.append(el.get("content") or el.text_content())
            else:
                out.append(value.text_content())
    return out


def _byline_names(tree: Any) -> list[str]:
    out: list[str] = []
    for el in tree.xpath("//a[@rel='author']|//*[@class][contains(concat(' ', @class, ' '), ' author ')]"
                         "|//*[contains(@class, 'author-name') or contains(@class, 'byline__name')]"):
        text = el.text_content()
        if text and len(text) < 80:
            out.append(text)
        if len(out) >= 6:
            break
    return out


def choose_authors(tree: Any, meta: PageMeta) -> list[str]:
    """Authors from the first source that names anyone (JSON-LD, microdata, meta tags, byline
    markup)."""
    sources = (
        lambda: _jsonld_names(meta.article.get("author")),
        lambda: _microdata_names(meta.microdata.get("author", [])),
        lambda: [v for k in ("author", "article:author", "dc.creator", "byl", "parsely-author",
                             "sailthru.author", "dcterms.creator") for v in meta.meta.get(k, [])
                 if not v.strip().startswith(("http://", "https://"))],
        lambda: _byline_names(tree),
    )
    for source in sources:
        try:
            names = normalise_authors(source())
        except Exception:  # noqa: BLE001 - one odd source never loses the others
            logger.debug("author source failed", exc_info=True)
            continue
        if names:
            return names
    return []
