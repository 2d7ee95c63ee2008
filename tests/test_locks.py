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
        with pytest.raises(SourceBusy, match=rf"'src' is already being crawled by pid {holder.pid}"):
            SourceLock(tmp_path, "src").acquire(wait=0.3)
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    time.sleep(0.1)
    lock = SourceLock(tmp_path, "src")
    lock.acquire()  # the kernel released the dead holder's lock
    lock.release()
