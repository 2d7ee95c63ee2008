"""URL canonicalisation shared by spiders (links) and normalisation (canonical URLs)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAMETER = re.compile(
    r"^(utm_\w*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|vero_conv|wickedid|twclid|ttclid|li_fat_id"
    r"|s_cid|cmpid|ocid|ito|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|sr_share|spm|xtor|wt_mc"
    r"|wt\.mc_id|__twitter_impression|at_medium|at_campaign|at_custom\d*|at_link\w*|ref_src|ref_url|smid)$",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """`url` without fragment and tracking parameters, canonicalised by w3lib.

    Scheme and host are lower-cased, query parameters sorted, percent-encoding
    normalised; the path keeps its case.
    """
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETER.match(k)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                          urlencode(query, doseq=True), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def host_of(url: str) -> str:
    """The lower-case host name of `url` (no port)."""
    return (urlsplit(url).hostname or "").lower()


def is_http_url(url: object) -> bool:
    """True when `url` is an absolute http(s) URL with a host."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


_USERINFO_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/@:\s,]*):[^/@\s,]*@")


def redact_credentials(text: str) -> str:
    """`text` with the password of every URL in it (`scheme://user:password@host`) replaced by `***`."""
    return _USERINFO_PASSWORD.sub(r"\g<head>:***@", text)


def url_without_credentials(url: str) -> str:
    """The URL without its `user:password@` part (what may be shown or recorded)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
