"""Memory figures of a process as Linux's /proc reports them (one reader for the crawl's limit and its benchmark)."""

from __future__ import annotations


def proc_bytes(path: str, field: str) -> int | None:
    """The value of `field` (a line such as "VmHWM:" of /proc/PID/status or "Pss:" of /proc/PID/smaps_rollup,
    given there in kB) in bytes; None when the file cannot be read (the process is gone) or has no such line."""
    try:
        with open(path, encoding="ascii") as lines:
            for line in lines:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
