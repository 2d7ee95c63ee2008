"""Catalog entries as TOML text: a proposed entry (with its reasons as comments), a current `Source`, a diff.

Comment lines written by discovery start with `COMMENT_MARK`, so a later repair
can replace them together with the entry they explain.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from scraper.sources import Source

COMMENT_MARK = "# discovery: "
KEY_ORDER = ("name", "kind", "country", "language", "languages", "timezone", "start_urls", "article_pattern",
             "next_page", "render", "next_click", "max_pages", "max_articles", "allowed_domains", "enabled",
             "auto_repair")
TABLE_KEYS = ("selectors", "schedule")
_DEFAULTS: dict[str, Any] = {"render": "plain", "max_pages": 5, "enabled": True, "auto_repair": False,
                             "languages": (), "allowed_domains": (), "selectors": {}, "schedule": {}}


def toml_value(value: Any) -> str:
    """One TOML value: strings (literal when possible, so regexes stay readable), numbers, booleans, lists."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "'" not in value and "\n" not in value and all(c >= " " or c == "\t" for c in value):
            return f"'{value}'"
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _key(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else json.dumps(name)


def entry_toml(source_id: str, entry: Mapping[str, Any], comments: Sequence[str] = ()) -> str:
    """The ``[sources.<id>]`` table of `entry`, preceded by `comments` (marked as discovery's)."""
    lines = [COMMENT_MARK + "".join(ch if ch >= " " else " " for ch in c) for c in comments]  # one line each
    lines.append(f"[sources.{source_id}]")
    for key in sorted(entry, key=lambda k: KEY_ORDER.index(k) if k in KEY_ORDER else len(KEY_ORDER)):
        if key not in TABLE_KEYS:
            lines.append(f"{key} = {toml_value(entry[key])}")
    for table in TABLE_KEYS:
        if entry.get(table):
            lines.append("")
            lines.append(f"[sources.{source_id}.{table}]")
            lines += [f"{_key(k)} = {toml_value(v)}" for k, v in entry[table].items()]
    return "\n".join(lines) + "\n"


def source_entry(source: Source) -> dict[str, Any]:
    """The catalog keys of `source` that differ from the defaults (what a TOML entry for it needs)."""
    entry: dict[str, Any] = {}
    for key in (*KEY_ORDER, *TABLE_KEYS):
        value = getattr(source, key)
        if value is None or (key in _DEFAULTS and value == _DEFAULTS[key]):
            continue
        entry[key] = list(value) if isinstance(value, tuple) else value
    return entry


def entry_diff(source_id: str, current: Mapping[str, Any], proposed: Mapping[str, Any]) -> str:
    """A unified diff from the current entry to the proposed one (empty when they are equal)."""
    old = entry_toml(source_id, current).splitlines(keepends=True)
    new = entry_toml(source_id, proposed).splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, "current", "proposed"))
