"""Clean text and sanitise HTML: the last step before anything leaves normalisation."""

from __future__ import annotations

import logging
import re
import unicodedata

import nh3

logger = logging.getLogger(__name__)

# C0 controls except \t and \n, DEL, C1 controls, lone surrogates, noncharacters.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0010fffe\U0010ffff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
    "strong", "em", "b", "i", "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_text(value: object) -> str:
    """Unicode text without control characters, lone surrogates or noncharacters (\\t, \\n kept)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BAD_CHARS.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(value: object) -> str:
    """`clean_text` collapsed to one line (titles, names, tags)."""
    return _SPACES.sub(" ", clean_text(value).replace("\n", " ").replace("\t", " ")).strip()


def clean_block(value: object) -> str:
    """`clean_text` with spaces collapsed inside lines and no blank or padded lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in clean_text(value).split("\n"))
    return "\n".join(line for line in lines if line)


def sanitise_html(html: str) -> str:
    """Allow-list HTML (see `ALLOWED_TAGS`); scripts, styles, handlers and unknown tags go."""
    return nh3.clean(
        clean_text(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
