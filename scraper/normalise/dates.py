"""The one dateparser adapter: machine dates fast, human dates in many languages, never the future."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

logger = logging.getLogger(__name__)

AWARE_TOLERANCE = timedelta(minutes=10)
"""How far in the future a date with an explicit offset may lie (clock skew)."""
NAIVE_TOLERANCE = timedelta(hours=14)
"""How far in the future a date without offset may lie (it was assumed UTC; offsets reach +14:00)."""
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)

_ISO = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|(?:UTC|GMT)?\s*[+-]\s*\d{1,2}(?::?\d{2})?|UTC|GMT|\(\s*(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?\s*\))?\s*$",
    re.I,
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*(Z|[+-]\d{4})?\s*$")
_EPOCH = re.compile(r"^\s*(\d{10})(\d{3})?\s*$")
_LANG = re.compile(r"^[a-z]{2,3}")


@dataclass(frozen=True)
class DateValue:
    """A parsed date: `value` is timezone-aware; the flags say what the source really gave."""

    value: datetime
    has_time: bool
    has_offset: bool


_ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEZ": 0, "WEST": 60, "WESZ": 60, "BST": 60, "CET": 60, "MEZ": 60,
    "CEST": 120, "MESZ": 120, "EET": 120, "OEZ": 120, "EEST": 180, "OESZ": 180, "SAST": 120, "MSK": 180,
    "TRT": 180, "AZT": 240, "GST": 240, "IST": 330, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
}
"""Zone abbreviations read as fixed offsets (minutes); IST is India's (the common one in news)."""
_ZONE_WORDS = "|".join(sorted((k for k in _ZONE_ABBREVIATIONS if len(k) > 1), key=len, reverse=True))
_ZONE = (
    rf"(?-i:\(?\s*(?:(?:UTC|GMT)\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?|[+-]\d{{2}}:?\d{{2}}|(?:{_ZONE_WORDS})\b)\s*\)?)"
)
_ZONE_AT_END = re.compile(rf"[\s,]*({_ZONE})\s*$")


def _offset(text: str | None) -> tzinfo | None:
    """A fixed offset from "Z", "UTC", "+04:00", "+0400", "UTC+4", "(GMT+04:00)", "CEST"; None if unknown."""
    if not text:
        return None
    text = text.strip(" ()").upper().replace(" ", "")
    if text in _ZONE_ABBREVIATIONS:
        return timezone(timedelta(minutes=_ZONE_ABBREVIATIONS[text]))
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", text)
    if not match:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    if hours == 0 and minutes == 0:
        return UTC
    return timezone((-1 if match.group(1) == "-" else 1) * timedelta(hours=hours, minutes=minutes))


def _machine(text: str) -> DateValue | None:
    """ISO 8601 and relatives, compact dates, epoch seconds/milliseconds, RFC 2822."""
    match = _ISO.match(text) or _COMPACT.match(text)
    if match:
        year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups()[:6])
        frac = match.group(7) if match.re is _ISO else None
        zone = match.group(8) if match.re is _ISO else match.group(7)
        micro = int((frac or "0")[:6].ljust(6, "0"))
        tz = _offset(zone)
        has_time = hour is not None
        try:
            value = datetime(year, month, day, hour or 0, minute or 0, second or 0, micro if has_time else 0)
        except ValueError:
            return None
        return DateValue(value.replace(tzinfo=tz) if tz else value, has_time, tz is not None and has_time)
    match = _EPOCH.match(text)
    if match:
        return DateValue(datetime.fromtimestamp(int(match.group(1)), UTC), True, True)
    if re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        return DateValue(value, True, value.tzinfo is not None)
    return None


_FALLBACK_LANGUAGES = ["en", "de", "fr", "es", "it"]
_TIME = (
    r"(?:[\s,;|\-–—]*(?:um|à|a las|alle|ore|at|kl\.?|klo|saat|в|o)?\s*\d{1,2}[:h]\d{2}(?::\d{2})?"
    r"(?:\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.))?(?:[\s,]*" + _ZONE + r")?)?"
)
_HUMAN_DATE = re.compile(
    r"(?:\d{1,2}\.?\s*(?:de\s+)?[^\W\d_]{3,}\.?,?\s*(?:de\s+)?\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[./]\s?\d{1,2}[./]\s?\d{4}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?)" + _TIME,
    re.I,
)
_TIME_IN_TEXT = re.compile(r"(?<![\d.])\d{1,2}\s*(?::|h)\s*\d{2}(?![\d.])|\d\s*(?:am|pm)\b", re.I)


_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([./])\s?(\d{1,2})[./]\s?(\d{4})"
    r"(?:\D+?(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)?",
    re.I,
)


def _numeric(match: re.Match[str], language: str | None) -> DateValue | None:
    """'22.05.2026, 06:00' (day first) or '05/22/2026' (month first only in English when it must be)."""
    first, sep, second, year = int(match.group(1)), match.group(2), int(match.group(3)), int(match.group(4))
    day, month = first, second
    if sep == "/" and (second > 12 or ((language or "").startswith("en") and first <= 12)):
        day, month = second, first
    hour = int(match.group(5)) if match.group(5) else 0
    if match.group(8) and match.group(8).lower().startswith("p") and hour < 12:
        hour += 12
    try:
        value = datetime(year, month, day, hour, int(match.group(6) or 0), int(match.group(7) or 0))
    except ValueError:
        return None
    return DateValue(value, match.group(5) is not None, False)


def _languages(language: str | None) -> list[str]:
    match = _LANG.match((language or "").lower())
    if not match:
        return _FALLBACK_LANGUAGES
    code = {"no": "nb", "nn": "nb"}.get(match.group(0), match.group(0))
    return [code] if code == "en" else [code, "en"]


def _human(text: str, language: str | None, now: datetime) -> DateValue | None:
    """Dates as people write them ("Pubblicato l'11 ottobre 2023, 14:05", "13 October 2023 10:15
    (UTC+04:00)"), via dateparser; a written offset or zone abbreviation is read here and kept."""
    import dateparser

    match = _HUMAN_DATE.search(text)
    if match:
        text = match.group(0).strip(" ,;|-–—")
    elif len(text) > 40:
        return None
    tz: tzinfo | None = None
    zone = _ZONE_AT_END.search(text)
    if zone and (tz := _offset(zone.group(1))) is not None:
        text = text[: zone.start()].strip(" ,;|-–—")
    numeric = _NUMERIC_DATE.match(text) if match else None
    if numeric:
        parsed = _numeric(numeric, language)
        if parsed is None or tz is None or not parsed.has_time:
            return parsed
        return DateValue(parsed.value.replace(tzinfo=tz), True, True)
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        value = dateparser.parse(text, languages=_languages(language), settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises many kinds of errors on odd input
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if value is None:
        return None
    has_time = bool(_TIME_IN_TEXT.search(text))
    if value.tzinfo is not None:  # a zone dateparser knows and we do not: keep the instant, in UTC
        return DateValue(value.astimezone(UTC), has_time, has_time)
    if tz is not None and has_time:
        return DateValue(value.replace(tzinfo=tz), True, True)
    return DateValue(value, has_time, False)


def fixed_offset(value: datetime) -> datetime:
    """The same instant with a fixed UTC offset (a ZoneInfo zone resolved for that moment)."""
    offset = value.utcoffset()
    if offset is None or isinstance(value.tzinfo, timezone):
        return value
    return value.astimezone(timezone(offset) if offset else UTC)


def parse_date(
    value: object,
    *,
    language: str | None = None,
    now: datetime | None = None,
    default_tz: tzinfo | None = None,
) -> DateValue | None:
    """Parse a date from a string, datetime or date; None when unparseable, implausible or future.

    A time without offset gets `default_tz` (the source's IANA zone or the page's own offset when
    known; the result carries the fixed offset of that moment), else UTC; a bare day is midnight UTC.
    """
    now = now or datetime.now(UTC)
    parsed: DateValue | None
    if isinstance(value, datetime):
        parsed = DateValue(value, True, value.tzinfo is not None)
    elif isinstance(value, date):
        parsed = DateValue(datetime(value.year, value.month, value.day), False, False)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        parsed = DateValue(datetime.fromtimestamp(seconds, UTC), True, True)
    elif isinstance(value, str):
        text = " ".join(value.split())[:120]
        if not text or not any(ch.isdigit() for ch in text):
            return None
        parsed = _machine(text) or _human(text, language, now)
    else:
        return None
    if parsed is None:
        return None
    dt = parsed.value
    zone = default_tz if parsed.has_time else None  # a bare day stays that calendar day (midnight UTC)
    if dt.tzinfo is None:
        dt = fixed_offset(dt.replace(tzinfo=zone or UTC))
    tolerance = AWARE_TOLERANCE if parsed.has_offset or zone is not None else NAIVE_TOLERANCE
    if dt > now + tolerance or dt < EARLIEST:
        logger.debug("rejected implausible date %r (now %s)", value, now.isoformat())
        return None
    return DateValue(dt, parsed.has_time, parsed.has_offset)


def sitemap_date(value: str | None) -> datetime | None:
    """A sitemap's machine date (`<lastmod>`, `<news:publication_date>`) as an aware UTC datetime, read by
    dateparser in any form it knows; None when empty or unreadable. Unlike `parse_date` it keeps every date
    (future ones too) and reads a time without offset in the machine's local zone (dateparser's default)."""
    if not value:
        return None
    import dateparser

    parsed = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC"})
    return parsed.astimezone(UTC) if parsed else None
