"""`attache init [--port P] [--public-base-url URL] [--no-builtins]`: create the data directory and its
configuration file (`<data dir>/attache.toml`), remembering the user catalog (`--sources`), the public base URL,
the port and whether the built-in sources are on. Run again, it updates the keys given and keeps the others."""

from __future__ import annotations

import argparse
import tomllib
from typing import Any

from scraper.app.console import error
from scraper.config import Config
from scraper.config_file import config_file_path, write_config_file


def register(subparsers: Any) -> None:
    """Add `init` to the `attache` parser."""
    init = subparsers.add_parser("init", help="create the data directory and its configuration file (attache.toml)")
    init.add_argument("--port", type=int, help="port of the HTTP server (remembered)")
    init.add_argument("--public-base-url", metavar="URL", help="absolute base of feed URLs (remembered)")
    builtins = init.add_mutually_exclusive_group()
    builtins.add_argument("--no-builtins", dest="builtins", action="store_false", default=None,
                          help="turn every built-in source off (only the user catalog's sources)")
    builtins.add_argument("--builtins", dest="builtins", action="store_true", help="built-in sources on (default)")
    init.set_defaults(func=run)


def initial_values(config: Config) -> dict[str, Any]:
    """What a new configuration file remembers of `config`."""
    return {"sources": _remembered(config), "builtins": config.builtins}


def _remembered(config: Config) -> str | list[str] | None:
    """The user catalogs as the file keeps them: one path, an array of several, or None."""
    paths = [str(p) for p in config.sources]
    return paths[0] if len(paths) == 1 else (paths or None)


def run(args: argparse.Namespace, config: Config) -> int:
    path = config_file_path(config.data_dir)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        values: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except tomllib.TOMLDecodeError as exc:
        error(f"{path}: not valid TOML: {exc} (fix or remove it, then run `attache init` again)")
        return 2
    values.setdefault("builtins", True)
    if config.sources:
        values["sources"] = _remembered(config)
    if args.port is not None:
        if not 0 <= args.port <= 65535:
            error(f"--port must be from 0 to 65535, got {args.port}")
            return 2
        values["port"] = args.port
    if args.public_base_url:
        if not args.public_base_url.startswith(("http://", "https://")):
            error(f"--public-base-url must be an absolute http(s) URL, got {args.public_base_url!r}")
            return 2
        values["public_base_url"] = args.public_base_url
    if args.builtins is not None:
        values["builtins"] = args.builtins
    existed = path.exists()
    write_config_file(path, values)
    print(f"{'updated' if existed else 'created'} {path}")
    print(f"data directory {config.data_dir}; user catalog(s) {_listed(values.get('sources'))}; built-in sources "
          f"{'on' if values['builtins'] else 'off'}")
    return 0


def _listed(value: object) -> str:
    if not value:
        return "(none)"
    return ", ".join(value) if isinstance(value, list) else str(value)
