"""`attache articles [--source ID] [--limit N] [--json]`: recent articles from the store.

The table shows the main cooperation kind and its parties (`-` for an item that reports no cooperation);
`--json` prints every stored field, `parties`, `mentioned`, `primary_kind`, `organisations` and
`cooperation_score` included.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from scraper.app.console import catalog_or_error, clip, print_table, unknown_sources
from scraper.config import Config
from scraper.store import Store, recent_articles, row_to_article


def register(subparsers: Any) -> None:
    """Add `articles` to the `attache` parser."""
    articles = subparsers.add_parser("articles", help="show recent articles from the store")
    articles.add_argument("--source", help="only this source")
    articles.add_argument("--limit", type=int, default=20)
    articles.add_argument("--json", action="store_true", help="print full records as JSON lines")
    articles.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    if args.source:  # a misspelt id is a mistake (a source removed from the catalog keeps its stored articles)
        catalog = catalog_or_error(config, include_disabled=True)
        if catalog is None:
            return 2
        if args.source not in catalog and not _has_articles(config, args.source):
            unknown_sources([args.source], catalog, config)
            return 2
    store = Store(config.database_url)
    try:
        with store.session() as session:
            rows = recent_articles(session, args.source, args.limit)
            if args.json:
                for row in rows:
                    record = row_to_article(row).to_dict()
                    record.update(first_seen=row.first_seen.isoformat(), last_seen=row.last_seen.isoformat())
                    print(json.dumps(record, ensure_ascii=False))
            else:
                print_table(["published", "source", "kind", "parties", "countries", "title", "url"], [
                    [row.published.strftime("%Y-%m-%d %H:%M") if row.published else "?", row.source or "",
                     row.primary_kind or "-", ",".join(row.parties or []) or "-", ",".join(row.countries or []),
                     clip(row.title, 60), row.url]
                    for row in rows
                ])
    finally:
        store.close()
    return 0


def _has_articles(config: Config, source: str) -> bool:
    store = Store(config.database_url)
    try:
        with store.session() as session:
            return bool(recent_articles(session, source, 1))
    finally:
        store.close()
