"""The canonical URL of a page: rel=canonical / og:url on the same site, without tracking."""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

from ..urls import canonical_url

logger = logging.getLogger(__name__)

def _site(host: str) -> str:
    """The host without a leading www./m./amp. (enough to tell 'the same site')."""
    host = (host or "").lower().split(":")[0]
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def same_site(a: str, b: str) -> bool:
    """True when two absolute URLs belong to the same site (one host a suffix of the other)."""
    ha, hb = _site(urlsplit(a).netloc), _site(urlsplit(b).netloc)
    if not ha or not hb:
        return False
    return ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha)


def choose_canonical_url(url: str, candidates: list[str]) -> str:
    """The page's canonical URL: the first candidate (rel=canonical, og:url, ...) that is an http(s) URL on
    the page's site, else `url`; made absolute, then `urls.canonical_url` (tracking parameters, fragment gone)."""
    chosen = url
    for candidate in candidates:
        candidate = (candidate or "").strip()
        if not candidate:
            continue
        absolute = urljoin(url, candidate)
        if urlsplit(absolute).scheme in ("http", "https") and same_site(absolute, url):
            chosen = absolute
            break
    try:
        return canonical_url(chosen)
    except Exception:  # noqa: BLE001 - a malformed URL keeps its original form
        logger.debug("cannot canonicalise %r", chosen, exc_info=True)
        return chosen
