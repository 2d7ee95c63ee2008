"""Stopping crawl processes: the one SIGTERM-then-SIGKILL, and the /proc look-ups it needs.

Crawls run in their own process group (`start_new_session=True`), so a signal to the
group also reaches anything the crawl started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable
from pathlib import Path

KILL_WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05


def alive(pid: int) -> bool:
    """True if `pid` is a running (not zombie) process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def signal_process(pid: int, sig: int) -> None:
    """Send `sig` to the process group `pid` leads, or to `pid` alone when it leads none."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        group = os.getpgid(pid)
        if group == pid:
            os.killpg(group, sig)
        else:
            os.kill(pid, sig)


def stop_processes(pids: Iterable[int], grace: float, kill_wait: float = KILL_WAIT_SECONDS) -> None:
    """SIGTERM every process (its group), SIGKILL those still alive after `grace` seconds, then
    wait up to `kill_wait` seconds for them to go. A zombie counts as gone: its parent reaps it."""
    pids = list(pids)
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, kill_wait)):
        living = [pid for pid in pids if alive(pid)]
        for pid in living:
            signal_process(pid, sig)
        deadline = time.monotonic() + wait
        while living and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            living = [pid for pid in living if alive(pid)]
        if not living:
            return
        pids = living


def process_environment(pid: int) -> dict[str, str] | None:
    """The environment `pid` was started with, or None when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return None
    pairs = (item.partition(b"=") for item in raw.split(b"\0") if item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, _, v in pairs}


def command_line(pid: int) -> list[str]:
    """The arguments `pid` was started with ([] when it cannot be read)."""
    try:
        return [p.decode(errors="replace") for p in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]
    except OSError:
        return []
