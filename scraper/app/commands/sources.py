"""`attache sources [--all] [--json] [--check [ID ...]]`: the source catalog, and its canary;
`attache sources add URL` (`sources_add`) discovers a new source."""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scraper.app.canary import check_source
from scraper.app.commands import sources_add
from scraper.app.console import catalog_or_error, clip, print_table, unknown_sources
from scraper.config import Config
from scraper.sources import Source


def register(subparsers: Any) -> None:
    """Add `sources` to the `attache` parser."""
    sources = subparsers.add_parser("sources", help="list the source catalog")
    sources.add_argument("--all", action="store_true", help="include disabled sources")
    sources.add_argument("--json", action="store_true", help="print JSON")
    sources.add_argument("--check", nargs="*", metavar="ID",
                         help="fetch each source's first page and one article and report what was found "
                              "(all enabled sources when no id is given)")
    sources.set_defaults(func=run, needs_data_dir=False)
    sources_add.register(sources.add_subparsers(dest="sources_command", metavar="add"))


def run(args: argparse.Namespace, config: Config) -> int:
    catalog = catalog_or_error(config, include_disabled=args.all)
    if catalog is None:
        return 2
    if args.check is not None:
        return _check_sources(args.check or sorted(catalog), catalog, config)
    if args.json:
        print(json.dumps([_source_json(s) for s in catalog.values()], ensure_ascii=False, indent=2))
        return 0
    rows = [[s.id, s.kind, s.country or "", ",".join(s.languages) or s.language or "",
             _schedule_text(s.schedule), "yes" if s.enabled else "no", s.origin, s.start_urls[0]]
            for s in catalog.values()]
    print_table(["id", "kind", "country", "lang", "schedule", "enabled", "catalog", "first start URL"], rows)
    return 0


def _check_sources(ids: list[str], catalog: dict[str, Source], config: Config) -> int:
    if unknown_sources(ids, catalog, config):
        return 2
    print(f"checking {len(ids)} source(s), {config.max_parallel_crawls} at a time …", flush=True)
    with ThreadPoolExecutor(max_workers=config.max_parallel_crawls) as pool:
        reports = list(pool.map(lambda sid: check_source(sid, config), ids))
    rows = [[r.source, "ok" if r.ok else "BROKEN", r.links, clip(r.title, 50), r.published[:16], r.body_chars,
             r.problem] for r in reports]
    print_table(["source", "result", "article links", "title", "published", "body chars", "problem"], rows)
    return 0 if all(r.ok for r in reports) else 1


def _schedule_text(schedule: dict[str, object]) -> str:
    if "interval" in schedule:
        return f"every {schedule['interval']}s"
    if "cron" in schedule:
        return f"cron {schedule['cron']}"
    return "default"


def _source_json(source: Source) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(source).items()}
