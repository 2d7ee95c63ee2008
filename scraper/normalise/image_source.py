"""The real address of an `<img>`: lazy-loading pages keep it out of `src` until a script runs.

Read in this order: the lazy-load attributes (`data-src`, `data-lazy-src`, `data-original`,
`data-lazy`), `src` unless it is a placeholder (a `data:` URI, a blank/spacer/1x1 pixel), a `srcset`
candidate (`data-srcset`, `data-lazy-srcset`, `srcset`), then the `<source srcset>` of an enclosing
`<picture>`. A `<noscript>` fallback is an ordinary `<img>` to the parser; `inline.py` uses it when
the image before it resolves to nothing.
"""

from __future__ import annotations

import re
from typing import Any

LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-lazy")
SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
READING_WIDTH = 800
"""A `srcset` candidate at least this wide (the smallest such) is picked: sharp in a reader column
without downloading the largest rendition; narrower sets give their widest."""
_PLACEHOLDER = re.compile(
    r"^data:|(?:blank|spacer|placeholder|transparent|pixel|1x1|lazy|loading|grey|gray)[^/]*\.(?:gif|png|svg)(?:$|\?)",
    re.I,
)
_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$", re.I)
_URL_TOKEN = re.compile(r"[\s,]*(\S+)")


def is_placeholder(src: str) -> bool:
    """Whether `src` is a stand-in shown until the real image loads (data: URI, blank or 1x1 pixel)."""
    return bool(_PLACEHOLDER.search(src.strip()))


def srcset_candidates(srcset: str) -> list[tuple[str, str]]:
    """(url, descriptor) pairs of a `srcset`, split as the HTML standard does (a URL runs to the next
    whitespace and may hold commas; a comma ending it, or after the descriptor, ends the candidate)."""
    candidates = []
    position = 0
    while True:
        match = _URL_TOKEN.match(srcset, position)
        if match is None:
            return candidates
        url, position = match.group(1), match.end()
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = srcset.find(",", position)
            end = len(srcset) if comma < 0 else comma
            descriptor, position = srcset[position:end].strip(), end + 1
        if url:
            candidates.append((url, descriptor))


def pick_srcset(srcset: str) -> str | None:
    """A reasonable candidate of a `srcset` ("a.jpg 480w, b.jpg 1024w" → "b.jpg"; see `READING_WIDTH`;
    with density descriptors the 1x candidate, else the first)."""
    widths: list[tuple[float, str]] = []
    densities: list[tuple[float, str]] = []
    for url, descriptor in srcset_candidates(srcset):
        if is_placeholder(url):
            continue
        match = _DESCRIPTOR.match(descriptor)
        if match and match.group(2).lower() == "w":
            widths.append((float(match.group(1)), url))
        else:
            densities.append((float(match.group(1)) if match else 1.0, url))
    if widths:
        wide = [w for w in widths if w[0] >= READING_WIDTH]
        return min(wide)[1] if wide else max(widths)[1]
    if densities:
        return next((url for density, url in densities if density == 1.0), densities[0][1])
    return None


def _picture_sources(img: Any) -> list[Any]:
    """The `<source>` elements of the `<picture>` around `img` (an lxml element or a bs4 tag)."""
    if hasattr(img, "getparent"):  # libxml2 nests the <img> inside an unclosed <source>
        picture = next((a for _, a in zip(range(3), img.iterancestors(), strict=False) if a.tag == "picture"), None)
        return list(picture.iter("source")) if picture is not None else []
    picture = img.find_parent("picture")
    return picture.find_all("source") if picture is not None else []


def image_source(img: Any) -> str | None:
    """The address the browser would finally show for `img` (an lxml element or a bs4 tag), as written
    on the page (maybe relative), or None when it has none."""
    for name in LAZY_ATTRIBUTES:
        value = (img.get(name) or "").strip()
        if value and not is_placeholder(value):
            return value
    src = (img.get("src") or "").strip()
    if src and not is_placeholder(src):
        return src
    for name in SRCSET_ATTRIBUTES:
        value = img.get(name)
        if value and (picked := pick_srcset(value)):
            return picked
    for source in _picture_sources(img):
        for name in SRCSET_ATTRIBUTES:
            value = source.get(name)
            if value and (picked := pick_srcset(value)):
                return picked
    return None
