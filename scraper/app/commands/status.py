"""`attache status [--all] [--json] [--explain ID]`: the daemon (up or down, pid), the last publish, and each
source's health: running now (since when, pid), ok, interrupted, failing, warnings, proposed repairs, next run.

`--json` prints one object (its shape is documented in docs/daemon.md, "Status as JSON"):
``{"daemon": {"running", "pid"}, "last_publish": {...} | null, "running": [...], "data_dir", "config_file",
"catalogs", "scrapyd_nodes", "sources": [row, ...]}``; each row has the columns of the table, and ``node`` and
``job_id`` of the source's last run (null for a local crawl; in the table too when Scrapyd nodes are in use).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from scraper.app.console import catalog_or_error, error, print_table
from scraper.app.daemon.service import CrawlService
from scraper.app.status_report import overview, running_crawls, running_state
from scraper.config import Config
from scraper.store import Store, runs_for

LAST_RUN_COLUMN = "last run (new/upd/same/drop/err)"
EXPLAIN_RUNS = 8


def register(subparsers: Any) -> None:
    """Add `status` to the `attache` parser."""
    status = subparsers.add_parser("status", help="source health: last success and failure, backoff, site changes")
    status.add_argument("--all", action="store_true", help="all columns, full error messages")
    status.add_argument("--json", action="store_true", help="print JSON (every column, full texts)")
    status.add_argument("--explain", metavar="ID", help="one source in full: its warning, recent runs, and the "
                                                        "repair discovery proposed, with a diff")
    status.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    catalog = catalog_or_error(config)
    if catalog is None:
        return 2
    if args.explain and args.explain not in catalog:
        error(f"unknown source: {args.explain} (see `attache sources`)")
        return 2
    store = Store(config.database_url)
    try:
        service = CrawlService(config, store, catalog)
        if args.explain:
            return _explain(args.explain, service, store)
        rows = service.health_rows(error_width=10_000 if args.all or args.json else 50)
        with store.session() as session:
            latest = {str(row["source"]): next(iter(runs_for(session, str(row["source"]), 1)), None) for row in rows}
        running = running_crawls(store)
        facts = overview(config, store)
    finally:
        store.close()
    on_nodes = bool(config.scrapyd_urls) or any(r is not None and r.job_id for r in latest.values())
    for row in rows:
        if (crawl := running.get(str(row["source"]))) is not None:
            row["state"] = running_state(crawl)
        last = latest.get(str(row["source"]))
        if args.json or on_nodes:  # where the last run ran: its Scrapyd node and job (None: a local crawl)
            row["node"] = last.node if last else None
            row["job_id"] = last.job_id if last else None
    if args.json:
        print(json.dumps({**facts, "sources": rows}, ensure_ascii=False, indent=2, default=str))
        return 0
    daemon = facts["daemon"]
    print(f"daemon: running (pid {daemon['pid']})" if daemon["running"] else "daemon: not running")
    published = facts["last_publish"]
    print("last publish: " + (f"{published.get('time', '?')} by {published.get('by', '?')} "
                              f"({published.get('feeds', '?')} feeds, {published.get('written', '?')} file(s) written)"
                              if published else "never"))
    for row in rows:
        repair = str(row.get("repair") or "")
        row["repair"] = repair.split("\n", 1)[0].split(":", 1)[0]  # the status; --explain shows the rest
    if rows and not args.all:
        rows = [{k: v for k, v in row.items() if k not in (LAST_RUN_COLUMN, "warning", "job_id")} for row in rows]
    rows = [{k: ("" if v is None else v) for k, v in row.items()} for row in rows]
    print("times in UTC; 'next run' is planned from the crawl history (without jitter)")
    print_table(list(rows[0]) if rows else [], [list(r.values()) for r in rows])
    warned = [r["source"] for r in rows if str(r.get("state", "")).startswith("warning")]
    if warned:
        which = warned[0] if len(warned) == 1 else "ID"
        print(f"warning: {', '.join(map(str, warned))}: `attache status --explain {which}` says why")
    return 0


def _explain(source_id: str, service: CrawlService, store: Store) -> int:
    row = next(r for r in service.health_rows(error_width=10_000) if r["source"] == source_id)
    for key, value in row.items():
        if key != "repair":
            print(f"{key}: {value}")
    with store.session() as session:
        runs = runs_for(session, source_id, EXPLAIN_RUNS)
    print("\nrecent runs (UTC):")
    nodes = any(r.job_id for r in runs)
    print_table(["started", "status", "new", "updated", "unchanged", "dropped", "errors"]
                + (["node", "job"] if nodes else []) + ["message"],
                [[r.started.strftime("%Y-%m-%d %H:%M"), r.status, r.new, r.updated, r.unchanged, r.dropped, r.errors]
                 + ([r.node or "local", r.job_id or ""] if nodes else [])
                 + [" ".join((r.last_error or "").split())[:160]] for r in runs])
    repair = service.repairs().get(source_id)
    if repair is None:
        print("\nno repair proposed" + (" yet (the daemon proposes one after the crawl that shows the warning)"
                                        if str(row["state"]).startswith("warning") else ""))
        return 0
    current = "" if str(row.get("repair")) else " (for an earlier warning episode)"
    print(f"\nrepair {repair.status}{current}, proposed {repair.proposed:%Y-%m-%d %H:%M}"
          + (f": {repair.message}" if repair.message else ""))
    if repair.diff:
        print("\ndiff against the entry in use:\n" + repair.diff.rstrip())
    if repair.entry:
        print("\nproposed entry:\n" + repair.entry.rstrip())
    return 0
