"""Proposed source repairs: one row per source and warning episode, written by the daemon's repair step.

A repair's status is one of:

- ``proposed``: discovery found an entry whose test crawl stored an article; not applied
  (``auto_repair`` is off for the source);
- ``applied``: that entry was written into the user catalog (``auto_repair = true``);
- ``not applied``: ``auto_repair`` is on but the entry could not be written (no user
  catalog, or writing failed; `message` says why);
- ``test failed``: discovery proposed an entry but its test crawl stored nothing;
- ``nothing found``: discovery found no way to follow the site (`message` says what it tried).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import SourceRepairRow

REPAIR_STATUSES = frozenset({"proposed", "applied", "not applied", "test failed", "nothing found"})


@dataclass(frozen=True)
class Repair:
    """A stored repair proposal."""

    id: int
    source: str
    episode: int
    proposed: datetime
    status: str
    entry: str
    diff: str
    message: str

    @classmethod
    def of(cls, row: SourceRepairRow) -> Repair:
        return cls(row.id, row.source, row.episode, row.proposed, row.status, row.entry or "", row.diff or "",
                   row.message or "")


def record_repair(session: Session, source: str, episode: int, now: datetime, status: str, *, entry: str = "",
                  diff: str = "", message: str = "") -> int:
    """Store a repair proposal for `source`'s warning episode; returns its id."""
    if status not in REPAIR_STATUSES:
        raise ValueError(f"a repair is one of {sorted(REPAIR_STATUSES)}, not {status!r}")
    row = SourceRepairRow(source=source, episode=episode, proposed=now, status=status, entry=entry, diff=diff,
                          message=message)
    session.add(row)
    session.flush()
    return row.id


def set_repair_status(session: Session, repair_id: int, status: str, message: str) -> None:
    """Change a proposal's status (applied, or not applied and why)."""
    if status not in REPAIR_STATUSES:
        raise ValueError(f"a repair is one of {sorted(REPAIR_STATUSES)}, not {status!r}")
    row = session.get(SourceRepairRow, repair_id)
    if row is None:
        raise KeyError(f"no repair {repair_id}")
    row.status = status
    row.message = message


def repair_for_episode(session: Session, source: str, episode: int) -> Repair | None:
    """The repair already proposed for this warning episode of `source`, if any."""
    row = session.scalar(select(SourceRepairRow).where(SourceRepairRow.source == source,
                                                       SourceRepairRow.episode == episode).limit(1))
    return Repair.of(row) if row is not None else None


def latest_repairs(session: Session, sources: Iterable[str]) -> dict[str, Repair]:
    """Each source's latest repair proposal (sources without one are left out)."""
    result: dict[str, Repair] = {}
    for source in sources:
        row = session.scalar(select(SourceRepairRow).where(SourceRepairRow.source == source)
                             .order_by(SourceRepairRow.id.desc()).limit(1))
        if row is not None:
            result[source] = Repair.of(row)
    return result
