"""`attache status [--all]`: each source's health, backoff and next run."""

from __future__ import annotations

import argparse
from typing import Any

from scraper.app.console import catalog_or_error, print_table
from scraper.app.daemon.service import CrawlService
from scraper.config import Config
from scraper.store import Store

LAST_RUN_COLUMN = "last run (new/upd/same/drop/err)"


def register(subparsers: Any) -> None:
    """Add `status` to the `attache` parser."""
    status = subparsers.add_parser("status", help="source health: last success and failure, backoff, site changes")
    status.add_argument("--all", action="store_true", help="all columns, full error messages")
    status.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    store = Store(config.database_url)
    try:
        rows = CrawlService(config, store, catalog).health_rows(error_width=10_000 if args.all else 50)
    finally:
        store.close()
    if rows and not args.all:
        rows = [{k: v for k, v in row.items() if k != LAST_RUN_COLUMN} for row in rows]
    print("times in UTC; 'next run' is planned from the crawl history (without jitter)")
    print_table(list(rows[0]) if rows else [], [list(r.values()) for r in rows])
    return 0
