"""Scheduling decisions as pure functions: given a source's schedule, its crawl history and `now`.

The next run of a source is derived from its crawl history (the `crawl_runs`
table), never from a separate schedule store, so a restart:

- keeps a source that is not yet due at its due time (no re-crawl of everything);
- runs a source whose due time passed while the daemon was down (nothing forgotten),
  spread over a jitter window so overdue sources do not all start at once;
- keeps backing off a failing source where it left off.

Failing sources back off exponentially: after n consecutive failures the next
attempt waits ``min(period * 2**(n-1), max(BACKOFF_CAP, period))`` after the
last failure; one success returns the source to its normal schedule.
Randomness is passed in (`rand` in [0, 1)) so tests need no clock and no seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from scraper.app.daemon.cron import cron_trigger

JITTER_FRACTION = 0.1
"""Jitter window as a fraction of the period …"""
MAX_JITTER_SECONDS = 300.0
"""… and its upper bound."""
BACKOFF_CAP_SECONDS = 24 * 3600.0
"""Longest wait between attempts of a failing source (unless its own period is longer)."""
MIN_MISFIRE_GRACE_SECONDS = 60


@dataclass(frozen=True)
class Schedule:
    """When a source runs: every `interval` seconds, or on a crontab expression (UTC)."""

    interval: float | None = None
    cron: str | None = None

    def describe(self) -> str:
        return f"cron {self.cron}" if self.cron else f"every {self.interval:g} s"


@dataclass(frozen=True)
class RunHistory:
    """What planning needs to know about a source's finished runs."""

    last_started: datetime | None = None
    last_finished: datetime | None = None
    consecutive_failures: int = 0


@dataclass(frozen=True)
class Plan:
    """The next run of a source and why."""

    when: datetime
    reason: str
    backoff: float = 0.0
    """Seconds of extra wait caused by failures (0 when the source is healthy)."""


def schedule_for(source_schedule: Mapping[str, object], default_interval: float) -> Schedule:
    """The schedule of a catalog entry (`Source.schedule`), or the default interval."""
    if "cron" in source_schedule:
        return Schedule(cron=str(source_schedule["cron"]))
    if "interval" in source_schedule:
        return Schedule(interval=float(source_schedule["interval"]))  # type: ignore[arg-type]
    return Schedule(interval=float(default_interval))


def _next_fire(schedule: Schedule, after: datetime) -> datetime:
    """The first regular run strictly after `after` (ignoring jitter)."""
    if schedule.cron:
        fire = cron_trigger(schedule.cron).get_next_fire_time(None, after + timedelta(seconds=1))
        assert fire is not None
        return fire
    assert schedule.interval is not None
    return after + timedelta(seconds=schedule.interval)


def period(schedule: Schedule, now: datetime) -> float:
    """Seconds between two regular runs (for cron: the gap between the next two fire times)."""
    if schedule.interval is not None:
        return schedule.interval
    first = _next_fire(schedule, now)
    return (_next_fire(schedule, first) - first).total_seconds()


def jitter_window(period_seconds: float) -> float:
    """How far (seconds) a run may be pushed back at random so sources do not fire together."""
    return min(period_seconds * JITTER_FRACTION, MAX_JITTER_SECONDS)


def backoff_delay(failures: int, period_seconds: float) -> float:
    """Wait after the last of `failures` consecutive failures: exponential, capped."""
    if failures <= 0:
        return period_seconds
    cap = max(BACKOFF_CAP_SECONDS, period_seconds)
    return min(period_seconds * 2 ** min(failures - 1, 32), cap)


def misfire_grace(period_seconds: float) -> int:
    """How late (seconds) a run may still start; later ones are coalesced into the next one."""
    return int(max(MIN_MISFIRE_GRACE_SECONDS, period_seconds))


def regular_run(schedule: Schedule, now: datetime, rand: float = 0.0) -> Plan:
    """The source's regular next run after `now` (its trigger's own rule, with jitter), ignoring its history:
    the daemon's fallback when planning from the history failed."""
    jitter = timedelta(seconds=rand * jitter_window(period(schedule, now)))
    return Plan(_next_fire(schedule, now) + jitter, "regular schedule (planning failed)")


def next_run(schedule: Schedule, history: RunHistory, now: datetime, rand: float = 0.0) -> Plan:
    """When the source should be crawled next, given its history, `now` and `rand` in [0, 1)."""
    every = period(schedule, now)
    jitter = timedelta(seconds=rand * jitter_window(every))
    if history.last_started is None:
        return Plan(now + jitter, "never crawled")
    backoff = 0.0
    if history.consecutive_failures > 0:
        anchor = history.last_finished or history.last_started
        backoff = backoff_delay(history.consecutive_failures, every) - every
        due = _next_fire(schedule, anchor + timedelta(seconds=backoff))
        n = history.consecutive_failures
        reason = f"backoff after {n} failures" if backoff else "retry after a failure"
    else:
        due = _next_fire(schedule, history.last_started)
        reason = "on schedule"
    if due <= now:
        return Plan(now + jitter, "overdue" if not backoff else reason + ", overdue", backoff)
    return Plan(due + jitter, reason, backoff)
