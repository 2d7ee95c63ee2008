"""What the commands print: plain-text tables, clipped cells, and catalog mistakes as one line."""

from __future__ import annotations

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
        return load_catalog(config.sources, include_disabled=include_disabled)
    except CatalogError as exc:
        error(str(exc))
        return None


def unknown_sources(ids: Sequence[str], catalog: dict[str, Source]) -> bool:
    """Print and return True when some of `ids` are not in the catalog."""
    unknown = [sid for sid in ids if sid not in catalog]
    if unknown:
        error(f"unknown source(s): {', '.join(unknown)} (see `attache sources`)")
    return bool(unknown)
