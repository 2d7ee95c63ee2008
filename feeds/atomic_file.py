"""Writing a file atomically: a temporary file in the same directory, fsync, `os.replace`.

A reader sees the old bytes or the new ones, never half a file; a write that fails (a full disk, a
signal) leaves the old file and removes its temporary file (`.<name>.<random>.tmp`, the pattern a
publish cleans up after a `kill -9`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` (mode 0644), durably once this returns (the directory is not synced)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
