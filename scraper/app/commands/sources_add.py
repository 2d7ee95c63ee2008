"""`attache sources add URL [--id ID] [--write]`: discover how to follow a site and propose its catalog entry.

Prints the TOML entry with what discovery found and why (as comments), after a
one-article test crawl. Exit status: 0 when the test crawl stored an article
(and, with ``--write``, the entry was appended to the user catalog); 1 when
nothing usable was found or the test crawl stored nothing; 2 for a usage
mistake (not an http(s) URL, an id that exists, no user catalog for ``--write``).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from scraper.app.console import catalog_or_error, error
from scraper.app.discovery.catalog_file import CatalogWriteError, add_entry
from scraper.app.discovery.discover import discover, source_id_for
from scraper.config import Config
from scraper.sources import ID_PATTERN
from scraper.urls import is_http_url


def register(subparsers: Any) -> None:
    """Add `add` under `attache sources`."""
    add = subparsers.add_parser("add", help="discover how to follow a site and propose its catalog entry")
    add.add_argument("url", metavar="URL", help="the site's news page, feed or sitemap")
    add.add_argument("--id", dest="source_id", help="source id (default: from the host name)")
    add.add_argument("--write", action="store_true",
                     help="append the entry to the user catalog (--sources FILE or ATTACHE_SOURCES; "
                          "the first one when there are several)")
    add.add_argument("--force", action="store_true", help="with --write: write even when the test crawl failed")
    add.set_defaults(func=run, needs_data_dir=True)


def run(args: argparse.Namespace, config: Config) -> int:
    # A user catalog that does not exist yet is a new one: --write creates it.
    existing = tuple(p for p in config.sources if p.exists())
    catalog = catalog_or_error(replace(config, sources=existing), include_disabled=True)
    if catalog is None:
        return 2
    if not is_http_url(args.url):
        error(f"{args.url!r} is not an absolute http(s) URL (give the site's news page, e.g. https://www.example.org/news/)")
        return 2
    sid = args.source_id or source_id_for(args.url)
    if not ID_PATTERN.match(sid):
        error(f"source id {sid!r} is invalid: use lower-case letters, digits, '-' and '_'")
        return 2
    if sid in catalog:
        error(f"source id {sid!r} already exists ({catalog[sid].origin}); choose another with --id")
        return 2
    if args.write and not config.sources:
        error("--write needs a user catalog: pass --sources FILE or set ATTACHE_SOURCES")
        return 2
    print(f"discovering {args.url} …", flush=True)
    proposal = discover(args.url, config, source_id=sid)
    if proposal.entry is None:
        error(proposal.failure())
        return 1
    print(proposal.toml(), flush=True)
    if not proposal.works:
        error(f"the test crawl of this entry did not store an article ({proposal.test_result}"
              + (f": {proposal.test.problem}" if proposal.test and proposal.test.problem else "") + ")")
        if not (args.write and args.force):
            return 1
    if args.write:
        try:
            add_entry(config.sources[0], sid, proposal.toml())
        except CatalogWriteError as exc:
            error(str(exc))
            return 2
        print(f"written to {config.sources[0]}: `attache crawl {sid}` to crawl it now")
    else:
        target = config.sources[0] if config.sources else "the user catalog (--sources FILE)"
        print(f"not written: add --write to append it to {target}")
    return 0 if proposal.works else 1
