"""`attache crawl | sources | articles | extract`: the scraper's sub-commands."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .config import Config
from .crawl_runner import CrawlOutcome, run_crawl
from .sources import CatalogError, load_catalog
from .store import Store, recent_articles, row_to_article
from .table import print_table


def register(subparsers: Any) -> None:
    """Add the scraper's sub-commands to the `attache` parser."""
    crawl = subparsers.add_parser("crawl", help="crawl sources now (all enabled ones when none are named)")
    crawl.add_argument("source_ids", nargs="*", metavar="SOURCE", help="source ids (see `attache sources`)")
    crawl.add_argument("--refresh", action="store_true", help="download known articles again")
    crawl.add_argument("--timeout", type=float, default=None, help="seconds before a crawl is stopped")
    crawl.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    crawl.set_defaults(func=cmd_crawl)

    sources = subparsers.add_parser("sources", help="list the source catalog")
    sources.add_argument("--all", action="store_true", help="include disabled sources")
    sources.add_argument("--json", action="store_true", help="print JSON")
    sources.add_argument("--check", nargs="*", metavar="ID",
                         help="fetch each source's first page and one article and report what was found "
                              "(all enabled sources when no id is given)")
    sources.set_defaults(func=cmd_sources)

    articles = subparsers.add_parser("articles", help="show recent articles from the store")
    articles.add_argument("--source", help="only this source")
    articles.add_argument("--limit", type=int, default=20)
    articles.add_argument("--json", action="store_true", help="print full records as JSON lines")
    articles.set_defaults(func=cmd_articles)

    extract = subparsers.add_parser("extract", help="normalise one saved HTML page and print the record as JSON")
    extract.add_argument("file", type=Path, help="HTML file (.gz accepted)")
    extract.add_argument("--url", required=True, help="the page's URL")
    extract.add_argument("--source", dest="source_id", help="catalog source id (selectors, language hint)")
    extract.set_defaults(func=cmd_extract)


def catalog_or_error(config: Config, include_disabled: bool = False) -> dict[str, Any] | None:
    """The merged catalog, or None after printing the catalog mistake (for commands)."""
    try:
        return load_catalog(config.sources, include_disabled=include_disabled)
    except CatalogError as exc:
        print(f"attache: {exc}", file=sys.stderr)
        return None


def cmd_crawl(args: argparse.Namespace, config: Config) -> int:
    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    ids = args.source_ids or sorted(catalog)
    unknown = [sid for sid in ids if sid not in catalog]
    if unknown:
        print(f"attache: unknown source(s): {', '.join(unknown)} (see `attache sources`)", file=sys.stderr)
        return 2
    store = Store(config.database_url)
    outcomes: list[CrawlOutcome] = []
    for sid in ids:
        if not args.quiet:
            print(f"crawling {sid} …", flush=True)

        def show(line: str, sid: str = sid) -> None:
            if args.quiet:
                return
            if "attache-progress:" in line:
                print(f"  {sid}: {line.split('attache-progress:', 1)[1].strip()}", flush=True)
            elif "ERROR" in line or "already being crawled" in line:
                print(f"  {sid}: {line}", flush=True)

        outcomes.append(run_crawl(sid, config, store, timeout=args.timeout, on_line=show, refresh=args.refresh))
    rows = []
    for o in outcomes:
        r = o.run
        rows.append([o.source, o.status, r.new if r else 0, r.updated if r else 0, r.unchanged if r else 0,
                     r.dropped if r else 0, r.errors if r else 0, f"{o.duration:.1f}s", o.message or ""])
    print_table(["source", "status", "new", "updated", "unchanged", "dropped", "errors", "time", "last error"],
                rows)
    store.close()
    return 0 if all(o.status in ("ok", "partial") for o in outcomes) else 1


def cmd_sources(args: argparse.Namespace, config: Config) -> int:
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


def _check_sources(ids: list[str], catalog: dict[str, Any], config: Config) -> int:
    from .source_check import check_source

    unknown = [sid for sid in ids if sid not in catalog]
    if unknown:
        print(f"attache: unknown source(s): {', '.join(unknown)} (see `attache sources`)", file=sys.stderr)
        return 2
    print(f"checking {len(ids)} source(s), {config.max_parallel_crawls} at a time …", flush=True)
    with ThreadPoolExecutor(max_workers=config.max_parallel_crawls) as pool:
        reports = list(pool.map(lambda sid: check_source(sid, config), ids))
    rows = [[r.source, "ok" if r.ok else "BROKEN", r.links, _clip(r.title, 50), r.published[:16], r.body_chars,
             r.problem] for r in reports]
    print_table(["source", "result", "article links", "title", "published", "body chars", "problem"], rows)
    return 0 if all(row[1] == "ok" for row in rows) else 1


def _schedule_text(schedule: dict[str, object]) -> str:
    if "interval" in schedule:
        return f"every {schedule['interval']}s"
    if "cron" in schedule:
        return f"cron {schedule['cron']}"
    return "default"


def _source_json(source: Any) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(source).items()}


def cmd_articles(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    with store.session() as session:
        rows = recent_articles(session, args.source, args.limit)
        if args.json:
            for row in rows:
                record = row_to_article(row).to_dict()
                record.update(first_seen=row.first_seen.isoformat(), last_seen=row.last_seen.isoformat())
                print(json.dumps(record, ensure_ascii=False))
        else:
            print_table(["published", "source", "countries", "title", "url"], [
                [row.published.strftime("%Y-%m-%d %H:%M") if row.published else "?", row.source or "",
                 ",".join(row.countries or []), _clip(row.title, 60), row.url]
                for row in rows
            ])
    store.close()
    return 0


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    from .normalise import normalise

    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"attache: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            print(f"attache: {args.file}: not a valid gzip file: {exc}", file=sys.stderr)
            return 2
    source = None
    if args.source_id:
        catalog = catalog_or_error(config, include_disabled=True)
        if catalog is None:
            return 2
        if args.source_id not in catalog:
            print(f"attache: unknown source {args.source_id!r} (see `attache sources`)", file=sys.stderr)
            return 2
        source = catalog[args.source_id]
    article = normalise(raw, args.url, source=source)
    try:
        from .tagging import tag_article

        tag_article(article, source.country if source else None)
    except ImportError:
        pass
    print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    return 0
