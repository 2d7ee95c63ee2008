"""Source health from crawl history (pure): successes, failures, articles per run, probable site changes.

A run interrupted because the daemon stopped or was killed (status
``interrupted``; databases from before that status have ``failed`` with an
error starting "interrupted") is shown as a failure but neither counts towards a source's consecutive
failures (no backoff for our own restarts) nor as its last crawl for planning
(so the crawl it cut short is due again).

"Articles" of a run are the items it stored: new + updated + unchanged. Crawls
are incremental (known articles are skipped, a listing with nothing new stops
the crawl), so zero is normal for a quiet source, and a run that found article
links but had them all stored already is fine. A run is flagged as a *probable
site change* when the last `STALE_RUNS` successful runs stored nothing from a
source that used to yield articles (at least half of the `USUAL_RUNS` successful
runs before them, and at least `MIN_HISTORY` of them), or when every item it found was
dropped (the pages are still there but no longer parse).

A source is in the *warning* state (never shown as ``ok``) when its latest run
is ``empty`` (its start pages were read but gave no article link; the run's
``last_error`` says why) or is a probable site change. An empty run is not a
failure: it does not back off the source. The warning *episode* starts at the
first run after the source's last productive one (`SourceHealth.episode`): the
daemon proposes one repair per episode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scraper.app.console import clip
from scraper.app.daemon.planning import Plan, RunHistory
from scraper.store import EMPTY, RUNNING, CrawlRun

SUCCESS = frozenset({"ok", "partial"})
MIN_HISTORY = 3
USUAL_RUNS = 10
STALE_RUNS = 3
"""Successful runs in a row that stored nothing before a source that used to yield articles warns."""


def interrupted(run: CrawlRun) -> bool:
    """True for a run cut short by the daemon stopping or dying, not by the source."""
    return run.status == "interrupted" or (run.status == "failed" and (run.last_error or "").startswith("interrupted"))


def articles(run: CrawlRun) -> int:
    """Items a run stored (new + updated + unchanged)."""
    return (run.new or 0) + (run.updated or 0) + (run.unchanged or 0)


@dataclass(frozen=True)
class SourceHealth:
    """One source's health, from its latest finished runs."""

    source: str
    runs: int
    last_started: datetime | None
    last_finished: datetime | None
    """Start and end of the latest run that was not interrupted (planning counts from these)."""
    last_status: str | None
    last_success: datetime | None
    last_failure: datetime | None
    last_error: str | None
    consecutive_failures: int
    last_counts: tuple[int, int, int, int, int] | None
    """new, updated, unchanged, dropped, errors of the latest run."""
    articles_per_run: float | None
    site_change: bool
    warning: str | None = None
    """Why the source is in the warning state (None when it is not)."""
    episode: int | None = None
    """Id of the first run of the current warning episode (None when not in the warning state)."""

    def history(self) -> RunHistory:
        return RunHistory(self.last_started, self.last_finished, self.consecutive_failures)


def probable_site_change(runs: Sequence[CrawlRun]) -> bool:
    """True when the last `STALE_RUNS` successful runs stored nothing although the source used to yield
    articles, or the latest one dropped everything it found."""
    runs = [r for r in runs if not interrupted(r)]
    successes = [r for r in runs if r.status in SUCCESS]
    if not successes or runs[0] is not successes[0]:
        return False  # the latest run failed: that is a failure, not a silent change
    latest = successes[0]
    if articles(latest) > 0:
        return False
    if (latest.dropped or 0) > 0:
        return True
    recent, earlier = successes[:STALE_RUNS], successes[STALE_RUNS:STALE_RUNS + USUAL_RUNS]
    if len(recent) < STALE_RUNS or any(articles(r) > 0 for r in recent):
        return False
    productive = sum(1 for r in earlier if articles(r) > 0)
    return len(earlier) >= MIN_HISTORY and productive * 2 >= len(earlier)


def source_health(source: str, runs: Sequence[CrawlRun]) -> SourceHealth:
    """Health of `source` from its finished runs, newest first (rows still 'running' are ignored)."""
    runs = [r for r in runs if r.status != RUNNING]
    failures = 0
    for run in runs:
        if run.status in SUCCESS or run.status == EMPTY:
            break
        if not interrupted(run):
            failures += 1
    completed = next((r for r in runs if not interrupted(r)), None)
    success = next((r for r in runs if r.status in SUCCESS), None)
    failure = next((r for r in runs if r.status not in SUCCESS), None)
    successes = [r for r in runs if r.status in SUCCESS][:USUAL_RUNS]
    latest = runs[0] if runs else None
    site_change = probable_site_change(runs)
    warning = warning_of(completed, site_change)
    return SourceHealth(
        source=source,
        runs=len(runs),
        last_started=completed.started if completed else None,
        last_finished=(completed.finished or completed.started) if completed else None,
        last_status=latest.status if latest else None,
        last_success=(success.finished or success.started) if success else None,
        last_failure=(failure.finished or failure.started) if failure else None,
        last_error=failure.last_error if failure else None,
        consecutive_failures=failures,
        last_counts=(latest.new, latest.updated, latest.unchanged, latest.dropped, latest.errors) if latest else None,
        articles_per_run=sum(articles(r) for r in successes) / len(successes) if successes else None,
        site_change=site_change,
        warning=warning,
        episode=episode_start(runs) if warning else None,
    )


def warning_of(latest: CrawlRun | None, site_change: bool) -> str | None:
    """Why the latest completed run puts the source in the warning state, or None."""
    if latest is not None and latest.status == EMPTY:
        return latest.last_error or "no article link found"
    if site_change and latest is not None and (latest.dropped or 0) > 0:
        return f"probable site change: every item found was dropped ({latest.dropped})"
    if site_change:
        return (f"probable site change: the last {STALE_RUNS} runs stored nothing although the source used to "
                "yield articles")
    return None


def episode_start(runs: Sequence[CrawlRun]) -> int:
    """Id of the earliest run after the source's last productive one (runs newest first)."""
    start = runs[0].id if runs else 0
    for run in runs:
        if articles(run) > 0:
            break
        start = run.id
    return start


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.0f} s"


def health_row(health: SourceHealth, plan: Plan | None, error_width: int = 120) -> dict[str, object]:
    """One row for `attache status` and the index page (column name -> text), times in UTC."""
    counts = health.last_counts
    state = "never run" if health.last_status is None else (
        ("warning: probable site change" if health.site_change else "warning: no article links")
        if health.warning else
        f"failing ({health.consecutive_failures}×)" if health.consecutive_failures else
        "interrupted" if health.last_status == "interrupted" else "ok")
    return {
        "source": health.source,
        "state": state,
        "last success": _when(health.last_success),
        "last failure": _when(health.last_failure),
        "last error": clip(" ".join((health.last_error or "").split()), error_width) if health.last_failure else "",
        "warning": clip(health.warning or "", error_width),
        "failures in a row": health.consecutive_failures,
        "last run (new/upd/same/drop/err)": "/".join(str(c or 0) for c in counts) if counts else "",
        "articles per run": f"{health.articles_per_run:.1f}" if health.articles_per_run is not None else "",
        "backoff": _duration(plan.backoff) if plan and plan.backoff else "",
        "next run": _when(plan.when) if plan else "",
    }
