"""`attache serve [--host H] [--port P]`: serve the feed directory over HTTP until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from feeds.server import make_server
from scraper.app.console import error
from scraper.config import Config
from scraper.store import Store


def register(subparsers: Any) -> None:
    """Add `serve` to the `attache` parser."""
    serve = subparsers.add_parser("serve", help="serve the feeds over HTTP (with filter parameters)")
    serve.add_argument("--host", help="address to bind (default: ATTACHE_HTTP_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: ATTACHE_HTTP_PORT, 8787; 0 picks a free one)")
    serve.set_defaults(func=run)


def base_url_note(config: Config, served_at: str) -> str | None:
    """A note when the published pages link to the default address but this server listens elsewhere."""
    default_base = f"http://{config.http_host}:{config.http_port}/"
    if config.public_base_url != default_base or served_at == default_base:
        return None
    return (f"note: the published index page and feeds link to {default_base}; for links to this server run "
            f"`ATTACHE_PUBLIC_BASE_URL={served_at} attache publish` (or set ATTACHE_HTTP_HOST/ATTACHE_HTTP_PORT "
            "instead of --host/--port)")


def run(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    try:
        server = make_server(config, store, host=args.host, port=args.port)
    except OSError as exc:
        host = args.host or config.http_host
        port = config.http_port if args.port is None else args.port
        error(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        store.close()
        return 2
    note = base_url_note(config, server.url)
    print(f"serving {config.feeds_dir} at {server.url} (Ctrl-C stops)" + (f"\n{note}" if note else ""), flush=True)
    server.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        store.close()
    return 0
