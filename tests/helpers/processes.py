"""Real subprocesses of the project's commands, run from the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
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
    """`scrapy <args>` as a real subprocess, and its peak RSS in MB (ru_maxrss of that child alone, by wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "scrapy", *args], env=env, cwd=REPO, stdout=out, stderr=err,
                                text=True)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read())
    return result, usage.ru_maxrss / 1024
