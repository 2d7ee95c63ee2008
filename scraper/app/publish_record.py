"""When the feeds were last published, and by whom: `<data dir>/last-publish.json`, written after every
successful publish (`attache publish`, `attache crawl`, the daemon) and read by `attache status`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feeds.publish import PublishReport
from scraper.config import Config

RECORD_NAME = "last-publish.json"


def record_path(config: Config) -> Path:
    return config.data_dir / RECORD_NAME


def record_publish(config: Config, report: PublishReport, by: str) -> None:
    """Remember this publish (atomically; a failure to write the record never fails the publish)."""
    record = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "by": by, "pid": os.getpid(),
              "feeds": len(report.feeds), "written": len(report.written), "unchanged": len(report.unchanged),
              "removed": len(report.removed), "feeds_dir": str(config.feeds_dir),
              "base_url": config.public_base_url}
    path = record_path(config)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)


def last_publish(config: Config) -> dict[str, Any] | None:
    """The last publish's record, or None when there was none (or the record is unreadable)."""
    try:
        record = json.loads(record_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None
