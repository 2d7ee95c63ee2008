"""Whether a day is written on the page: a date from a search heuristic counts only when the page (or
its URL) shows that very day, so that no date is made up from a year, a month or an impossible day."""

from __future__ import annotations

import logging
import re
from datetime import date

logger = logging.getLogger(__name__)

_WORD = r"[^\W\d_]{3,}\.?"
"""A month name or abbreviation in any alphabet (not checked against the month: any word counts)."""
_ORDINAL = r"(?:st|nd|rd|th|er|e|\.|º)?"


def _forms(day: date) -> list[str]:
    y, m, d = f"{day.year}", rf"0?{day.month}", rf"0?{day.day}"
    nd = rf"(?<!\d){d}(?!\d)"
    return [
        rf"(?<!\d){y}\s*[-/.年]\s*{m}\s*[-/.月]\s*{d}(?!\d)",            # 2024-03-05, 2024/3/5, 2024年3月5日
        rf"(?<!\d){d}\s*[-/.]\s*{m}\s*[-/.]\s*{y}(?!\d)",                # 05.03.2024, 5/3/2024
        rf"(?<!\d){m}\s*/\s*{d}\s*/\s*{y}(?!\d)",                        # 3/5/2024
        rf"(?<!\d){y}{day.month:02d}{day.day:02d}(?!\d)",                # 20240305
        rf"{nd}{_ORDINAL}\s*(?:de\s+)?{_WORD},?\s*(?:de\s+)?{y}(?!\d)",  # 5 March 2024, 5. März 2024
        rf"{_WORD}\s+{nd}{_ORDINAL},?\s+{y}(?!\d)",                      # March 5th, 2024
        rf"(?<!\d){y}\s*(?:[.,]\s*)?{_WORD}\s+{nd}",                     # 2024. március 5.
    ]


def day_is_written(day: date, *texts: str) -> bool:
    """True when one of `texts` (page source, URL) writes `day` with its year, month and day."""
    year = str(day.year)
    for pattern in _forms(day):
        compiled = re.compile(pattern, re.I)
        if any(year in text and compiled.search(text) for text in texts):
            return True
    logger.debug("day %s is not written on the page", day.isoformat())
    return False
