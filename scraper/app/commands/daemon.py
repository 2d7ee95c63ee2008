"""`attache daemon [--once]` (also `python scheduler.py`): crawl on schedule, publish, serve."""

from __future__ import annotations

import argparse
from typing import Any

from scraper.app.console import catalog_or_error, error
from scraper.app.daemon.logs import setup_logging
from scraper.app.daemon.recovery import DaemonRunning, take_daemon_lock
from scraper.app.daemon.runner import run_daemon, run_once
from scraper.config import Config
from scraper.store import Store


def register(subparsers: Any) -> None:
    """Add `daemon` to the `attache` parser."""
    daemon = subparsers.add_parser("daemon", help="crawl every source on its schedule, publish and serve the feeds")
    daemon.add_argument("--once", action="store_true", help="crawl every enabled source once, publish, exit")
    daemon.add_argument("--no-serve", action="store_true", help="do not start the HTTP server")
    daemon.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="daemon log level (DEBUG includes every line of the crawls' output)")
    daemon.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    try:
        lock = take_daemon_lock(config.data_dir)
    except DaemonRunning as exc:
        error(str(exc))
        return 1
    try:
        catalogs = ["built-in" if config.builtins else "built-in (off: builtins = false)"]
        catalogs += [str(p) for p in config.sources]
        print(f"attache daemon: data directory {config.data_dir}; configuration "
              f"{config.config_file or '(none)'}; catalogs {', '.join(catalogs)} ({len(catalog)} enabled "
              f"source(s)); log {config.log_dir / 'daemon.log'}", flush=True)
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
