"""Defensive cleaning of stored text before it reaches a feed or a page.

Records are supposed to be clean already; these functions make sure one bad
record (control characters, lone surrogates, naive dates, relative URLs,
active content) can never break or poison a published feed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from scraper.safe_text import one_line, sanitise_fragment, xml_safe_text

_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p",
    "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "time": {"datetime"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
_URL_ATTRIBUTES = {"href", "src", "cite"}


def plain_text(value: object, limit: int | None = None) -> str:
    """One line of plain text, optionally cut at a word: forbidden characters removed, whitespace collapsed.

    Stored titles, summaries, names and tags are text, never HTML: "Exercise <Steadfast Defender> begins" and
    a literal "R&amp;D" stay exactly as they are. Each format escapes text once, as its own layer requires
    (XML for RSS and Atom, JSON strings, and HTML once more where the format carries HTML: the RSS
    description, see `render`), so no text can become live markup. Markup in a page's description is
    turned into text once, in normalisation (`scraper.normalise.sanitise.markup_to_text`)."""
    text = one_line(value)
    if limit is not None and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
        text = (cut or text[:limit]) + "…"
    return text


def absolute_url(value: str | None, base: str) -> str | None:
    """`value` resolved against `base`; None unless the result is an http(s) URL."""
    if not value:
        return None
    value = xml_safe_text(value).strip()
    try:
        url = urljoin(base, value)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.replace(" ", "%20")


def sanitise_html(fragment: str, base_url: str) -> str:
    """Allow-list HTML with absolute http(s) URLs; script/style/iframe and on* attributes removed."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return absolute_url(value, base_url)
        return value

    return sanitise_fragment(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=keep,
                             url_schemes={"http", "https"}, link_rel="noopener noreferrer")


def as_utc(value: datetime | None) -> datetime | None:
    """Aware UTC datetime, whole seconds; a naive one is taken to be UTC already."""
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=0)


def language_tag(value: str | None) -> str | None:
    """A valid feed language code (`it`, `it-IT`) from `it_IT`, `IT`, `it-it`; None when unusable."""
    if not value:
        return None
    match = _LANG.match(xml_safe_text(value).strip())
    if not match:
        return None
    primary, region = match.group(1).lower(), match.group(2)
    return f"{primary}-{region.upper()}" if region else primary
