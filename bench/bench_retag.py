"""Retag benchmark: how fast the stored articles are tagged again (`attache retag`, the daemon after an upgrade).

    .venv/bin/python -m bench.bench_retag [--articles 5000]

Builds a SQLite store of `--articles` articles in a temporary directory from the labelled report texts
(`tests/fixtures/tagging/reports`, cycled; each copy's text made distinct so no per-text cache helps),
stored without tags as an old tagger left them. Then, in one process: the baseline, `tag_article` over
the same texts in memory (no database; each with a suffix, so no per-text cache links the two);
`retag_store` over the store (first run: every article changes); `retag_store` again (nothing changes).
Articles per second, and the time as a ratio of the baseline's.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_tagging import load_reports
from scraper.app.retagging import retag_store
from scraper.items import Article
from scraper.store import Store, upsert_article
from scraper.tagging import tag_article

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def stale_articles(count: int) -> list[Article]:
    """`count` untagged articles from the labelled report texts, cycled, each text distinct."""
    reports = load_reports()
    if not reports:
        raise SystemExit("bench_retag: no labelled reports in tests/fixtures/tagging/reports")
    items = []
    for n in range(count):
        report = reports[n % len(reports)]
        text = report["text"] + ("" if n < len(reports) else f"\n{n}")
        items.append(Article(url=f"https://bench.example.org/{n}", source=f"bench-{n % 7}", title=report["title"],
                             body_text=text, summary=text[:200], language=report["lang"],
                             published=T0 - timedelta(minutes=n),
                             content_hash=hashlib.sha256(f"{n}|{text}".encode()).hexdigest()))
    return items


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args(argv)
    articles = stale_articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        with store.session() as session:
            for article in articles:
                upsert_article(session, article, T0, publisher_country=None)
        for article in articles[:50]:  # lexicons are built once per process, outside the timing
            tag_article(Article.from_dict(article.to_dict()), None)
        rows = []
        copies = [Article.from_dict(a.to_dict()) for a in articles]
        for article in copies:  # other texts than the store's, so neither side meets the other's cached texts
            article.body_text += "\nbaseline"
        start = time.perf_counter()
        for article in copies:
            tag_article(article, None)
        base = time.perf_counter() - start
        rows.append(("tag_article in memory (baseline)", len(copies), 0, base))
        for label in ("retag_store, first run", "retag_store, again"):
            start = time.perf_counter()
            result = retag_store(store)
            rows.append((label, result.done, result.changed, time.perf_counter() - start))
        store.close()
    print(f"{'step':36} {'articles':>8} {'changed':>8} {'seconds':>8} {'articles/s':>10} {'vs baseline':>11}")
    for label, done, changed, seconds in rows:
        print(f"{label:36} {done:8d} {changed:8d} {seconds:8.1f} {done / seconds:10.0f} {seconds / base:10.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
