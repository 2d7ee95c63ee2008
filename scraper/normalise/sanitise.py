"""Clean text and sanitise HTML: the last step before anything leaves normalisation."""

from __future__ import annotations

import logging
import re
import unicodedata

from ..safe_text import sanitise_fragment, xml_safe_text

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
    "strong", "em", "b", "i", "br", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_unicode(value: object) -> str:
    """Unicode text without control characters, lone surrogates or noncharacters (\\t, \\n kept), NFC."""
    text = xml_safe_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def clean_line(value: object) -> str:
    """`clean_unicode` collapsed to one line (titles, names, tags)."""
    return _SPACES.sub(" ", clean_unicode(value).replace("\n", " ").replace("\t", " ")).strip()


def clean_block(value: object) -> str:
    """`clean_unicode` with spaces collapsed inside lines and no blank or padded lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in clean_unicode(value).split("\n"))
    return "\n".join(line for line in lines if line)


def sanitise_html(html: str) -> str:
    """Allow-list HTML (see `ALLOWED_TAGS`); scripts, styles, handlers and unknown tags go."""
    return sanitise_fragment(clean_unicode(html), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                             url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow")
