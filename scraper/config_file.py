"""The remembered configuration: `<data dir>/attache.toml`, read by `scraper.config.load_config` and
written by `attache init` (or the first run that creates the data directory).

Keys: ``sources`` (the user catalog, or an array of them: paths relative to the file's folder or absolute;
a later catalog adds to or overrides an earlier one), ``public_base_url``,
``host``, ``port`` and ``builtins`` (false turns every built-in source off). The environment and the
command line override the file. A mistake raises `ConfigError` naming the file, the line and the key.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CONFIG_FILE_NAME = "attache.toml"

FILE_KEYS = {  # key in the file -> key of scraper.config._KEYS
    "sources": "sources",
    "public_base_url": "public_base_url",
    "host": "http_host",
    "port": "http_port",
    "builtins": "builtins",
}


class ConfigFileError(ValueError):
    """The configuration file is unreadable or has an invalid key; the message names file, line and key."""


def config_file_path(data_dir: Path) -> Path:
    """Where the configuration file of `data_dir` lives."""
    return data_dir / CONFIG_FILE_NAME


def _line(text: str, key: str) -> str:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return f", line {number}"
    return ""


def read_config_file(path: Path) -> dict[str, str]:
    """The file's values keyed like `scraper.config._KEYS` (as strings); {} when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):  # no data folder yet, or a path through a file (said later)
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{path}: cannot read the configuration file: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(f"{path}: not valid TOML: {exc}") from None
    values: dict[str, str] = {}
    for key, value in data.items():
        where = f"{path}{_line(text, key)}: key {key!r}"
        if key not in FILE_KEYS:
            close = difflib.get_close_matches(key, FILE_KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigFileError(f"{where}: unknown key ({hint}known: {', '.join(FILE_KEYS)})")
        values[FILE_KEYS[key]] = _check(key, value, where, path.parent)
    return values


def _check(key: str, value: Any, where: str, folder: Path) -> str:
    if key == "builtins":
        if not isinstance(value, bool):
            raise ConfigFileError(f"{where}: must be true or false, got {value!r}")
        return "1" if value else "0"
    if key == "port":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
            raise ConfigFileError(f"{where}: must be a whole number from 0 to 65535, got {value!r}")
        return str(value)
    if key == "sources" and isinstance(value, list):
        if not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigFileError(f"{where}: must be a path or an array of paths, got {value!r}")
        return os.pathsep.join(str((folder / Path(v).expanduser()).resolve()) for v in value)
    if not isinstance(value, str) or not value.strip():
        raise ConfigFileError(f"{where}: must be a non-empty string, got {value!r}")
    if key == "public_base_url" and not value.startswith(("http://", "https://")):
        raise ConfigFileError(f"{where}: must be an absolute http(s) URL, got {value!r}")
    if key == "sources":
        return str((folder / Path(value).expanduser()).resolve())
    return value


def write_config_file(path: Path, values: Mapping[str, Any]) -> None:
    """Write the file with `values` (keys of `FILE_KEYS`; None leaves a key commented out), atomically."""
    lines = ["# Attaché configuration, read by every `attache` command and by `scrapy crawl`.",
             "# The environment (ATTACHE_*) and command-line options override it.", ""]
    notes = {
        "sources": "user source catalog (TOML), or an array of them; relative to this folder or absolute",
        "public_base_url": "absolute base of feed URLs (default: http://<host>:<port>/)",
        "host": "address of the built-in HTTP server",
        "port": "port of the built-in HTTP server",
        "builtins": "false turns every built-in source off",
    }
    for key, note in notes.items():
        value = values.get(key)
        lines.append(f"# {note}")
        if value is None:
            lines.append(f"# {key} = ")
        elif isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, list | tuple):
            lines.append(f"{key} = [{', '.join(json.dumps(str(v), ensure_ascii=False) for v in value)}]")
        elif isinstance(value, int):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {json.dumps(str(value), ensure_ascii=False)}")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
