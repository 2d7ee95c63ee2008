"""Text and HTML that are safe to publish: one definition for normalisation and for the feeds.

Normalisation cleans every record once; the feeds clean again, defensively, because one bad
record must never break a published feed. Both use these two functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3

# Characters XML 1.0 forbids or validators flag: C0 controls except tab / newline / carriage
# return, DEL, lone surrogates and the noncharacters.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0010fffe\U0010ffff]"
)
_C1 = re.compile("[\x80-\x9f]")
ACTIVE_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
"""Elements removed with everything inside them."""


def _c1_to_cp1252(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match.group())]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


def xml_forbidden(char: str) -> bool:
    """Whether `char` is one of the characters `xml_safe_text` removes."""
    return _BAD_CHARS.match(char) is not None


def xml_safe_text(value: object) -> str:
    """`value` as text without forbidden characters; C1 controls (cp1252 text read as latin-1)
    become the cp1252 characters they were, or go when they have none."""
    if value is None:
        return ""
    text = _BAD_CHARS.sub("", value if isinstance(value, str) else str(value))
    return _C1.sub(_c1_to_cp1252, text)


_SPACE = re.compile(r"\s+")


def one_line(value: object) -> str:
    """`xml_safe_text(value)` on one line: whitespace runs collapsed to one space, ends stripped."""
    return _SPACE.sub(" ", xml_safe_text(value)).strip()


def sanitise_fragment(
    fragment: str,
    *,
    tags: set[str],
    attributes: dict[str, set[str]],
    url_schemes: set[str],
    link_rel: str,
    attribute_filter: Callable[[str, str, str], str | None] | None = None,
) -> str:
    """Allow-list HTML: only `tags` and `attributes` survive; active content goes with its contents,
    as do comments and event handlers."""
    return nh3.clean(
        xml_safe_text(fragment),
        tags=tags,
        clean_content_tags=ACTIVE_CONTENT,
        attributes=attributes,
        attribute_filter=attribute_filter,
        url_schemes=url_schemes,
        link_rel=link_rel,
        strip_comments=True,
    )
