"""`attache serve [--host H] [--port P]`: serve the feed directory over HTTP until SIGINT or SIGTERM (in any
context: also when started in the background, where the shell ignores SIGINT).

The links in the published files follow the served address: unless a public base URL was given
(``ATTACHE_PUBLIC_BASE_URL`` or ``public_base_url`` in attache.toml), the feeds are republished for this
server's address when the last publish used another one. When a given base URL's port differs from the
port served, a warning says so (a reverse proxy may be intended)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from feeds.server import make_server
from scraper.app.commands.publish import publish_all, summary
from scraper.app.console import error
from scraper.app.publish_record import last_publish
from scraper.app.stop_signal import StopSignal
from scraper.config import Config
from scraper.store import Store


def register(subparsers: Any) -> None:
    """Add `serve` to the `attache` parser."""
    serve = subparsers.add_parser("serve", help="serve the feeds over HTTP (with filter parameters)")
    serve.add_argument("--host", help="address to bind (default: ATTACHE_HTTP_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: ATTACHE_HTTP_PORT, 8787; 0 picks a free one)")
    serve.set_defaults(func=run)


def base_url_note(config: Config, served_at: str) -> str | None:
    """A warning when the given public base URL names another port than the one served."""
    if not config.public_base_url_set:
        return None
    given, served = urlsplit(config.public_base_url), urlsplit(served_at)
    given_port = given.port or (443 if given.scheme == "https" else 80)
    if given_port == served.port:
        return None
    return (f"warning: the feeds link to {config.public_base_url} (ATTACHE_PUBLIC_BASE_URL or public_base_url in "
            f"attache.toml) but this server listens at {served_at}; readers following the links need a proxy "
            "from one to the other, or change the base URL")


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
    try:
        note = base_url_note(config, server.url)
        if not config.public_base_url_set:
            served = replace(config, public_base_url=server.url, http_port=server.server_address[1])
            server.config = served
            published = last_publish(config)
            if published is None or published.get("base_url") != server.url:
                print(f"publishing for {server.url}: " + summary(publish_all(served, store, None, "attache serve"),
                                                              served), flush=True)
        if note:
            print(note, flush=True)
        with StopSignal() as stop:  # before "serving …": a signal sent as soon as it is read stops cleanly
            server.start()
            print(f"serving {config.feeds_dir} at {server.url} (Ctrl-C or SIGTERM stops)", flush=True)
            while not stop.event.wait(0.5):
                pass
        print(f"stopped by {stop.signal_name}", flush=True)
    finally:
        server.stop()
        store.close()
    return 0
