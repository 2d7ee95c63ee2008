"""URL shapes (pure): generalise a link's path into a pattern, group links by shape, turn a shape into a regex.

A path segment generalises to a *token*: digits become ``\\d+`` (ids, years, months,
days), a slug (words joined by ``-`` or ``_``) becomes ``[^/]+`` (its file extension,
if any, stays literal), letters followed by digits keep the letters (``id\\d+``), and
anything else stays literal (``news``, ``articles``). The query keeps its parameter
names and generalises their values the same way. Links of one shape are one candidate
"kind of page" of the site; an article list shows up as a large group of links of one
shape with at least one generalised token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

DIGITS = r"\d+"
ANY_SEGMENT = r"[^/]+"
_SLUG = re.compile(r"^(?=.*[^\W\d_])[\w.~%]+(?:[-_]+[\w.~%]+)+$")
_LETTERS_DIGITS = re.compile(r"^([A-Za-z]+[-_]?)(\d+)$")
_EXTENSION = re.compile(r"^(.+?)(\.(?:s?html?|php|aspx?|jsp|cfm))$", re.IGNORECASE)
ASSET_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "css", "js", "pdf", "doc", "docx", "xls", "xlsx", "zip",
    "mp3", "mp4", "avi", "mov", "xml", "rss", "json", "woff", "woff2", "ttf",
})


def segment_token(segment: str) -> str:
    """The regex token a path segment (or a query value) generalises to."""
    stem, ext = segment, ""
    match = _EXTENSION.match(segment)
    if match:
        stem, ext = match.group(1), re.escape(match.group(2))
    if stem.isdigit():
        return DIGITS + ext
    letters = _LETTERS_DIGITS.match(stem)
    if letters:
        return re.escape(letters.group(1)) + DIGITS + ext
    if _SLUG.match(stem):
        return ANY_SEGMENT + ext
    return re.escape(segment)


@dataclass(frozen=True)
class Shape:
    """The generalised form of a URL: host, path tokens, trailing slash, query tokens."""

    host: str
    path: tuple[str, ...]
    slash: bool
    query: tuple[tuple[str, str], ...] = ()

    @property
    def generalised(self) -> int:
        """How many tokens are not literal (ids, dates, slugs)."""
        tokens = list(self.path) + [v for _k, v in self.query]
        return sum(1 for t in tokens if DIGITS in t or t.startswith("[^"))

    def pattern(self) -> str:
        """A regex, searched in absolute URLs (as `article_pattern` is), that matches URLs of this shape."""
        path = "/" + "/".join(self.path) + ("/" if self.slash and self.path else "")
        text = "//" + re.escape(self.host) + path
        if self.query:
            text += r"\?" + "&".join(f"{re.escape(k)}={v}" for k, v in self.query)
        return text + "$"


def shape_of(url: str) -> Shape | None:
    """The shape of an http(s) URL, or None for assets and other schemes."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments and "." in segments[-1] and segments[-1].rsplit(".", 1)[1].lower() in ASSET_EXTENSIONS:
        return None
    query = tuple((k, segment_token(v) if v else "") for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return Shape(parts.netloc.lower(), tuple(segment_token(s) for s in segments),
                 parts.path.endswith("/") and bool(segments), query)


@dataclass
class LinkGroup:
    """Links of one shape, in page order."""

    shape: Shape
    urls: list[str] = field(default_factory=list)

    @property
    def pattern(self) -> str:
        return self.shape.pattern()


def group_links(urls: Iterable[str], hosts: Iterable[str]) -> list[LinkGroup]:
    """Links on `hosts` grouped by shape, the likeliest article groups first.

    Only groups with a generalised token (an id, a date, a slug) can be article lists;
    they are ranked by size, then by how specific the shape is."""
    allowed = {h.lower() for h in hosts}
    groups: dict[Shape, LinkGroup] = {}
    seen: set[str] = set()
    for url in urls:
        url = url.split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        shape = shape_of(url)
        if shape is None or (allowed and shape.host not in allowed):
            continue
        groups.setdefault(shape, LinkGroup(shape)).urls.append(url)
    candidates = [g for g in groups.values() if g.shape.generalised and g.shape.path]
    return sorted(candidates, key=lambda g: (len(g.urls) * (1 + min(len(g.shape.path), 4)), g.shape.generalised),
                  reverse=True)


def matching(pattern: str, urls: Iterable[str]) -> list[str]:
    """The URLs `pattern` finds (as the spiders search `article_pattern`)."""
    compiled = re.compile(pattern)
    return [u for u in urls if compiled.search(u)]
