"""`attache publish | serve`: the feed sub-commands."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from scraper.config import Config
from scraper.store import Store

from .publish import publish
from .server import make_server


def register(subparsers: Any) -> None:
    """Add the feed sub-commands to the `attache` parser."""
    pub = subparsers.add_parser("publish", help="(re)build the feed files, OPML list and index page")
    pub.add_argument("feeds", nargs="*", metavar="FEED",
                     help="only these feeds, by path without extension (all, cooperation, pairs/AZ-IT, "
                          "countries/IT, sources/ID, from/IT, lang/it)")
    pub.add_argument("--quiet", action="store_true", help="only the summary line")
    pub.set_defaults(func=cmd_publish)

    serve = subparsers.add_parser("serve", help="serve the feeds over HTTP (with filter parameters)")
    serve.add_argument("--host", help="address to bind (default: ATTACHE_HTTP_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: ATTACHE_HTTP_PORT, 8787; 0 picks a free one)")
    serve.set_defaults(func=cmd_serve)


def cmd_publish(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    try:
        report = publish(config, store, only=set(args.feeds) if args.feeds else None)
    finally:
        store.close()
    if not args.quiet:
        for path in report.written:
            print(f"wrote      {path} ({report.sizes[path]:,} bytes)")
        for path in report.unchanged:
            print(f"unchanged  {path}")
    print(f"{len(report.feeds)} feed(s) in {config.feeds_dir}: {len(report.written)} file(s) written, "
          f"{len(report.unchanged)} unchanged")
    return 0


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    try:
        server = make_server(config, store, host=args.host, port=args.port)
    except OSError as exc:
        host = args.host or config.http_host
        port = config.http_port if args.port is None else args.port
        print(f"attache: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        store.close()
        return 2
    print(f"serving {config.feeds_dir} at {server.url} (Ctrl-C stops)", flush=True)
    stop = threading.Event()
    server.start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        store.close()
    return 0
