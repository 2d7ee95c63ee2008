"""`attache publish [FEED ...] [-v]`: (re)build the feed files, the OPML list and the index page (with source
health); prints one summary line (`-v` lists every file). A feed name that does not exist is a mistake (exit 2,
with the closest name)."""

from __future__ import annotations

import argparse
from typing import Any

from feeds.publish import PublishReport, publish, published_specs
from scraper.app.console import catalog_or_error, did_you_mean, error
from scraper.app.daemon.service import CrawlService
from scraper.app.publish_record import record_publish
from scraper.config import Config
from scraper.store import Store


def register(subparsers: Any) -> None:
    """Add `publish` to the `attache` parser."""
    pub = subparsers.add_parser("publish", help="(re)build the feed files, OPML list and index page")
    pub.add_argument("feeds", nargs="*", metavar="FEED",
                     help="only these feeds, by path without extension (all, cooperation, pairs/AZ-IT, "
                          "countries/IT, sources/ID, from/IT, lang/it)")
    pub.add_argument("-v", "--verbose", action="store_true", help="list every file written, unchanged or removed")
    pub.add_argument("--quiet", action="store_true", help="only the summary line (the default; kept for scripts)")
    pub.set_defaults(func=run)


def publish_all(config: Config, store: Store, only: set[str] | None, by: str) -> PublishReport:
    """Publish with the source health rows (when the catalog loads) and remember when it was done."""
    catalog = catalog_or_error(config)
    health = CrawlService(config, store, catalog).health_rows(error_width=200) if catalog is not None else None
    report = publish(config, store, only=only, health_rows=health)
    record_publish(config, report, by)
    return report


def summary(report: PublishReport, config: Config) -> str:
    """One line: feeds, files written, unchanged and removed, and where."""
    removed = f", {len(report.removed)} removed" if report.removed else ""
    return (f"published {len(report.feeds)} feed(s) in {config.feeds_dir}: {len(report.written)} file(s) written, "
            f"{len(report.unchanged)} unchanged{removed}")


def run(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    try:
        if args.feeds:
            known = sorted(spec.slug for spec in published_specs(config, store))
            unknown = [name for name in args.feeds if name not in known]
            if unknown:
                hints = "".join(did_you_mean(name, known) for name in unknown)
                error(f"no such feed: {', '.join(unknown)}{hints} (feeds are named like all, sources/ID, "
                      "countries/IT, pairs/AZ-IT; nothing was published)")
                return 2
        report = publish_all(config, store, set(args.feeds) if args.feeds else None, "attache publish")
    finally:
        store.close()
    if args.verbose:
        for path in report.written:
            print(f"wrote      {path} ({report.sizes[path]:,} bytes)")
        for path in report.unchanged:
            print(f"unchanged  {path}")
        for path in report.removed:
            print(f"removed    {path} (no longer listed)")
    print(summary(report, config))
    return 0
