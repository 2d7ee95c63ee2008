"""What the commands print: plain-text tables, clipped cells, and catalog mistakes as one line."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from scraper.config import Config
from scraper.sources import CatalogError, Source, load_catalog


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Left-aligned columns separated by two spaces, with a rule under the header."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], file: TextIO | None = None) -> None:
    """Print `format_table`, or '(none)' when there are no rows."""
    print(format_table(headers, rows) if rows else "(none)", file=file, flush=True)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def error(message: str) -> None:
    """Print a user-facing error line on stderr."""
    print(f"attache: {message}", file=sys.stderr)


def catalog_or_error(config: Config, include_disabled: bool = False) -> dict[str, Source] | None:
    """The merged catalog, or None after printing the catalog mistake."""
    try:
        return load_catalog(config.sources, include_disabled=include_disabled, builtins=config.builtins)
    except CatalogError as exc:
        error(str(exc))
        return None


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """' (did you mean 'x'?)' for the closest of `known`, or ''."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_sources(ids: Sequence[str], catalog: dict[str, Source], config: Config | None = None) -> bool:
    """Print and return True when some of `ids` are not in the catalog (with the closest id and, when no
    user catalog is configured, how to give one)."""
    unknown = [sid for sid in ids if sid not in catalog]
    if unknown:
        hints = "".join(did_you_mean(sid, sorted(catalog)) for sid in unknown)
        where = ""
        if config is not None and not config.sources:
            where = (f"; no user catalog is configured: pass --sources FILE, set ATTACHE_SOURCES, or set `sources` "
                     f"in {config.config_file or config.data_dir / 'attache.toml'}")
        error(f"unknown source(s): {', '.join(unknown)}{hints} (see `attache sources`){where}")
    return bool(unknown)
