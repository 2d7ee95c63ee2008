"""Scheduling decisions and source health as pure functions of history and `now` (no clock, no sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scraper.app.daemon.cron import cron_trigger, crontab_weekdays
from scraper.app.daemon.health import health_row, probable_site_change, source_health
from scraper.app.daemon.planning import (
    BACKOFF_CAP_SECONDS,
    MAX_JITTER_SECONDS,
    RunHistory,
    Schedule,
    backoff_delay,
    jitter_window,
    misfire_grace,
    next_run,
    regular_run,
    schedule_for,
)
from scraper.store import CrawlRun

NOW = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)  # a Wednesday
HOUR = Schedule(interval=3600)


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def Run(status: str, started: datetime, *, new: int = 0, updated: int = 0, unchanged: int = 0,
        dropped: int = 0, errors: int = 0, last_error: str | None = None,
        finished: datetime | None = None) -> CrawlRun:
    """A finished crawl run as the store returns it."""
    return CrawlRun(id=0, source="src", started=started, finished=finished or started + timedelta(seconds=30),
                    status=status, new=new, updated=updated, unchanged=unchanged, dropped=dropped, errors=errors,
                    requests=0, last_error=last_error, pid=None)


# --- schedules -----------------------------------------------------------------------------------

def test_schedule_comes_from_the_catalog_entry_or_the_default_interval() -> None:
    assert schedule_for({}, 3600) == Schedule(interval=3600)
    assert schedule_for({"interval": 900}, 3600) == Schedule(interval=900)
    assert schedule_for({"cron": "0 6 * * 1-5"}, 3600) == Schedule(cron="0 6 * * 1-5")


def test_jitter_window_is_a_tenth_of_the_period_capped() -> None:
    assert jitter_window(2) == pytest.approx(0.2)
    assert jitter_window(3600) == pytest.approx(300)
    assert jitter_window(7 * 86400) == MAX_JITTER_SECONDS
    assert misfire_grace(2) == 60 and misfire_grace(3600) == 3600


# --- restart behaviour ---------------------------------------------------------------------------

def test_never_crawled_source_runs_now_within_the_jitter_window() -> None:
    assert next_run(HOUR, RunHistory(), NOW, rand=0.0).when == NOW
    plan = next_run(HOUR, RunHistory(), NOW, rand=0.5)
    assert plan.when == NOW + timedelta(seconds=150) and plan.reason == "never crawled"


def test_restart_keeps_a_source_that_is_not_yet_due_at_its_due_time() -> None:
    plan = next_run(HOUR, RunHistory(ago(600), ago(570)), NOW, rand=0.0)
    assert plan.when == ago(600) + timedelta(hours=1)
    assert plan.reason == "on schedule" and plan.backoff == 0


def test_restart_does_not_forget_an_overdue_crawl_but_does_not_run_it_in_the_past() -> None:
    plan = next_run(HOUR, RunHistory(ago(5 * 3600), ago(5 * 3600 - 30)), NOW, rand=0.0)
    assert plan.when == NOW and plan.reason == "overdue"


def test_restart_spreads_many_overdue_sources_over_the_jitter_window() -> None:
    history = RunHistory(ago(2 * 3600), ago(2 * 3600 - 30))
    times = [next_run(HOUR, history, NOW, rand=i / 20).when for i in range(20)]
    assert len(set(times)) == 20
    assert min(times) == NOW and max(times) <= NOW + timedelta(seconds=jitter_window(3600))


# --- backoff -------------------------------------------------------------------------------------

def test_backoff_doubles_per_consecutive_failure_and_is_capped() -> None:
    delays = [backoff_delay(n, 3600) for n in range(1, 8)]
    assert delays[:5] == [3600, 7200, 14400, 28800, 57600]
    assert delays[5:] == [BACKOFF_CAP_SECONDS, BACKOFF_CAP_SECONDS]
    assert backoff_delay(10, 3 * 86400) == 3 * 86400  # never shorter than the source's own period
    assert backoff_delay(1000, 60) == BACKOFF_CAP_SECONDS  # no overflow


def test_failing_source_waits_longer_after_each_failure_from_its_last_failure() -> None:
    finished = ago(60)
    plans = [next_run(HOUR, RunHistory(ago(120), finished, n), NOW) for n in (1, 2, 3)]
    assert [p.when for p in plans] == [finished + timedelta(hours=h) for h in (1, 2, 4)]
    assert [p.backoff for p in plans] == [0, 3600, 3 * 3600]
    assert plans[2].reason == "backoff after 3 failures"


def test_source_recovers_its_normal_schedule_after_one_success() -> None:
    plan = next_run(HOUR, RunHistory(ago(60), ago(30), 0), NOW)
    assert plan.when == ago(60) + timedelta(hours=1) and plan.backoff == 0


def test_backoff_survives_a_restart_and_an_expired_backoff_runs_now() -> None:
    plan = next_run(HOUR, RunHistory(ago(10 * 3600), ago(10 * 3600), 3), NOW)  # waited 4 h, 10 h passed
    assert plan.when == NOW and "overdue" in plan.reason


# --- cron ----------------------------------------------------------------------------------------

def test_crontab_weekdays_count_from_sunday_unlike_apscheduler() -> None:
    assert crontab_weekdays("0") == "sun" and crontab_weekdays("7") == "sun"
    assert crontab_weekdays("1-5") == "mon,tue,wed,thu,fri"
    assert crontab_weekdays("*/2") == "sun,tue,thu,sat"
    assert crontab_weekdays("0-6") == "*" and crontab_weekdays("mon-fri") == "mon-fri"
    monday_6am = cron_trigger("0 6 * * 1").get_next_fire_time(None, NOW)
    assert monday_6am == datetime(2025, 3, 10, 6, 0, tzinfo=UTC) and monday_6am.weekday() == 0


def test_cron_source_runs_at_the_next_fire_time_after_its_last_run() -> None:
    daily = Schedule(cron="30 6 * * *")
    plan = next_run(daily, RunHistory(ago(3600 * 5 + 1800), ago(3600 * 5)), NOW)  # ran 06:30 today
    assert plan.when == datetime(2025, 3, 6, 6, 30, tzinfo=UTC)


def test_cron_run_missed_while_down_runs_now_once() -> None:
    daily = Schedule(cron="30 6 * * *")
    plan = next_run(daily, RunHistory(datetime(2025, 3, 3, 6, 30, tzinfo=UTC), None), NOW)
    assert plan.when == NOW and plan.reason == "overdue"


def test_cron_backoff_skips_fire_times_up_to_the_cap() -> None:
    hourly = Schedule(cron="15 * * * *")
    last = datetime(2025, 3, 5, 11, 15, tzinfo=UTC)
    assert next_run(hourly, RunHistory(last, last, 1), NOW).when == datetime(2025, 3, 5, 12, 15, tzinfo=UTC)
    plan = next_run(hourly, RunHistory(last, last, 3), NOW)  # waits 4 periods instead of 1
    assert plan.when == datetime(2025, 3, 5, 15, 15, tzinfo=UTC) and plan.backoff == 3 * 3600
    daily = Schedule(cron="30 6 * * *")  # the cap is 24 h: a daily source just keeps its schedule
    day = datetime(2025, 3, 5, 6, 30, tzinfo=UTC)
    assert next_run(daily, RunHistory(day, day, 5), NOW).when == datetime(2025, 3, 6, 6, 30, tzinfo=UTC)


# --- health --------------------------------------------------------------------------------------

def test_health_counts_failures_in_a_row_and_remembers_the_last_success() -> None:
    runs = [Run("failed", ago(100), last_error="HTTP 503"), Run("failed", ago(200), last_error="timeout"),
            Run("ok", ago(300), new=4), Run("failed", ago(400)), Run("partial", ago(500), new=1, unchanged=1)]
    h = source_health("x", runs)
    assert h.consecutive_failures == 2
    assert h.last_success == ago(300) + timedelta(seconds=30)
    assert (h.last_failure, h.last_error) == (ago(100) + timedelta(seconds=30), "HTTP 503")
    assert h.articles_per_run == pytest.approx(3.0)
    assert h.history() == RunHistory(ago(100), ago(70), 2)
    assert h.last_counts == (0, 0, 0, 0, 0)


def test_interrupted_runs_are_failures_but_neither_back_off_nor_count_as_the_last_crawl() -> None:
    runs = [Run("failed", ago(10), last_error="interrupted: the daemon was stopped"),
            Run("failed", ago(3000), last_error="HTTP 500"), Run("ok", ago(7000), new=2)]
    h = source_health("x", runs)
    assert h.consecutive_failures == 1 and h.last_error.startswith("interrupted")
    assert h.history().last_started == ago(3000)


def test_runs_in_a_row_storing_nothing_from_a_usually_productive_source_are_a_probable_site_change() -> None:
    usual = [Run("ok", ago(3600 * i), new=3) for i in range(4, 8)]
    nothing = [Run("ok", ago(60 + 600 * i)) for i in range(3)]
    assert probable_site_change(nothing + usual)
    assert not probable_site_change(nothing[:1] + usual), "one run with nothing new (all known) is fine"
    assert not probable_site_change([Run("ok", ago(60), new=1)] + nothing[1:] + usual)
    quiet = [Run("ok", ago(3600 * i), new=1 if i == 4 else 0) for i in range(4, 10)]
    assert not probable_site_change(nothing + quiet), "a quiet source often yields nothing"
    assert not probable_site_change(nothing + usual[:2]), "too little history to judge"
    assert probable_site_change([Run("ok", ago(60), dropped=5)]), "everything found was dropped"
    assert not probable_site_change([Run("failed", ago(60))] + nothing + usual), "a failure is a failure"


def test_health_row_has_the_columns_of_the_status_table() -> None:
    runs = [Run("failed", ago(100), last_error="boom " * 100), Run("ok", ago(5000), new=2)]
    h = source_health("x", runs)
    row = health_row(h, next_run(HOUR, h.history(), NOW), error_width=40)
    assert row["state"] == "failing (1×)" and row["failures in a row"] == 1
    assert len(str(row["last error"])) == 40 and str(row["last error"]).endswith("…")
    assert row["articles per run"] == "2.0" and row["backoff"] == ""
    never = health_row(source_health("y", []), None)
    assert never["state"] == "never run" and never["last success"] == "never"


def test_an_empty_run_is_a_warning_not_a_failure_and_opens_an_episode() -> None:
    runs = [Run("empty", ago(60), last_error="no article link: no link matches"),
            Run("ok", ago(3700)), Run("ok", ago(7300), new=2), Run("failed", ago(10000))]
    runs = [CrawlRun(**{**vars(r), "id": 10 - i}) for i, r in enumerate(runs)]
    h = source_health("x", runs)
    assert h.warning == "no article link: no link matches" and h.consecutive_failures == 0
    assert h.episode == 9, "the episode starts after the last productive run"
    row = health_row(h, next_run(HOUR, h.history(), NOW))
    assert row["state"] == "warning: no article links" and row["warning"] == h.warning
    assert row["backoff"] == ""
    healthy = source_health("x", [Run("ok", ago(60), unchanged=0)] + runs[1:])
    assert healthy.warning is None and healthy.episode is None
    assert health_row(healthy, None)["state"] == "ok"


def test_a_probable_site_change_is_a_warning() -> None:
    usual = [Run("ok", ago(3600 * i), new=3) for i in range(4, 8)]
    h = source_health("x", [Run("ok", ago(60 + 600 * i)) for i in range(3)] + usual)
    assert h.warning is not None and h.warning.startswith("probable site change")
    assert health_row(h, None)["state"] == "warning: probable site change"
    failed = source_health("x", [Run("failed", ago(60), last_error="HTTP 500")] + usual)
    assert failed.warning is None, "a failure is reported as a failure"


def test_the_regular_schedule_ignores_the_history_and_keeps_interval_or_cron() -> None:
    now = datetime(2025, 3, 10, 12, 0, 30, tzinfo=UTC)
    assert regular_run(Schedule(interval=600.0), now).when == now + timedelta(seconds=600)
    assert regular_run(Schedule(interval=600.0), now, rand=0.5).when == now + timedelta(seconds=630)
    plan = regular_run(Schedule(cron="0 6 * * 1"), now)  # crontab Monday = 1; 2025-03-10 is a Monday
    assert plan.when == datetime(2025, 3, 17, 6, 0, tzinfo=UTC) and "planning failed" in plan.reason
