"""Writing an entry into the user catalog file: atomically, validated first, never half-written.

`add_entry` appends a new source (refusing an id the merged catalog already has);
`replace_entry` swaps a source's tables (and discovery's comments above them) for
new text, or appends it when the file has none. Either way the new file text is
written to a temporary file in the same folder, loaded as a catalog (so a mistake
is caught before anything changes), and renamed over the old file.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from scraper.app.discovery.entry import COMMENT_MARK
from scraper.sources import CatalogError, load_catalog


class CatalogWriteError(ValueError):
    """The entry cannot be written (the id exists, or the result would not be a valid catalog)."""


def _header(source_id: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*\[\s*sources\.\"?{re.escape(source_id)}\"?\s*[\].]")


def without_entry(text: str, source_id: str) -> tuple[str, int | None]:
    """`text` without `source_id`'s tables (and discovery's comments just above them), and the line
    index where the first one was. Comments between its last key and the next table stay (they
    belong to what follows)."""
    lines = text.splitlines(keepends=True)
    mine = _header(source_id)
    kept: list[str] = []
    pending: list[str] = []
    first: int | None = None
    inside = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            inside = bool(mine.match(line))
            if inside:
                pending.clear()
                while kept and kept[-1].startswith(COMMENT_MARK):
                    kept.pop()
                if first is None:
                    first = len(kept)
            else:
                kept += pending
                pending.clear()
        if not inside:
            kept.append(line)
        elif not stripped or stripped.startswith("#"):
            pending.append(line)
        else:
            pending.clear()
    kept += [line for line in pending if not line.startswith(COMMENT_MARK)]
    return "".join(kept), first


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            load_catalog(tmp, include_disabled=True)
        except CatalogError as exc:
            raise CatalogWriteError(f"{path}: the new entry would make the catalog invalid: {exc}") from None
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def add_entry(path: Path, source_id: str, entry_text: str) -> None:
    """Append a new source's entry to the user catalog at `path` (created when missing)."""
    existing = load_catalog(path if path.exists() else None, include_disabled=True)
    if source_id in existing:
        raise CatalogWriteError(f"{path}: source id {source_id!r} already exists ({existing[source_id].origin}); "
                                "choose another with --id")
    text = _read(path)
    joined = (text.rstrip("\n") + "\n\n" if text.strip() else "") + entry_text
    _write_atomically(path, joined)


def replace_entry(path: Path, source_id: str, entry_text: str) -> None:
    """Put `entry_text` in place of `source_id`'s tables in the user catalog at `path` (appended when absent)."""
    rest, first = without_entry(_read(path), source_id)
    if first is None:
        joined = (rest.rstrip("\n") + "\n\n" if rest.strip() else "") + entry_text
    else:
        lines = rest.splitlines(keepends=True)
        joined = "".join(lines[:first]) + entry_text + ("\n" if lines[first:] else "") + "".join(lines[first:])
    _write_atomically(path, joined)
