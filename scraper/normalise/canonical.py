"""The canonical URL of a page: rel=canonical / og:url on the same site, without tracking."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)

_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|vero_conv|wickedid|twclid|ttclid|li_fat_id"
    r"|s_cid|cmpid|ocid|ito|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|sr_share|spm"
    r"|at_medium|at_campaign|at_custom\d*|at_link\w*|ref_src|ref_url|smid)$",
    re.I,
)


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


def strip_tracking(url: str) -> str:
    """The URL without tracking query parameters and without a fragment."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, doseq=True), ""))


def canonical_url(url: str, candidates: list[str]) -> str:
    """First candidate (rel=canonical, og:url, ...) that is an http(s) URL on the page's site, else `url`;
    made absolute, canonicalised, tracking parameters and fragment removed."""
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
        return canonicalize_url(strip_tracking(chosen), keep_fragments=False)
    except Exception:  # noqa: BLE001 - a malformed URL keeps its original form
        logger.debug("cannot canonicalise %r", chosen, exc_info=True)
        return chosen
