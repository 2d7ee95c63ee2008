"""`attache deploy`: upload the project (and the user catalog) as an egg to every Scrapyd node of
``ATTACHE_SCRAPYD_URLS``. Exit status 0 when every node took it, 1 when any did not, 2 when no node is
configured or the egg cannot be built."""

from __future__ import annotations

import argparse
from typing import Any

from scraper.app.console import catalog_or_error, error, print_table
from scraper.app.scrapyd.deploy import deploy
from scraper.app.scrapyd.egg import EggError
from scraper.config import Config
from scraper.sources import load_catalog


def register(subparsers: Any) -> None:
    """Add `deploy` to the `attache` parser."""
    parser = subparsers.add_parser("deploy", help="upload the project to the Scrapyd nodes (ATTACHE_SCRAPYD_URLS)")
    parser.add_argument("--version", dest="egg_version", metavar="VERSION",
                        help="version name of the upload (default: the time in milliseconds; nodes run the latest)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    if not config.scrapyd_urls:
        error("no Scrapyd node to deploy to: set ATTACHE_SCRAPYD_URLS (or scrapyd_urls in attache.toml), "
              "e.g. http://127.0.0.1:6800")
        return 2
    catalog = catalog_or_error(config)  # a catalog mistake is said here, not by every node
    if catalog is None:
        return 2
    try:
        results = deploy(config, args.egg_version, expected=_user_sources(config))
    except EggError as exc:
        error(str(exc))
        return 2
    print_table(["node", "version", "spiders", "result"],
                [[r.node, r.version, "" if r.spiders is None else r.spiders, r.error or "deployed"] for r in results])
    failed = [r.node for r in results if r.error]
    if failed:
        error(f"not deployed to {', '.join(failed)}")
        return 1
    return 0


def _user_sources(config: Config) -> list[str]:
    """The ids the user catalog adds to the built-in one: every node must list them once the egg is deployed."""
    if not config.sources:
        return []
    builtin = load_catalog(None, include_disabled=True)
    return [sid for sid in load_catalog(config.sources) if sid not in builtin]
