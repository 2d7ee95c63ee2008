"""URL canonicalisation shared by spiders (links) and normalisation (canonical URLs)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAMETER = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|dclid|gclsrc|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|"
    r"ref_src|ref_url|cmpid|ocid|wt_mc|wt\.mc_id|at_medium|at_campaign|xtor|__twitter_impression|"
    r"ito|ns_mchannel|ns_campaign|ns_source|ns_linkname|ns_fee|s_cid|sr_share|smid)$",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """`url` without fragment and tracking parameters, canonicalised by w3lib.

    Scheme and host are lower-cased, query parameters sorted, percent-encoding
    normalised; the path keeps its case.
    """
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETER.match(k)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def host_of(url: str) -> str:
    """The lower-case host name of `url` (no port)."""
    return (urlsplit(url).hostname or "").lower()
