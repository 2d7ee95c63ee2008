"""Adapter for APScheduler 3.x triggers, hiding its traps.

Trap: APScheduler 3.x numbers weekdays from Monday = 0, while crontab numbers
them from Sunday = 0 (and 7). `CronTrigger.from_crontab("0 6 * * 1")` therefore
fires on Tuesdays. `cron_trigger` rewrites numeric weekday fields into names, so
catalog cron expressions mean what they mean in crontab. Cron expressions are
evaluated in UTC.
"""

from __future__ import annotations

from datetime import UTC

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

CRONTAB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field (Sunday = 0 or 7) as APScheduler weekday names."""
    if field in ("*", "?"):
        return "*"
    days: set[int] = set()
    named: list[str] = []
    for part in field.split(","):
        if any(c.isalpha() for c in part):
            named.append(part.lower())  # names mean the same day in both
            continue
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            low, high = base.split("-", 1)
            first, last = int(low), int(high)
        else:
            first = int(base)
            last = 6 if step_text else first
        if not (0 <= first <= 7 and 0 <= last <= 7 and step >= 1):
            raise ValueError(f"day of week {part!r} is out of range 0-7")
        days.update(d % 7 for d in range(first, last + 1, step))
    if len(days) == 7 and not named:
        return "*"
    return ",".join([CRONTAB_DAYS[d] for d in sorted(days)] + named)


def cron_trigger(expr: str, jitter: float | None = None) -> CronTrigger:
    """A UTC `CronTrigger` for a five-field crontab expression ("m h dom mon dow")."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"cron {expr!r}: expected 5 fields (m h dom mon dow), got {len(fields)}")
    minute, hour, day, month, dow = fields
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=crontab_weekdays(dow),
                       timezone=UTC, jitter=int(jitter) if jitter else None)


def interval_trigger(seconds: float, jitter: float | None = None) -> IntervalTrigger:
    """A UTC `IntervalTrigger` every `seconds`."""
    return IntervalTrigger(seconds=seconds, timezone=UTC, jitter=int(jitter) if jitter else None)


def trigger_for(interval: float | None, cron: str | None, jitter: float | None = None) -> BaseTrigger:
    """The trigger for a schedule: `cron` when given, else every `interval` seconds."""
    if cron:
        return cron_trigger(cron, jitter)
    assert interval is not None
    return interval_trigger(interval, jitter)
