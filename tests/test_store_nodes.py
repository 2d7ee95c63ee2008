"""Several processes (or machines) on one database: a source's crawl lock is held by one process at a time
across nodes on PostgreSQL (an advisory lock the server drops when its holder dies), and two crawls storing the
same articles at once leave no duplicate article and lose no crawl run, on PostgreSQL and SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scraper.locks import SourceBusy, SourceLock
from scraper.store import Store
from scraper.store.feed_index import member_feeds
from scraper.store.schema import ArticleRow, CrawlRunRow, FeedMemberRow
from scraper.store.source_lock import AdvisoryLock, lock_key, source_lock
from tests.helpers.databases import fresh_postgres

HOLD = """
import sys, time
from pathlib import Path
from scraper.store.source_lock import source_lock
lock = source_lock(Path(sys.argv[1]), sys.argv[2], "src")
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_the_lock_is_advisory_on_postgresql_and_a_file_lock_on_sqlite(tmp_path: Path) -> None:
    assert isinstance(source_lock(tmp_path, f"sqlite:///{tmp_path / 'a.sqlite3'}", "src"), SourceLock)
    lock = source_lock(tmp_path, "postgresql+psycopg://postgres@127.0.0.1:5432/test", "src")
    assert isinstance(lock, AdvisoryLock)
    lock.release()
    assert lock_key("src") == lock_key("src") != lock_key("src2")
    assert -(2**63) <= lock_key("src") < 2**63


def test_one_process_on_any_node_holds_a_source_and_its_death_frees_it(tmp_path: Path) -> None:
    """Two processes with different data folders (as two machines would have) share only the database."""
    with fresh_postgres() as url:
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "node-a"), url],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held", holder.stderr
            other = source_lock(tmp_path / "node-b", url, "src")
            with pytest.raises(SourceBusy, match=rf"'src' is already being crawled by pid {holder.pid} on "):
                other.acquire(wait=0.3)
            assert other.holder() == holder.pid
            with source_lock(tmp_path / "node-b", url, "another-source"):  # other sources stay free
                pass
        finally:
            holder.kill()
            holder.wait(timeout=10)
            for stream in (holder.stdout, holder.stderr):
                assert stream is not None
                stream.close()
        lock = source_lock(tmp_path / "node-b", url, "src")
        lock.acquire(wait=10)  # the server dropped the dead holder's lock with its connection
        assert lock.holder() == os.getpid()
        lock.release()
        assert lock.holder() is None


STORE_ITEMS = """
import random, sys, time
from datetime import UTC, datetime
from pathlib import Path
from scraper.items import Article
from scraper.store import RunCounts, Store, finish_run, start_run, upsert_article, write_run
url, go, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
store = Store(url)
run = write_run(store.session, lambda s: start_run(s, "shared", datetime.now(UTC), pid=seed, node=f"node-{seed}"))
numbers = list(range(120))
random.Random(seed).shuffle(numbers)
print("ready", flush=True)
deadline = time.monotonic() + 30
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.01)
counts = {"new": 0, "updated": 0, "unchanged": 0}
for n in numbers:
    article = Article(url=f"https://example.org/a/{n}", source="shared", title=f"Story {n}", body_text="Text.",
                      countries=["IT", "AZ"], parties=["AZ", "IT"], cooperation=["visit"], primary_kind="visit",
                      language="it", content_hash=f"h{n}")
    with store.session() as session:
        counts[upsert_article(session, article, datetime.now(UTC), "IT")] += 1
write_run(store.session, lambda s: finish_run(s, run, datetime.now(UTC), "ok", RunCounts(**counts)))
store.close()
print(counts["new"], counts["updated"], counts["unchanged"], flush=True)
"""


def test_two_crawls_storing_the_same_articles_at_once_leave_one_of_each(database_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    crawls = [subprocess.Popen([sys.executable, "-c", STORE_ITEMS, database_url, str(go), str(seed)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for seed in (1, 2)]
    try:
        for crawl in crawls:  # both have opened the store and started their runs: then both go at once
            assert crawl.stdout is not None and crawl.stdout.readline().strip() == "ready"
        go.touch()
        results = [crawl.communicate(timeout=60) for crawl in crawls]
    finally:
        for crawl in crawls:
            crawl.kill()
    assert all(crawl.returncode == 0 for crawl in crawls), [err[-2000:] for _, err in results]
    counts = [tuple(int(v) for v in out.split()) for out, _ in results]
    assert sum(new for new, _, _ in counts) == 120  # each article new exactly once, whoever stored it first
    assert all(sum(c) == 120 for c in counts)
    store = Store(database_url)
    try:
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(ArticleRow)) == 120
            assert session.scalar(select(func.count(func.distinct(ArticleRow.url)))) == 120
            runs = session.scalars(select(CrawlRunRow).order_by(CrawlRunRow.node)).all()
            assert [(r.node, r.status, r.new + r.unchanged + r.updated) for r in runs] == [
                ("node-1", "ok", 120), ("node-2", "ok", 120)]
            for row in session.scalars(select(ArticleRow)):
                stored = set(session.scalars(select(FeedMemberRow.feed).where(FeedMemberRow.article_id == row.id)))
                assert stored == member_feeds(row)
    finally:
        store.close()


def test_a_daemon_recovers_only_its_own_machines_runs(database_url: str, tmp_path: Path) -> None:
    """At start a daemon marks runs whose process is gone as interrupted; a run another machine is crawling (its
    pid means nothing here) is left to that machine."""
    from datetime import UTC, datetime

    from scraper.app.daemon.recovery import recover
    from scraper.store import running_runs, start_run, this_node

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          timeout=30)
    gone = int(dead.stdout)
    now = datetime.now(UTC)
    store = Store(database_url)
    try:
        with store.session() as session:
            mine = start_run(session, "a", now, pid=gone, node=this_node())
            older = start_run(session, "b", now, pid=gone)  # recorded before runs named their machine
            theirs = start_run(session, "c", now, pid=gone, node=f"not-{this_node()}")
        assert recover(store, tmp_path, now) == 2
        with store.session() as session:
            assert [run.id for run in running_runs(session)] == [theirs]
            assert {mine, older}.isdisjoint(run.id for run in running_runs(session))
    finally:
        store.close()
