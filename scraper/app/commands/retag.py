"""`attache retag [--source ID]`: tag the stored articles again with the current tagger (no network).

The loop is `scraper.app.retagging.retag_store` (shared with the daemon, which runs it by itself when
the store's tagger version is not the current one). A full retag records the tagger version; then
`attache publish` (or the daemon's next publish) brings the feeds up to date.
"""

from __future__ import annotations

import argparse
from typing import Any

from scraper.app.console import catalog_or_error, unknown_sources
from scraper.app.retagging import retag_store
from scraper.config import Config
from scraper.store import Store


def register(subparsers: Any) -> None:
    """Add `retag` to the `attache` parser."""
    retag = subparsers.add_parser("retag", help="tag the stored articles again (after a tagger update)")
    retag.add_argument("--source", help="only this source's articles")
    retag.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    try:
        result = retag_store(store, args.source)
    finally:
        store.close()
    if args.source and not result.done:
        # No stored article of it: a misspelt id is a mistake (a source removed from the catalog with
        # articles still stored is retagged like any other).
        catalog = catalog_or_error(config, include_disabled=True)
        if catalog is None or unknown_sources([args.source], catalog, config):
            return 2
    failures = f", {result.failed} failed (kept their tags; see the log)" if result.failed else ""
    print(f"retagged {result.done} article(s): {result.changed} changed, {result.unchanged} unchanged{failures}")
    if result.recorded:
        print(f"tagger version {result.recorded} recorded")
    if result.changed:
        print("run `attache publish` to bring the feeds up to date")
    return 1 if result.failed else 0
