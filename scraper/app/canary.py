"""`attache sources --check`: the canary for a source's page shape.

It runs a real, polite crawl of one source limited to one article, in a
throw-away data directory (the real database is not touched), and reports
whether the start page could be read, how many article links it found, and
what the one normalised article looks like — or what broke.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scraper.app.crawls import run_crawl
from scraper.config import Config
from scraper.store import Store, recent_articles


@dataclass
class CheckReport:
    """What the canary found for one source."""

    source: str
    ok: bool
    start_ok: bool
    links: int
    title: str = ""
    published: str = ""
    body_chars: int = 0
    problem: str = ""


def check_source(source_id: str, config: Config, timeout: float = 120.0,
                 on_start: Callable[[subprocess.Popen[str]], None] | None = None) -> CheckReport:
    """Crawl `source_id` for one article in a temporary data directory and report (`on_start` gets the
    crawl process, e.g. so a shutdown can stop it)."""
    with tempfile.TemporaryDirectory(prefix="attache-check-") as tmp:
        data_dir = Path(tmp)
        check_config = dataclasses.replace(
            config, data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'check.sqlite3'}")
        store = Store(check_config.database_url)
        stats_file = data_dir / "stats.json"
        outcome = run_crawl(source_id, check_config, store, timeout=timeout, on_start=on_start,
                            settings={"ATTACHE_MAX_ARTICLES": "1", "ATTACHE_STATS_FILE": str(stats_file)})
        stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
        with store.session() as session:
            rows = recent_articles(session, source_id, 1)
            article = rows[0] if rows else None
            report = CheckReport(
                source=source_id, ok=False, start_ok=stats.get("attache/start_ok", 0) > 0,
                links=stats.get("attache/links_found", 0),
                title=article.title if article else "",
                published=article.published.isoformat() if article and article.published else "",
                body_chars=len(article.body_text) if article else 0,
            )
        store.close()
    if not report.start_ok:
        report.problem = outcome.message or "the start page could not be read"
    elif report.links == 0:
        report.problem = "no article links found: the article pattern or the page shape may have changed"
    elif article is None:
        report.problem = outcome.message or "the article page could not be normalised"
    elif not report.published:
        report.problem = "article has no publication date"
    report.ok = not report.problem
    return report
