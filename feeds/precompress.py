"""Gzip copies of published files, made once at publish: `all.rss.gz` beside `all.rss`.

The server (and nginx's `gzip_static`) send the copy to clients that accept gzip, so no request
compresses anything. The copy is written after its file, atomically (temporary file, fsync, rename), so
a `.gz` never holds half a file; a copy older than its file is stale, and the server then ignores it.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

SUFFIX = ".gz"
LEVEL = 9
"""Compressed once per change, read many times: the smallest output is worth the time."""


def gzip_path(path: Path) -> Path:
    """Where the gzip copy of `path` lives."""
    return path.with_name(path.name + SUFFIX)


def is_fresh(plain: os.stat_result, gz: os.stat_result) -> bool:
    """True when the copy (`gz`) was written at or after its file (`plain`), so it holds the same bytes."""
    return gz.st_mtime_ns >= plain.st_mtime_ns


def write_gzip(path: Path, data: bytes) -> None:
    """Atomically write the gzip copy of `path`, whose bytes are `data` (call after writing `path`)."""
    target = gzip_path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(gzip.compress(data, compresslevel=LEVEL, mtime=0))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_gzip(path: Path, data: bytes) -> bool:
    """Write the copy of an unchanged `path` when missing or stale (older publishes made none); True if written."""
    try:
        if is_fresh(path.stat(), gzip_path(path).stat()):
            return False
    except FileNotFoundError:
        pass
    write_gzip(path, data)
    return True


def remove_gzip(path: Path) -> None:
    """Remove the copy of `path` (its file was removed)."""
    gzip_path(path).unlink(missing_ok=True)
