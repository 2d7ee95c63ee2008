"""Real subprocesses of the project's commands, run from the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def write_catalog(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_scrapy(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`scrapy <args>` as a real subprocess, run from the repository."""
    return subprocess.run([sys.executable, "-m", "scrapy", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def run_attache(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`attache <args>` as a real subprocess."""
    return subprocess.run([sys.executable, "-m", "scraper.app.cli", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def run_scrapy_measured(env: dict[str, str], *args: str,
                        timeout: float = 300) -> tuple[subprocess.CompletedProcess[str], float]:
    """`scrapy <args>` as a real subprocess, and the crawl's peak RSS in MB: `memusage/max` of its stats, the
    process's own peak (VmHWM, `scraper.extensions.PeakMemoryUsage`). Not ru_maxrss: on Linux a child's
    ru_maxrss starts at the peak of the process that started it (a large pytest worker)."""
    with tempfile.TemporaryDirectory(prefix="attache-stats-") as tmp:
        stats_file = Path(tmp) / "stats.json"
        result = run_scrapy(env, *args, "-s", f"ATTACHE_STATS_FILE={stats_file}", timeout=timeout)
        assert stats_file.exists(), f"the crawl wrote no stats:\n{result.stderr[-3000:]}"
        stats = json.loads(stats_file.read_text("utf-8"))
    return result, float(stats["memusage/max"]) / (1024 * 1024)
