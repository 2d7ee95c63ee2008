"""Attaché's scheduled daemon: `python scheduler.py` is `attache daemon`.

Sub-commands registered here: `attache daemon [--once]` and `attache status`.
The logic lives in `scraper/daemon/` (planning, health, recovery, runner).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scraper.commands import catalog_or_error
from scraper.config import Config


def register(subparsers: Any) -> None:
    """Add `daemon` and `status` to the `attache` parser."""
    daemon = subparsers.add_parser("daemon", help="crawl every source on its schedule, publish and serve the feeds")
    daemon.add_argument("--once", action="store_true", help="crawl every enabled source once, publish, exit")
    daemon.add_argument("--no-serve", action="store_true", help="do not start the HTTP server")
    daemon.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="daemon log level (DEBUG includes every line of the crawls' output)")
    daemon.set_defaults(func=cmd_daemon)

    status = subparsers.add_parser("status", help="source health: last success and failure, backoff, site changes")
    status.add_argument("--all", action="store_true", help="all columns, full error messages")
    status.set_defaults(func=cmd_status)


def cmd_daemon(args: argparse.Namespace, config: Config) -> int:
    from scraper.daemon.logs import setup_logging
    from scraper.daemon.recovery import DaemonRunning, take_daemon_lock
    from scraper.daemon.runner import run_daemon, run_once
    from scraper.store import Store

    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    try:
        lock = take_daemon_lock(config.data_dir)
    except DaemonRunning as exc:
        print(f"attache: {exc}", file=sys.stderr)
        return 1
    try:
        setup_logging(config.log_dir, args.log_level)
        store = Store(config.database_url)
        try:
            if args.once:
                return run_once(config, store, catalog)
            return run_daemon(config, store, catalog, serve=not args.no_serve)
        finally:
            store.close()
    finally:
        lock.release()


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    from scraper.daemon.service import CrawlService
    from scraper.store import Store
    from scraper.table import print_table

    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    store = Store(config.database_url)
    try:
        rows = CrawlService(config, store, catalog).health_rows(error_width=10_000 if args.all else 50)
    finally:
        store.close()
    if rows and not args.all:
        rows = [{k: v for k, v in row.items() if k != "last run (new/upd/same/drop/err)"} for row in rows]
    print("times in UTC; 'next run' is planned from the crawl history (without jitter)")
    print_table(list(rows[0]) if rows else [], [list(r.values()) for r in rows])
    return 0


if __name__ == "__main__":
    from scraper.cli import main

    sys.exit(main(["daemon", *sys.argv[1:]]))
