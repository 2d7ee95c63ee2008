"""Publish benchmark: full and incremental publish against feedgen alone building the same entries.

    .venv/bin/python -m bench.bench_publish [--articles 10000,100000] [--rounds 3] [--new 20] [--check targets|none]
                                            [--databases sqlite,postgresql] [--postgres URL]
                                            [--json FILE]

For each store size N: a synthetic store of N articles in 200 sources (stories of near-duplicate
reports, cooperation items about random country pairs) filled through the project's own `Store`
(`upsert_article`), then published once so story features are kept, and cached as
`bench/results/publish-store-N.sqlite3` (reruns copy it). Then interleaved rounds of:

- **feedgen**: feedgen alone building the entries of every published feed, RSS and Atom, one
  generator per format (the baseline; the entries are those the full publish produced);
- **full**: `publish()` of every feed in a new process (its peak RSS: VmHWM);
- **incremental**: 20 new articles stored in one source (untimed, as a crawl would: with the story
  features its tagging step computes, marking the feeds they touch), then `publish(changed=True)` in a
  new process.

Times are medians over the rounds with their range; the publish processes time `publish()` itself
(not Python's start-up). Exits 1 when a target is missed (`--check none` only prints):
full ≤ 3× feedgen and ≤ 10 s at 100k, peak RSS ≤ 300 MB, incremental ≤ 0.1× full, and full publish
flat in store size (the largest store within 1.5× of the smallest); the targets are SQLite's.

`--databases sqlite,postgresql` runs the same workload on PostgreSQL too: the same store, copied row
for row from the cached SQLite file into a new database of the server `--postgres` names (dropped after),
the two databases taking turns within each round, and prints PostgreSQL's times against SQLite's.

`--code DIR` runs the publishes of another source tree too (a `git archive` of a commit, run with this
tree's virtualenv in DIR), each tree on its own copy of the store, taking turns within each round: a
before/after on the same load. The targets are checked on this tree's figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedgen.feed import FeedGenerator
from sqlalchemy import and_, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from bench.scratch_database import scratch_database
from feeds.build import FeedRun, build_feed, story_candidates
from feeds.catalog import catalog
from feeds.model import Entry
from feeds.publish import publish
from feeds.publishers import publisher_names
from feeds.story_groups import StoryGroups
from scraper.config import load_config
from scraper.items import Article
from scraper.process_memory import proc_bytes
from scraper.store import Store, upsert_article
from scraper.store.engine import make_engine
from scraper.store.feed_queries import _conditions, feed_window, rows_by_id
from scraper.store.schema import ArticleRow, Base
from scraper.tagging.stories import features_record

RESULTS = Path(__file__).resolve().parent / "results"
SOURCES = 200
COUNTRIES = ["AZ", "IT", "TR", "GE", "DE", "FR", "GB", "US", "PK", "KZ", "ES", "GR", "PL", "UA", "JP", "IN"]
LANGUAGES = ["en", "it", "de", "fr", "tr", "az", "es", "el"]
KINDS = ["staff_talks", "agreement", "visit", "exercise", "training", "industry"]
T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
TARGET_FULL_RATIO = 3.0
TARGET_FULL_SECONDS = 10.0
TARGET_RSS_MB = 300.0
TARGET_INCREMENTAL_RATIO = 0.1
TARGET_GROWTH = 1.5


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "ri", "to", "mel", "zan", "dor", "vi", "sta", "por", "len", "qu", "ər", "ba", "ne", "lo"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(5000)]


def synthetic(start: int, count: int, seed: int, source: str | None = None) -> list[tuple[Article, str, datetime]]:
    """Articles `start`..`start+count` (article, publisher country, first seen), newest last; about one in
    six repeats a recent story in another source with light edits. `source` puts them all in one source."""
    rng = random.Random(seed * 1_000_003 + start)
    vocab = _vocabulary(random.Random(seed))
    out: list[tuple[Article, str, datetime]] = []
    previous: list[list[str]] = []
    for n in range(start, start + count):
        if previous and rng.random() < 0.17:
            words = [w if rng.random() > 0.1 else rng.choice(vocab) for w in rng.choice(previous[-20:])]
        else:
            words = [rng.choice(vocab) for _ in range(rng.randint(250, 450))]
            previous.append(words)
        index = rng.randrange(SOURCES) if source is None else 0
        sid = source or f"src-{index:03d}"
        country = COUNTRIES[index % len(COUNTRIES)]
        body = " ".join(words)
        paragraphs = "".join(f"<p>{' '.join(words[i:i + 60])}</p>" for i in range(0, len(words), 60))
        coop = rng.random() < 0.4
        pair = sorted(rng.sample(COUNTRIES, rng.choice([2, 2, 3])))
        seen = T0 + timedelta(minutes=7 * n)
        article = Article(
            url=f"https://{sid}.example.org/news/{n}", source=sid, title=" ".join(words[:9]).capitalize(),
            summary=" ".join(words[:35]), body_text=body, body_html=paragraphs,
            published=None if n % 23 == 0 else seen - timedelta(minutes=rng.randint(0, 600)),
            language=LANGUAGES[index % len(LANGUAGES)], countries=pair, authors=["Desk"],
            cooperation=[rng.choice(KINDS)] if coop else [], cooperation_score=0.8 if coop else 0.0,
            parties=pair if coop else [], primary_kind=None, tags=["defence"],
        )
        article.primary_kind = article.cooperation[0] if coop else None
        article.content_hash = hashlib.sha256(f"{n}{body}".encode()).hexdigest()
        out.append((article, country, seen))
    return out


def fill(store: Store, articles: Sequence[tuple[Article, str, datetime]], batch: int = 1000,
         features: bool = True) -> None:
    """Store `articles` through `upsert_article`, `batch` per transaction, each with its story features as the
    crawl's tagging step gives them (`features_record`; `features=False`: without, as older crawls stored)."""
    for start in range(0, len(articles), batch):
        with store.session() as session:
            for article, country, seen in articles[start:start + batch]:
                article.story_features = (features_record(article.title, article.body_text, article.language)
                                          if features else None)
                upsert_article(session, article, seen, publisher_country=country)


def cached_store(n: int, seed: int, results: Path = RESULTS) -> Path:
    """The database file of the N-article store (built, published once, and kept in `results`)."""
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"publish-store-{n}-s{seed}.sqlite3"
    if path.exists():
        return path
    print(f"building the {n:,}-article store (cached as {path.name}) ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        db = Path(tmp) / "store.sqlite3"
        store = Store(f"sqlite:///{db}")
        for start in range(0, n, 10_000):
            fill(store, synthetic(start, min(10_000, n - start), seed))
        config = _config(Path(tmp), db)
        publish(config, store)  # keeps story features, clears the dirty marks
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        shutil.copy(db, path.with_suffix(".part"))
        os.replace(path.with_suffix(".part"), path)
    return path


def copy_rows(sqlite_path: Path, url: str) -> None:
    """Copy the rows of the SQLite store at `sqlite_path` into the (new, upgraded) PostgreSQL database at `url`."""
    target = make_engine(url)
    source = create_engine(f"sqlite:///{sqlite_path}")
    with source.connect() as read, target.begin() as write:
        for table in Base.metadata.sorted_tables:
            result = read.execution_options(stream_results=True, yield_per=2000).execute(select(table))
            for chunk in result.partitions():
                write.execute(insert(table), [dict(row._mapping) for row in chunk])
        for table in ("articles", "crawl_runs", "source_repairs"):
            write.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"))
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    source.dispose()
    target.dispose()


def _config(folder: Path, db: Path, database_url: str | None = None):  # type: ignore[no-untyped-def]
    return load_config(env={"ATTACHE_DATA_DIR": str(folder), "ATTACHE_DATABASE_URL": database_url or f"sqlite:///{db}",
                            "ATTACHE_FEEDS_DIR": str(folder / "feeds"),
                            "ATTACHE_PUBLIC_BASE_URL": "http://127.0.0.1:8787/"})


def feed_entries(config, store: Store) -> list[tuple[str, list[Entry]]]:  # type: ignore[no-untyped-def]
    """(slug, entries) of every feed, as the full publish builds them (for the baseline)."""
    names = publisher_names(config)
    stories = StoryGroups(store)
    with store.session() as session:
        run = FeedRun(config, session, names)
        specs = catalog(session, names=names)
        stories.prepare(story_candidates(run, specs))
        return [(s.slug, build_feed(config, session, s, ("json",), names=names, stories=stories, run=run).entries)
                for s in specs]


def feedgen_alone(feeds: Sequence[tuple[str, list[Entry]]], base: str) -> int:
    """Build every feed's RSS and Atom with plain feedgen, one generator per format; returns bytes made."""
    made = 0
    for slug, entries in feeds:
        for fmt in ("rss", "atom"):
            fg = FeedGenerator()
            fg.load_extension("dc", atom=False, rss=True)
            fg.load_extension("media")
            fg.id(f"{base}{slug}.atom")
            fg.title(slug)
            fg.subtitle(slug)
            fg.author(name="Attaché", uri=base)
            fg.link(href=f"{base}{slug}.{fmt}", rel="self")
            fg.link(href=base, rel="alternate")
            fg.updated(max((e.updated for e in entries), default=T0))
            for item in entries:
                fe = fg.add_entry(order="append")
                fe.guid(item.id, permalink=True)
                fe.title(item.title)
                fe.link(href=item.link)
                fe.summary(item.summary)
                fe.content(item.content_html, type="html")
                if item.published is not None:
                    fe.published(item.published)
                fe.updated(item.updated)
                for name in item.authors:
                    fe.author(name=name)
                    fe.dc.dc_creator(name)
                for cat in item.categories:
                    fe.category(term=cat.term)
            data = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
            made += len(data)
    return made


def child(args: argparse.Namespace) -> int:
    """In a new process: one publish, printing its time (JSON)."""
    folder = Path(args.folder)
    config = _config(folder, folder / "store.sqlite3", args.database_url)
    store = Store(config.database_url)
    start = time.perf_counter()
    report = publish(config, store, changed=args.child == "incremental")
    seconds = time.perf_counter() - start
    store.close()
    print(json.dumps({"seconds": seconds, "feeds": len(report.feeds), "written": len(report.written),
                      "peak_mb": _peak_rss_mb()}))
    return 0


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not `ru_maxrss`: Linux carries the forking parent's peak
    into a child started by vfork, as `subprocess` does."""
    peak = proc_bytes("/proc/self/status", "VmHWM:")
    if peak is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak / (1024 * 1024)


def run_child(kind: str, folder: Path, database_url: str | None = None, code: Path | None = None
              ) -> tuple[float, float, dict]:
    """(publish seconds, peak RSS in MB, its report) of a publish in a new process, by the code of this tree or of
    the source tree `code` (run in that folder, so its packages are imported). The report's `cpu` is the
    process's CPU seconds (user + system, Python's start-up and imports included: steadier than wall time on
    a loaded machine)."""
    extra = ["--database-url", database_url] if database_url else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-m", "bench.bench_publish", "--child", kind, "--folder", str(folder),
                           *extra], capture_output=True, text=True, cwd=code or Path(__file__).resolve().parent.parent)
    if proc.returncode != 0:
        raise SystemExit(f"the {kind} publish failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["cpu"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return result["seconds"], result["peak_mb"], result


def _fmt(values: Sequence[float], unit: str = "s") -> str:
    med = statistics.median(values)
    return f"{med:.2f} {unit} ({min(values):.2f}–{max(values):.2f})"


def window_queries(store: Store, slug: str = "countries/IT", rounds: int = 5) -> tuple[float, float]:
    """Median ms of one feed window read the old way (filter query ordered by `coalesce(published,
    first_seen)`, whole rows) and the new way (the feed index, then the entry columns by id)."""
    spec = next(s for s in _specs(store) if s.slug == slug)
    old, new = [], []
    with store.session() as session:
        for _ in range(rounds):
            start = time.perf_counter()
            query = select(ArticleRow).where(and_(*_conditions(spec.filter, session.get_bind().dialect.name)))
            session.scalars(query.order_by(func.coalesce(ArticleRow.published, ArticleRow.first_seen).desc(),
                                           ArticleRow.url).limit(200)).all()
            old.append((time.perf_counter() - start) * 1000)
            session.expunge_all()
            start = time.perf_counter()
            rows_by_id(session, feed_window(session, slug, 200))
            new.append((time.perf_counter() - start) * 1000)
    return statistics.median(old), statistics.median(new)


def _specs(store: Store) -> list:  # type: ignore[type-arg]
    with store.session() as session:
        return catalog(session)


def measure(n: int, args: argparse.Namespace, databases: Sequence[str] = ("sqlite",)) -> list[dict[str, object]]:
    """Interleaved rounds of feedgen alone, a full publish and an incremental one on the N-article store, on each
    database (and with `args.code`, by each code tree) in turn within every round (so a change in the machine's
    load hits them alike)."""
    cached = cached_store(n, args.seed, Path(args.results))
    trees: list[Path | None] = [None] + ([Path(args.code).resolve()] if args.code else [])
    with ExitStack() as stack:
        runs = []
        for database, code in ((d, c) for d in databases for c in trees):
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-publish-")))
            db = folder / "store.sqlite3"
            shutil.copy(cached, db)
            url = None
            if database == "postgresql":
                url = stack.enter_context(scratch_database(args.postgres, prefix="attache_bench"))
                print(f"copying the {n:,}-article store into PostgreSQL ({make_url(url).database}) ...", flush=True)
                copy_rows(db, url)
            config = _config(folder, db, url)
            store = Store(config.database_url)
            stack.callback(store.close)
            if code is None:
                publish(config, store)  # the feeds directory as a daemon would have it
            else:
                run_child("full", folder, url, code)
            feeds = feed_entries(config, store)
            runs.append({"n": n, "database": database, "code": str(code) if code else "this tree", "feeds": len(feeds),
                         "windows": window_queries(store),
                         "times": {"feedgen": [], "full": [], "incremental": [], "full_cpu": [], "incremental_cpu": [],
                                   "nothing_new": []},
                         "rebuilt": [],
                         "rss": [], "reports": {}, "_run": (folder, url, config, store, feeds, code)})
        for round_ in range(args.rounds):
            for run in runs:
                folder, url, config, store, feeds, code = run["_run"]
                times, rss, reports = run["times"], run["rss"], run["reports"]
                start = time.perf_counter()
                feedgen_alone(feeds, config.public_base_url)
                times["feedgen"].append(time.perf_counter() - start)
                seconds, peak, reports["full"] = run_child("full", folder, url, code)
                times["full"].append(seconds)
                times["full_cpu"].append(reports["full"]["cpu"])
                rss.append(peak)
                fill(store, synthetic(n + round_ * args.new, args.new, args.seed + 1, source="src-007"),
                     features=code is None or args.code_features)
                seconds, peak, reports["incremental"] = run_child("incremental", folder, url, code)
                times["incremental"].append(seconds)
                times["incremental_cpu"].append(reports["incremental"]["cpu"])
                run["rebuilt"].append(reports["incremental"]["feeds"])
                seconds, _peak, _report = run_child("incremental", folder, url, code)  # nothing new since
                times["nothing_new"].append(seconds)
                rss.append(peak)
        for run in runs:
            del run["_run"]
        return runs


def floor(run: dict) -> dict[str, float]:
    """How an incremental publish's time splits (medians of the rounds): what it costs with nothing new (`fixed`),
    per rebuilt feed beyond that (`per_changed`), against the full publish's time per feed (`per_full`), and the
    ratio to the full publish an incremental publish would reach if each feed it rebuilds cost what a feed of the
    full publish costs (`floor`: the fixed part plus the rebuilt feeds' share of the full publish)."""
    t = run["times"]
    full, inc, fixed = (statistics.median(t[k]) for k in ("full", "incremental", "nothing_new"))
    rebuilt = statistics.median(run["rebuilt"])
    per_full = full / run["feeds"]
    return {"full": full, "fixed": fixed, "rebuilt": rebuilt, "per_changed": (inc - fixed) / max(rebuilt, 1),
            "per_full": per_full, "floor": (fixed + rebuilt * per_full) / full}


def print_floor(run: dict) -> None:
    """One line: where the incremental publish's time goes, and the least it could be against the full publish."""
    f = floor(run)
    print(f"{run['n']:>8,} stored: the incremental publish rebuilt {f['rebuilt']:.0f} of {run['feeds']} feeds "
          f"({f['rebuilt'] / run['feeds']:.1%}); with nothing new it takes {_fmt(run['times']['nothing_new'])} "
          f"({f['fixed'] / f['full']:.2f}× full); a rebuilt feed {f['per_changed'] * 1000:.1f} ms beyond that, "
          f"a feed of the full publish {f['per_full'] * 1000:.1f} ms; with rebuilt feeds as cheap as the full "
          f"publish's the incremental publish would be {f['floor']:.2f}× full")


def print_comparison(results: Sequence[dict], base: str) -> None:
    """Each database's full and incremental publish against `base`'s, store size by store size."""
    print(f"\nthe same workload on each database (median, range; ratio against {base})")
    print(f"{'stored':>8} {'database':>10}  {'full publish':>20}  {'ratio':>6}  {'incremental':>20}  {'ratio':>6}  "
          f"{'peak RSS':>9}")
    for r in results:
        ref = next(x for x in results if x["n"] == r["n"] and x["database"] == base)
        t, rt = r["times"], ref["times"]
        full = statistics.median(t["full"]) / statistics.median(rt["full"])
        inc = statistics.median(t["incremental"]) / statistics.median(rt["incremental"])
        print(f"{r['n']:>8,} {r['database']:>10}  {_fmt(t['full']):>20}  {full:>5.2f}×  {_fmt(t['incremental']):>20}  "
              f"{inc:>5.2f}×  {max(r['rss']):>6.0f} MB")


def print_code_comparison(results: Sequence[dict]) -> None:
    """Each code tree's full and incremental publish, run in the same rounds (`--code`)."""
    print("\nthe same rounds by each code tree (median, range; CPU: the publish process's, start-up included)")
    print(f"{'stored':>8} {'database':>10} {'code':>24}  {'full publish':>20}  {'incremental':>20}  {'× full':>6}  "
          f"{'full CPU':>20}  {'incremental CPU':>20}  {'× full':>6}  {'peak RSS':>9}")
    for r in results:
        t = r["times"]
        inc = statistics.median(t["incremental"]) / statistics.median(t["full"])
        cpu = statistics.median(t["incremental_cpu"]) / statistics.median(t["full_cpu"])
        print(f"{r['n']:>8,} {r['database']:>10} {r['code'][-24:]:>24}  {_fmt(t['full']):>20}  "
              f"{_fmt(t['incremental']):>20}  {inc:>5.2f}×  {_fmt(t['full_cpu']):>20}  "
              f"{_fmt(t['incremental_cpu']):>20}  {cpu:>5.2f}×  {max(r['rss']):>6.0f} MB")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000,100000", help="store sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--new", type=int, default=20, help="new articles before each incremental publish")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", choices=("targets", "none"), default="targets")
    parser.add_argument("--results", default=str(RESULTS), help="where built stores are kept (default: %(default)s)")
    parser.add_argument("--databases", default="sqlite",
                        help="sqlite, postgresql or both, comma-separated (default: %(default)s)")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="PostgreSQL maintenance database for --databases postgresql (default: %(default)s)")
    parser.add_argument("--code", metavar="DIR",
                        help="also run the publishes by the source tree DIR (e.g. `git archive <commit> | tar -x -C "
                             "DIR`), interleaved in the same rounds, each tree on its own copy of the store")
    parser.add_argument("--code-features", action="store_true",
                        help="with --code: store DIR's new articles with the crawl's story features too (default: "
                             "without, as a crawl before they were computed stored them)")
    parser.add_argument("--child", choices=("full", "incremental"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--json", metavar="FILE", help="also write every round's figures to FILE as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.child:
        return child(args)
    sizes = [int(v) for v in args.articles.split(",") if v.strip()]
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(databases) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"--databases: unknown {', '.join(sorted(unknown))} (sqlite, postgresql)")
    every = [run for n in sizes for run in measure(n, args, databases)]
    results = [r for r in every if r["database"] == databases[0] and r["code"] == "this tree"]
    others = [r for r in every if r["database"] != databases[0] and r["code"] == "this tree"]
    print(f"\npublish benchmark: {args.rounds} interleaved rounds, median (range); {args.new} new articles "
          "before each incremental publish")
    print(f"{'stored':>8} {'feeds':>5}  {'feedgen alone':>20}  {'full publish':>20}  {'× feedgen':>9}  "
          f"{'incremental':>20}  {'× full':>6}  {'rebuilt':>13}  {'peak RSS':>9}")
    missed = []
    for r in results:
        t = r["times"]
        fg, full, inc = (statistics.median(t[k]) for k in ("feedgen", "full", "incremental"))
        peak = max(r["rss"])
        rebuilt = floor(r)["rebuilt"]
        print(f"{r['n']:>8,} {r['feeds']:>5}  {_fmt(t['feedgen']):>20}  {_fmt(t['full']):>20}  {full / fg:>8.2f}×  "
              f"{_fmt(t['incremental']):>20}  {inc / full:>5.2f}×  {rebuilt:>4.0f} ({rebuilt / r['feeds']:>5.1%})  "
              f"{peak:>6.0f} MB")
        if full / fg > TARGET_FULL_RATIO:
            missed.append(f"{r['n']:,}: full publish {full / fg:.2f}× feedgen (target ≤ {TARGET_FULL_RATIO}×)")
        if r["n"] >= 100_000 and full > TARGET_FULL_SECONDS:
            missed.append(f"{r['n']:,}: full publish {full:.1f} s (target ≤ {TARGET_FULL_SECONDS} s)")
        if peak > TARGET_RSS_MB:
            missed.append(f"{r['n']:,}: peak RSS {peak:.0f} MB (target ≤ {TARGET_RSS_MB:.0f} MB)")
        if inc / full > TARGET_INCREMENTAL_RATIO:
            missed.append(f"{r['n']:,}: incremental {inc / full:.2f}× full (target ≤ {TARGET_INCREMENTAL_RATIO}×)")
    for r in results:
        print_floor(r)
    for r in results:
        old, new = r["windows"]
        print(f"{r['n']:>8,} stored: one story-feed window (countries/IT, 200 candidates): filter query sorted by "
              f"coalesce(published, first_seen) {old:.1f} ms, feed index {new:.1f} ms")
    if len(results) > 1:
        small, large = results[0], results[-1]
        growth = statistics.median(large["times"]["full"]) / statistics.median(small["times"]["full"])
        base_growth = statistics.median(large["times"]["feedgen"]) / statistics.median(small["times"]["feedgen"])
        print(f"growth {small['n']:,} → {large['n']:,}: full publish {growth:.2f}×, feedgen alone {base_growth:.2f}×")
        if growth > TARGET_GROWTH:
            missed.append(f"full publish grows {growth:.2f}× from {small['n']:,} to {large['n']:,} "
                          f"(target ≤ {TARGET_GROWTH}×)")
    if others:
        print_comparison([r for r in every if r["code"] == "this tree"], databases[0])
    if args.code:
        print_code_comparison(every)
    for line in missed:
        print(f"MISSED {line}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "rounds": args.rounds, "new": args.new, "missed": missed,
            "sizes": [{"n": r["n"], "feeds": r["feeds"], "times": r["times"], "peak_rss_mb": r["rss"],
                       "rebuilt": r["rebuilt"], "floor": floor(r),
                       "window_ms": {"old": r["windows"][0], "index": r["windows"][1]}} for r in results],
        }, indent=1), encoding="utf-8")
    if args.check == "none":
        return 0
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
