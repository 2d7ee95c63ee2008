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
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$",
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


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    text = text.upper()
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


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
    r"(?:\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.))?(?:\s*[A-Z]{3,4}\b)?)?"
)
_HUMAN_DATE = re.compile(
    r"(?:\d{1,2}\.?\s*(?:de\s+)?[^\W\d_]{3,}\.?,?\s*(?:de\s+)?\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[./]\s?\d{1,2}[./]\s?\d{4}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?)" + _TIME,
    re.I,
)
_TZ_NAME = re.compile(
    r"\b(?:UTC|GMT|CES?T|MES?Z|EES?T|WES?T|BST|[ECMP][SD]T|JST|KST|IST|MSK|TRT|AEST|AEDT|SAST)\b|[+-]\d{2}:?\d{2}\b"
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
    """Dates as people write them ("Pubblicato l'11 ottobre 2023, 14:05"), via dateparser."""
    import dateparser

    match = _HUMAN_DATE.search(text)
    if match:
        text = match.group(0).strip(" ,;|-–—")
        numeric = _NUMERIC_DATE.match(text)
        if numeric:
            return _numeric(numeric, language)
    elif len(text) > 40:
        return None
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": "UTC",
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
    has_offset = bool(_TZ_NAME.search(text))
    if not has_offset:
        value = value.replace(tzinfo=None)
    return DateValue(value, bool(_TIME_IN_TEXT.search(text)), has_offset)


def parse_date(
    value: object,
    *,
    language: str | None = None,
    now: datetime | None = None,
    default_tz: tzinfo | None = None,
) -> DateValue | None:
    """Parse a date from a string, datetime or date; None when unparseable, implausible or future.

    A value without offset gets `default_tz` (the page's own offset when known), else UTC.
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
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz or UTC)
    tolerance = AWARE_TOLERANCE if parsed.has_offset else NAIVE_TOLERANCE
    if dt > now + tolerance or dt < EARLIEST:
        logger.debug("rejected implausible date %r (now %s)", value, now.isoformat())
        return None
    return DateValue(dt, parsed.has_time, parsed.has_offset)
