"""Gzip copies of published files, made once at publish: `all.rss.gz` beside `all.rss`.

The server (and nginx's `gzip_static`) send the copy to clients that accept gzip, so no request
compresses anything. The copy is written after its file, atomically (temporary file, fsync, rename), so
a `.gz` never holds half a file; a copy older than its file is stale, and the server then ignores it.

The copies are made by ISA-L (`isal.igzip`), not zlib: a standard gzip member, the same bytes for the same
data and level on one machine (a full and an incremental publish leave the same copies).
"""

from __future__ import annotations

import os
from pathlib import Path

from isal import igzip

from .atomic_file import replace_atomically

SUFFIX = ".gz"
LEVEL = 2
"""ISA-L's level 2. On 120 of the publish bench's feed files at 10,000 stored (22.8 MB): 27.3 % of the bytes in
0.031 s CPU, where zlib's level 4 (the level before) gave 26.4 % in 0.218 s and its default 6, 24.0 % in 0.80 s. The
copies are made on every change, inside the publish after each crawl, where zlib was the largest cost of an
incremental publish (docs/performance.md, sixth pass)."""


def gzip_path(path: Path) -> Path:
    """Where the gzip copy of `path` lives."""
    return path.with_name(path.name + SUFFIX)


def is_fresh(plain: os.stat_result, gz: os.stat_result) -> bool:
    """True when the copy (`gz`) was written at or after its file (`plain`), so it holds the same bytes."""
    return gz.st_mtime_ns >= plain.st_mtime_ns


def write_gzip(path: Path, data: bytes) -> None:
    """Atomically write the gzip copy of `path`, whose bytes are `data` (call after writing `path`)."""
    replace_atomically(gzip_path(path), igzip.compress(data, compresslevel=LEVEL, mtime=0))


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
