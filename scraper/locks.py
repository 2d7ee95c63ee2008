"""Per-source crawl locks: one crawl of a source at a time, across processes.

An advisory `flock` on `<data dir>/locks/<source>.lock`; the file holds the
holder's pid so a refusal can say who holds it. The kernel drops the lock
when the process dies, so a `kill -9` never leaves a source locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


def flock_within(fd: int, wait: float, poll: float) -> bool:
    """Take an exclusive `flock` on `fd`, trying again every `poll` seconds for up to `wait` seconds; False when
    another process still holds it then."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)


class SourceBusy(RuntimeError):
    """The source is already being crawled."""


class SourceLock:
    """An exclusive lock on one source."""

    def __init__(self, data_dir: Path, source_id: str) -> None:
        self.path = data_dir / "locks" / f"{source_id}.lock"
        self.source_id = source_id
        self._fd: int | None = None

    def holder(self) -> int | None:
        """The pid written by the current holder, if any."""
        try:
            text = self.path.read_text().strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds; raises `SourceBusy`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not flock_within(fd, wait, poll=0.2):
            os.close(fd)
            holder = self.holder()
            by = f" by pid {holder}" if holder else ""
            raise SourceBusy(f"source {self.source_id!r} is already being crawled{by}")
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SourceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
