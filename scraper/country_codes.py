"""Which codes name a country: ISO 3166-1 alpha-2 codes, with English names, from CLDR (Babel).

CLDR names some two-letter codes that ISO 3166-1 reserves without assigning them to a country:
groupings (EU, EZ, UN), "exceptionally reserved" places (AC, CP, CQ, DG, EA, IC, TA) and user-assigned
codes (QO Outlying Oceania, XA/XB pseudo-locales, ZZ unknown). They are not countries, so no feed is
made or answered for them. XK (Kosovo) is user-assigned too but kept: the EU, NATO and CLDR use it, and
country tagging reports it.

One rule for tagging (which codes a country name can be tagged as) and feeds (which codes make or
answer a feed).
"""

from __future__ import annotations

from babel import Locale

_ENGLISH = Locale("en")
NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})
COUNTRY_CODES = frozenset(
    code for code in _ENGLISH.territories if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
)
"""Every valid country code (upper case)."""


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 country code, in upper case (`IT`; not `it`, `EU`, `001` or `QQ`)."""
    return code in COUNTRY_CODES


def country_name(code: str) -> str:
    """English name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    return _ENGLISH.territories.get(code.upper(), code.upper())
