"""Clean text and sanitise HTML: the last step before anything leaves normalisation."""

from __future__ import annotations

import html
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


_HTML_ELEMENT = re.compile(
    r"<\s*/?\s*(?:a|abbr|audio|b|base|blockquote|body|br|button|center|code|div|em|embed|figcaption|figure|font|"
    r"form|h[1-6]|head|hr|html|i|iframe|img|input|li|link|meta|noscript|object|ol|p|picture|pre|q|s|script|small|"
    r"source|span|strong|style|sub|sup|svg|table|tbody|td|template|th|thead|tr|u|ul|video)(?=[\s/>])", re.I)


def markup_to_text(value: object) -> str:
    """A description as text. One rule: a description is text, unless it holds HTML elements, literal or
    entity-encoded ("&lt;p&gt;..."): then entities are decoded first and the markup removed after
    (script and style with their contents), so encoded markup never comes back live. Text that only
    looks like markup ("Exercise <Steadfast Defender> begins", a literal "R&amp;D") stays as it is."""
    text = xml_safe_text(value)
    decoded = html.unescape(text) if "&" in text else text
    if not _HTML_ELEMENT.search(decoded):
        return text
    return html.unescape(sanitise_fragment(decoded, tags=set(), attributes={}, url_schemes=set(), link_rel=""))


def sanitise_html(html: str) -> str:
    """Allow-list HTML (see `ALLOWED_TAGS`); scripts, styles, handlers and unknown tags go."""
    return sanitise_fragment(clean_unicode(html), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                             url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow")
