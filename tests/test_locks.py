"""Per-source locks across real processes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from scraper.locks import SourceBusy, SourceLock


def test_second_holder_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", f"""
import sys, time
from pathlib import Path
from scraper.locks import SourceLock
lock = SourceLock(Path({str(tmp_path)!r}), "src"); lock.acquire(); print("held", flush=True); time.sleep(30)
"""], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(SourceBusy, match=rf"'src' is already being crawled by pid {holder.pid}"):
            SourceLock(tmp_path, "src").acquire(wait=0.05)
        assert time.monotonic() - started >= 0.05, "acquire waits before refusing"
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    lock = SourceLock(tmp_path, "src")
    lock.acquire()  # the kernel released the dead holder's lock (its descriptors closed before wait() returned)
    lock.release()
