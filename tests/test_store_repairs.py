"""Stored repair proposals (scraper/store/repairs.py) on a real SQLite file and a PostgreSQL database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.store import Store, latest_repairs, record_repair, repair_for_episode, set_repair_status

NOW = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)


def test_one_repair_per_source_and_episode_and_the_latest_wins(database_url: str) -> None:
    store = Store(database_url)  # SQLite and PostgreSQL
    try:
        with store.session() as session:
            first = record_repair(session, "src", 7, NOW, "nothing found", message="tried /feed")
            second = record_repair(session, "src", 12, NOW, "proposed", entry="[sources.src]\n", diff="-a\n+b\n")
            record_repair(session, "other", 3, NOW, "test failed")
        with store.session() as session:
            assert repair_for_episode(session, "src", 7).id == first
            assert repair_for_episode(session, "src", 8) is None
            latest = latest_repairs(session, ["src", "other", "none"])
            assert set(latest) == {"src", "other"} and latest["src"].id == second
            set_repair_status(session, second, "applied", "written to x.toml")
        with store.session() as session:
            repair = repair_for_episode(session, "src", 12)
            assert (repair.status, repair.message, repair.diff) == ("applied", "written to x.toml", "-a\n+b\n")
            assert repair.proposed == NOW
            with pytest.raises(ValueError, match="not 'maybe'"):
                record_repair(session, "src", 13, NOW, "maybe")
    finally:
        store.close()
