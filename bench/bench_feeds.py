"""Feed publishing benchmark: the cost of one-entry-per-story grouping.

    .venv/bin/python -m bench.bench_feeds [--articles 1000] [--repeat 3] [--seed 7]

Builds a SQLite store of synthetic articles (stories of 1-4 near-duplicate reports
in several languages, about random country pairs) in a temporary directory, then
times, in one process: `group_stories` over all articles; a full `attache publish`
without grouping (the baseline) and with it; a republish with nothing new. Speed
is reported as ratios against the baseline of the same run.

Story features (MinHash signature and anchors of each text) are computed on a
text's first publish and kept in the store (`story_signatures`); there is no
process cache, so every publish reads them from the store. "First publish"
empties the table before each run (every text is new); the other publish lines
read the store's features (as `attache publish` after any earlier publish). The
publish steps run interleaved, one of each per round, so that load from other
processes weighs on the baseline and the other steps alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import logging
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select

from feeds.build import FeedRun, story_candidates
from feeds.catalog import catalog
from feeds.publish import publish
from feeds.story_groups import MAX_CANDIDATES, StoryGroups, candidate_limit
from scraper.config import load_config
from scraper.items import Article
from scraper.store import Store, upsert_article
from scraper.store.schema import StorySignatureRow
from scraper.tagging.stories import group_stories, story_features

COUNTRIES = ["AZ", "IT", "TR", "GE", "DE", "FR", "GB", "US", "PK", "KZ", "ES", "GR"]
SOURCES = [("difesa-smd-news-italia", "IT", "it"), ("mod-gov-az-news-en", "AZ", "en"), ("report-az", "AZ", "az"),
           ("azernews", "AZ", "en"), ("ansa", "IT", "it"), ("uk-mod", "GB", "en"), ("de-bmvg", "DE", "de")]
T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


def _words(rng: random.Random, n: int) -> list[str]:
    syllables = ["ka", "ri", "to", "mel", "zan", "dor", "vi", "sta", "por", "len", "qu", "ər", "ba", "ne", "lo"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(n)]


def synthetic_articles(count: int, seed: int) -> list[tuple[Article, str, datetime]]:
    """(article, publisher country, first seen): stories of 1-4 reports, each report a lightly edited copy."""
    rng = random.Random(seed)
    vocabulary = _words(rng, 5000)
    out: list[tuple[Article, str, datetime]] = []
    story = 0
    while len(out) < count:
        story += 1
        base = [rng.choice(vocabulary) for _ in range(rng.randint(120, 400))]
        pair = rng.sample(COUNTRIES, 2)
        coop = ["staff_talks"] if rng.random() < 0.6 else []
        when = T0 - timedelta(hours=story * 3)
        for report in range(min(rng.choice([1, 1, 2, 3, 4]), count - len(out))):
            words = [w if rng.random() > 0.12 else rng.choice(vocabulary) for w in base]
            source, country, lang = rng.choice(SOURCES)
            n = len(out)
            body = " ".join(words)
            article = Article(
                url=f"https://{source}.example.org/news/{n}", source=source, title=" ".join(words[:9]).title(),
                summary=" ".join(words[:30]), body_text=body, body_html=f"<p>{body}</p>",
                published=when + timedelta(minutes=40 * report), language=lang, countries=sorted(pair),
                cooperation=coop, cooperation_score=0.8 if coop else 0.0, authors=["Desk"],
                parties=sorted(pair) if coop else [], primary_kind=coop[0] if coop else None,
            )
            article.content_hash = hashlib.sha256(f"{n}{body}".encode()).hexdigest()
            out.append((article, country, when + timedelta(minutes=40 * report + 5)))
    return out


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def interleaved(steps: dict[str, tuple[Callable[[], object], Callable[[], object]]],
                repeat: int) -> dict[str, tuple[float, object]]:
    """Run every (untimed setup, timed step) once per round, `repeat` rounds; median seconds and the last result."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    results: dict[str, object] = {}
    for _ in range(repeat):
        for name, (setup, step) in steps.items():
            setup()
            start = time.perf_counter()
            results[name] = step()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in steps}


CRAWL = 20
"""New articles per simulated crawl."""


def crawled(config, store: Store, args: argparse.Namespace) -> float:
    """Median time of a publish in a new process after a crawl stored CRAWL new articles (reports of
    new stories and of known ones); the crawl itself is not timed."""
    extra = synthetic_articles(CRAWL * args.repeat, args.seed + 1)
    times = []
    for run in range(args.repeat):
        with store.session() as session:
            for n, (article, country, seen) in enumerate(extra[run * CRAWL:(run + 1) * CRAWL]):
                article.url = f"{article.url}-crawl{run}-{n}"
                upsert_article(session, article, seen + timedelta(minutes=1), publisher_country=country)
        start = time.perf_counter()
        publish(config, store)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        config = load_config(env={"ATTACHE_DATA_DIR": tmp, "ATTACHE_PUBLIC_BASE_URL": "http://127.0.0.1:8787/"})
        store = Store(config.database_url)
        articles = synthetic_articles(args.articles, args.seed)
        with store.session() as session:
            for article, country, seen in articles:
                upsert_article(session, article, seen, publisher_country=country)
        items = [(i, a.title, a.body_text, a.published) for i, (a, _c, _s) in enumerate(articles)]
        group_s, groups = timed(lambda: group_stories(items), args.repeat)
        known = [story_features(title, text) for _key, title, text, _published in items]
        warm_group_s, warm_groups = timed(lambda: group_stories(items, features=known), args.repeat)
        assert warm_groups == groups, "precomputed story features changed the grouping"
        window = candidate_limit(config.feed_limit)
        window_items = items[:window]
        window_s, _ = timed(lambda: group_stories(window_items), args.repeat)

        dirs: dict[bool, Path] = {}

        def fresh_publish(stories: StoryGroups, keep_features: bool = True) -> object:
            fresh = dataclasses.replace(config, feeds_dir=Path(tempfile.mkdtemp(dir=tmp)))
            dirs[keep_features] = fresh.feeds_dir
            return publish(fresh, store, stories=stories)

        def nothing() -> None:
            return None

        def forget_stored() -> None:  # as if no text had been published before
            with store.session() as session:
                session.execute(delete(StorySignatureRow))

        publish(config, store)
        # Interleaved rounds (each step once per round, medians over rounds), so that load from other
        # processes on shared cores weighs on the baseline and the other steps alike. Nothing is cached in
        # the process between publishes, so the two republish lines run the same code (both kept so the
        # table compares with earlier ones).
        figures = interleaved({
            "base": (nothing, lambda: fresh_publish(StoryGroups(store, enabled=False))),
            "first": (forget_stored, lambda: fresh_publish(StoryGroups(store), keep_features=False)),
            "full": (nothing, lambda: fresh_publish(StoryGroups(store))),
            "cold_again": (nothing, lambda: publish(config, store)),
            "again": (nothing, lambda: publish(config, store)),
        }, args.repeat)
        (base_s, base_report), (first_s, first_report), (full_s, report) = (
            figures["base"], figures["first"], figures["full"])
        (cold_again_s, cold_again), (again_s, again) = figures["cold_again"], figures["again"]
        with store.session() as session:
            kept = session.scalar(select(func.count()).select_from(StorySignatureRow))
        same = all((dirs[True] / name).read_bytes() == (dirs[False] / name).read_bytes() for name in report.written)
        with store.session() as session:
            union = len(story_candidates(FeedRun(config, session), catalog(session)))
        crawl_s = crawled(config, store, args)
        store.close()
    multi = sum(1 for g in groups if len(g) > 1)
    print(f"Feed benchmark — {args.articles} synthetic articles, {len(report.feeds)} feeds, feed limit "
          f"{config.feed_limit}, story window {window} (max {MAX_CANDIDATES}), median of {args.repeat}")
    print(f"{'step':44} {'seconds':>9} {'ratio':>8}")
    print(f"{'publish, no grouping (baseline)':44} {base_s:9.3f} {1:8.2f}×")
    print(f"{'publish, one entry per story, first publish':44} {first_s:9.3f} {first_s / base_s:8.2f}×")
    print(f"{'publish, one entry per story':44} {full_s:9.3f} {full_s / base_s:8.2f}×")
    print(f"{'republish, nothing new, new process':44} {cold_again_s:9.3f} {cold_again_s / base_s:8.2f}×")
    print(f"{'republish, nothing new, same process (daemon)':44} {again_s:9.3f} {again_s / base_s:8.2f}×")
    print(f"{f'publish after {CRAWL} new articles, new process':44} {crawl_s:9.3f} {crawl_s / base_s:8.2f}×")
    print(f"{f'group_stories over {len(items)} articles, new texts':44} {group_s:9.3f} {group_s / base_s:8.2f}×")
    print(f"{f'group_stories over {len(items)} articles, known texts':44} {warm_group_s:9.3f} "
          f"{warm_group_s / base_s:8.2f}×")
    print(f"{f'group_stories over one window ({len(window_items)}), new texts':44} {window_s:9.3f} "
          f"{window_s / base_s:8.2f}×")
    print(f"stories: {len(groups)} from {len(items)} articles ({multi} with several reports); union of the story "
          f"feeds' windows: {union} articles; republish wrote {len(cold_again.written)} + {len(again.written)} "
          f"file(s); a fresh publish writes {len(base_report.written)}; story features kept in the store: {kept}")
    if not same or sorted(first_report.written) != sorted(report.written):
        print("MISMATCH: the first publish and a publish with stored features wrote different files")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
