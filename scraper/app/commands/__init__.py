"""The `attache` sub-commands, one module each, registered statically.

Each module has `register(subparsers)`; every parser it adds sets
`func(args, config) -> int` as its default.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from scraper.app.commands import (
    articles,
    crawl,
    daemon,
    db,
    deploy,
    extract,
    init,
    publish,
    retag,
    serve,
    sources,
    status,
)

COMMANDS: tuple[ModuleType, ...] = (init, crawl, sources, articles, retag, extract, publish, serve, daemon, status,
                                    deploy, db)


def register_all(subparsers: Any) -> None:
    """Add every sub-command to the `attache` parser."""
    for command in COMMANDS:
        command.register(subparsers)
