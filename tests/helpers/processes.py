"""Real subprocesses of the project's commands, run from the repository."""

from __future__ import annotations

import subprocess
import sys
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
