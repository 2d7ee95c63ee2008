"""`attache publish [FEED ...]`: (re)build the feed files, the OPML list and the index page (with source health)."""

from __future__ import annotations

import argparse
from typing import Any

from feeds.publish import publish
from scraper.app.console import catalog_or_error
from scraper.app.daemon.service import CrawlService
from scraper.config import Config
from scraper.store import Store


def register(subparsers: Any) -> None:
    """Add `publish` to the `attache` parser."""
    pub = subparsers.add_parser("publish", help="(re)build the feed files, OPML list and index page")
    pub.add_argument("feeds", nargs="*", metavar="FEED",
                     help="only these feeds, by path without extension (all, cooperation, pairs/AZ-IT, "
                          "countries/IT, sources/ID, from/IT, lang/it)")
    pub.add_argument("--quiet", action="store_true", help="only the summary line")
    pub.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    try:
        catalog = catalog_or_error(config)
        health = CrawlService(config, store, catalog).health_rows(error_width=200) if catalog is not None else None
        report = publish(config, store, only=set(args.feeds) if args.feeds else None, health_rows=health)
    finally:
        store.close()
    if not args.quiet:
        for path in report.written:
            print(f"wrote      {path} ({report.sizes[path]:,} bytes)")
        for path in report.unchanged:
            print(f"unchanged  {path}")
        for path in report.removed:
            print(f"removed    {path} (no longer listed)")
    removed = f", {len(report.removed)} removed" if report.removed else ""
    print(f"{len(report.feeds)} feed(s) in {config.feeds_dir}: {len(report.written)} file(s) written, "
          f"{len(report.unchanged)} unchanged{removed}")
    return 0
