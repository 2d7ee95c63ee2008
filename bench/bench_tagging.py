"""Benchmark of tagging (who does what) and story grouping, side by side with a naive tagger (bench/naive_tagger.py).

On the labelled reports (tests/fixtures/tagging/reports/reports-<lang>.jsonl, split by story in split.json)
plus the tuning-extra-<lang>.jsonl files (always tuning), it prints, for the HELD-OUT part (aggregates only), the
tuning part, and the tuning part split into v2 reports and tuning-extra reports: parties F1, cooperation F1,
primary-kind accuracy, story pairwise P/R/F1 with cross-language recall (pairs of reports in different
languages), both with publication dates and with every report in one window, and the number of distinct
pair feeds a publish of the set creates (`scraper.tagging.pairs.party_pairs`) against the number the labels
support, with their precision (made feeds the labels support / made) and recall (labelled feeds made / labelled),
and the same per report (micro over each report's pairs; a false pair made by one report and true in another counts
here, not in the feed figures). Then the old set (tests/fixtures/tagging/cooperation_eval.jsonl) for reference,
and speed: `tag_article` articles/s and grouping 10,000 synthetic reports in one window, each beside the naive
tagger measured in the same run.

    .venv/bin/python -m bench.bench_tagging [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from pathlib import Path

from bench import naive_tagger
from scraper.items import Article
from scraper.tagging import group_stories, tag_article, tag_record
from scraper.tagging.pairs import party_pairs
from scraper.tagging.stories import story_features

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "tagging"
EVAL_SET = FIXTURES / "cooperation_eval.jsonl"
REPORTS_DIR = FIXTURES / "reports"
SPLITS = ("all", "tuning", "held-out")
TARGETS = {"parties F1": 0.95, "cooperation F1": 0.95, "primary-kind acc": 0.85, "story F1": 0.85,
           "cross-language R": 0.80}
ONE_WINDOW = datetime(2025, 1, 1)


# ---------------------------------------------------------------- loading

def _read_jsonl(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not valid JSON: {exc}") from None
    return items


BATCHES: tuple[tuple[str, str, str], ...] = (
    ("tuning-extra", "tuning", "written after the first held-out measurement"),
    ("tuning-v4", "tuning", "written after the third held-out measurement, labelled before the tagger ran on them"),
    ("tuning-v5", "tuning", "parties vs mentioned, sixth round"),
    ("tuning-v5k", "tuning", "main-event boundaries, sixth round"),
    ("tuning-v6", "tuning", "multilateral items and background countries, seventh round"),
    ("tuning-v7", "tuning", "parties against mentioned countries in styles the earlier files lack, eighth round"),
    ("tuning-v7m", "tuning", "constructions that make false pairs, eighth round"),
    ("tuning-v8", "tuning", "parties against mentioned countries in styles the earlier files lack, ninth round"),
    ("tuning-v8p", "tuning", "lone asides beside a two-party headline, foreign countries' own drills and missions' "
                             "host countries, ninth round"),
    ("tuning-v9", "tuning", "parties against mentioned countries, 16 stories in three languages and a third hard "
                            "negatives, written blind to the engine, thirteenth round"),
    ("heldout-v3", "held-out v3", "written blind to the engine and never tuned on"),
    ("heldout-v4", "held-out v4", "written blind to the engine by another writer in the twelfth round, labelled and "
                                  "committed before any tagger ran on them, never tuned on"),
)
"""The batches beside the first set, in load order: (`set`, the file prefix `<set>-<lang>.jsonl`; `split`; what they
are). Every tuning batch was labelled and committed before the tagger ran on it."""
BLIND_PARTS = tuple(split for _set, split, _what in BATCHES if split != "tuning")
"""The parts written blind to the engine and never tuned on, printed beside the held-out part."""


def load_reports(directory: Path = REPORTS_DIR) -> list[dict]:
    """The labelled reports, each with `split` ("tuning", "held-out" or one of `BLIND_PARTS`) and `set` ("v2" for
    reports-<lang>.jsonl, whose split.json names the held-out stories and singletons; a `BATCHES` name for the
    others); [] when the set is absent."""
    files = sorted(directory.glob("reports-*.jsonl"))
    split_file = directory / "split.json"
    if not files or not split_file.exists():
        return []
    try:
        split = json.loads(split_file.read_text(encoding="utf-8"))
        stories, singletons = set(split["held_out_stories"]), set(split["held_out_singletons"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise SystemExit(f"{split_file}: needs held_out_stories and held_out_singletons lists ({exc})") from None
    items = [item for path in files for item in _read_jsonl(path)]
    for item in items:
        held = item.get("story") in stories if item.get("story") else item["id"] in singletons
        item["split"], item["set"] = ("held-out" if held else "tuning"), "v2"
    for name, part, _what in BATCHES:
        batch = [item for path in sorted(directory.glob(f"{name}-*.jsonl")) for item in _read_jsonl(path)]
        for item in batch:
            item["split"], item["set"] = part, name
        items += batch
    for item in items:
        for key in ("id", "lang", "title", "text", "parties", "cooperation", "primary_kind", "published"):
            if key not in item:
                raise SystemExit(f"{directory}: report {item.get('id', '?')} lacks {key!r}")
    return items


def load(path: Path = EVAL_SET) -> list[dict]:
    """The old labelled set (countries, cooperation, kinds, story), each with `split` (every 4th held out)."""
    items = _read_jsonl(path)
    for index, item in enumerate(items):
        item["split"] = "held-out" if index % 4 == 3 else "tuning"
    return items


# ---------------------------------------------------------------- measures

def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def set_f1(pairs: Sequence[tuple[set, set]]) -> tuple[float, float, float]:
    """Micro P/R/F1 over (predicted, expected) sets."""
    tp = sum(len(g & e) for g, e in pairs)
    return prf(tp, sum(len(g - e) for g, e in pairs), sum(len(e - g) for g, e in pairs))


def binary_f1(pairs: Sequence[tuple[bool, bool]]) -> tuple[float, float, float]:
    return prf(sum(g and e for g, e in pairs), sum(g and not e for g, e in pairs),
               sum(e and not g for g, e in pairs))


def pairwise(items: Sequence[dict], groups: Sequence[Sequence[Hashable]]) -> dict[str, float]:
    """Story pairwise P/R/F1 and cross-language recall (gold pairs of reports in different languages)."""
    cluster = {key: n for n, group in enumerate(groups) for key in group}
    tp = fp = fn = cross_tp = cross_gold = 0
    for a, b in itertools.combinations(items, 2):
        gold = bool(a.get("story")) and a.get("story") == b.get("story")
        pred = cluster[a["id"]] == cluster[b["id"]]
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        if gold and a["lang"] != b["lang"]:
            cross_gold += 1
            cross_tp += pred
    p, r, f = prf(tp, fp, fn)
    return {"P": p, "R": r, "F1": f, "cross R": cross_tp / cross_gold if cross_gold else 1.0}


def published_of(item: dict, one_window: bool) -> datetime | None:
    """A report's publication time as the bench reads it (`ONE_WINDOW` with `one_window`; None if unreadable)."""
    if one_window:
        return ONE_WINDOW
    try:
        return datetime.fromisoformat(item["published"])
    except (TypeError, ValueError):
        return None


def ours(item: dict):
    return tag_record(item["title"], item["text"], item["lang"], item.get("publisher_country"),
                      published_of(item, False))


def naive(item: dict):
    return naive_tagger.tag(item["title"], item["text"], item["lang"])


def _as_article(item: dict, record) -> Article:
    return Article(url=f"https://example.test/{item['id']}", title=item["title"],
                   parties=list(record.parties), primary_kind=record.primary_kind,
                   cooperation=list(getattr(record, "cooperation", None) or getattr(record, "kinds", [])))


def _gold_pairs(item: dict) -> set[tuple[str, str]]:
    """The pairs the labels support for one report: the pair-feed rule applied to its labelled parties."""
    return set(itertools.combinations(sorted(set(item["parties"])), 2)) if item["cooperation"] else set()


def measure(items: Sequence[dict], tagger: Callable, grouper: str) -> dict[str, object]:
    """Every figure of one tagger on one part of the labelled reports."""
    records = [tagger(item) for item in items]
    gold_coop = [bool(i["cooperation"]) for i in items]
    out: dict[str, object] = {
        "parties": set_f1([(set(r.parties), set(i["parties"] if i["cooperation"] else [])) for r, i in
                           zip(records, items, strict=True)]),
        "cooperation": binary_f1([(r.primary_kind is not None, g) for r, g in zip(records, gold_coop, strict=True)]),
    }
    labelled = [(r, i) for r, i in zip(records, items, strict=True) if i["cooperation"] and i.get("primary_kind")]
    out["primary"] = sum(r.primary_kind == i["primary_kind"] for r, i in labelled) / len(labelled) if labelled else 1.0
    predicted_pairs = {p for r, i in zip(records, items, strict=True) for p in party_pairs(_as_article(i, r))}
    gold_pairs = {p for i in items for p in _gold_pairs(i)}
    out["pair feeds"] = (len(predicted_pairs), len(gold_pairs))
    out["pair P/R"] = prf(len(predicted_pairs & gold_pairs), len(predicted_pairs - gold_pairs),
                          len(gold_pairs - predicted_pairs))
    out["report pairs"] = set_f1([(set(party_pairs(_as_article(i, r))), _gold_pairs(i))
                                  for r, i in zip(records, items, strict=True)])
    for one_window in (False, True):
        if grouper == "ours":
            groups = group_stories([(i["id"], i["title"], i["text"], published_of(i, one_window)) for i in items])
        else:
            groups = naive_tagger.group([(i["id"], frozenset(r.countries), published_of(i, one_window))
                                         for r, i in zip(records, items, strict=True)])
        out["stories one window" if one_window else "stories"] = pairwise(items, groups)
    return out


# ---------------------------------------------------------------- speed

def tag_speed(items: Sequence[dict], rounds: int) -> tuple[float, float]:
    """Articles per second of `tag_article` and of the naive tagger over the same texts (same run), in process CPU
    time: on a shared machine, wall time counts the other processes' load as much as the tagger (and the two
    taggers are timed one after the other, under whatever load each one meets)."""
    articles = [Article(url=f"https://example.test/{n}", title=i["title"], body_text=i["text"], language=i["lang"])
                for n, i in enumerate(items)]
    for item in {i["lang"]: i for i in items}.values():  # lexicons are built once per process (per language),
        tag_article(Article(url="https://example.test/warm-up", title=item["title"], body_text=item["text"],
                            language=item["lang"]), None)  # outside the timing
        naive(item)
    start = time.process_time()
    for r in range(rounds):
        for article, item in zip(articles, items, strict=True):
            article.body_text = item["text"] + ("" if r == 0 else f"\n{r}")  # defeat the per-text caches
            tag_article(article, item.get("publisher_country"))
    ours_rate = rounds * len(articles) / (time.process_time() - start)
    start = time.process_time()
    for r in range(rounds):
        for item in items:
            naive_tagger.tag(item["title"], item["text"] + ("" if r == 0 else f"\n{r}"), item["lang"])
    return ours_rate, rounds * len(items) / (time.process_time() - start)


def synthetic_reports(n: int, seed: int = 7) -> list[tuple[str, str, str, datetime]]:
    """`n` synthetic reports in one window: events told 1-6 times each, in other words, with shared facts
    (countries, a date, a person, a place, a count), amid filler drawn from a 3,000-word vocabulary."""
    rng = random.Random(seed)
    codes = ["IT", "AZ", "TR", "DE", "FR", "ES", "RU", "GE", "KZ", "PK", "US", "GB", "PL", "GR", "JP", "IN"]
    names = {"IT": "Italy", "AZ": "Azerbaijan", "TR": "Türkiye", "DE": "Germany", "FR": "France", "ES": "Spain",
             "RU": "Russia", "GE": "Georgia", "KZ": "Kazakhstan", "PK": "Pakistan", "US": "the United States",
             "GB": "the United Kingdom", "PL": "Poland", "GR": "Greece", "JP": "Japan", "IN": "India"}
    syllables = ["ba", "ra", "mo", "ve", "li", "ko", "san", "dor", "tek", "mir", "zu", "an", "el", "ov", "ich", "pe",
                 "tu", "gri", "sol", "na"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(3000)]
    verbs = ["held talks", "signed an agreement", "began a joint exercise", "completed a training course",
             "discussed defence industry projects", "met during an official visit"]
    months = ["March", "April", "May"]
    reports = []
    while len(reports) < n:
        a, b = rng.sample(codes, 2)
        person = "".join(rng.choices(syllables, k=3)).capitalize() + "ov"
        place = "".join(rng.choices(syllables, k=3)).capitalize()
        day, month, count = rng.randint(1, 28), rng.choice(months), rng.randint(10, 5000)
        verb = rng.choice(verbs)
        for _ in range(rng.randint(1, 6)):
            filler = " ".join(rng.choices(vocabulary, k=60))
            text = (f"On {day} {month}, delegations of {names[a]} and {names[b]} {verb} in {place}. {filler}. "
                    f"Colonel {person} led the delegation; {count} servicemen took part. "
                    + " ".join(rng.choices(vocabulary, k=40)) + ".")
            reports.append((f"s{len(reports)}", f"{names[a]} and {names[b]} {verb}", text, ONE_WINDOW))
    return reports[:n]


def grouping_speed(n: int, rounds: int = 3) -> dict[str, object]:
    """Grouping `n` synthetic reports with precomputed features (as a publish reads them from the store), `rounds`
    times interleaved with the naive grouping of the same reports: each one's CPU seconds and wall seconds per round
    (CPU time is the tagger's own cost; wall time on this shared machine also counts the other processes' load),
    and the seconds computing the features took."""
    reports = synthetic_reports(n)
    start = time.perf_counter()
    features = [story_features(title, text) for _key, title, text, _published in reports]
    feature_seconds = time.perf_counter() - start
    naive_input = [(key, f.countries, published) for (key, _t, _x, published), f in zip(reports, features, strict=True)]
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "naive": []}
    for _round in range(rounds):
        for name, run in (("ours", lambda: group_stories(reports, features=features)),
                          ("naive", lambda: naive_tagger.group(naive_input))):
            cpu, wall = time.process_time(), time.perf_counter()
            run()
            runs[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    return {"runs": runs, "features": feature_seconds}


def _median_range(values: Sequence[float]) -> str:
    ordered = sorted(values)
    return f"{ordered[len(ordered) // 2]:.2f} s ({ordered[0]:.2f}-{ordered[-1]:.2f})"


# ---------------------------------------------------------------- old set (reference)

def evaluate(items: list[dict]) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Old-set figures per split: {"all": {"country": (p, r, f1), "cooperation": ..., "kinds": ..., "grouping": ...}}.

    "country" compares `countries` (named or implied) with the old labels, "kinds" the reported kinds.
    """
    figures: dict[str, dict[str, tuple[float, float, float]]] = {}
    records = {i["id"]: ours(i) for i in items}
    groups = group_stories([(i["id"], i["title"], i["text"], published_of(i, False)) for i in items])
    for split in SPLITS:
        part = [i for i in items if split == "all" or i["split"] == split]
        recs = [records[i["id"]] for i in part]
        story = pairwise(part, [[k for k in g if k in {i["id"] for i in part}] for g in groups])
        figures[split] = {
            "country": set_f1([(set(r.countries), set(i["countries"])) for r, i in zip(recs, part, strict=True)]),
            "cooperation": binary_f1([(r.is_cooperation, i["cooperation"]) for r, i in zip(recs, part, strict=True)]),
            "kinds": set_f1([(set(r.cooperation), set(i["kinds"])) for r, i in zip(recs, part, strict=True)]),
            "grouping": (story["P"], story["R"], story["F1"]),
        }
    return figures


# ---------------------------------------------------------------- printing

def _row(label: str, n: int, figures: dict[str, object]) -> str:
    s, w = figures["stories"], figures["stories one window"]
    made, supported = figures["pair feeds"]
    (pp, pr, _pf), (rp, rr, _rf) = figures["pair P/R"], figures["report pairs"]
    return (f"{label:<20} {n:>4} | {figures['parties'][2]:>7.3f} | {figures['cooperation'][2]:>7.3f} | "
            f"{figures['primary']:>7.3f} | {s['P']:.3f} {s['R']:.3f} {s['F1']:.3f} {s['cross R']:.3f} | "
            f"{w['F1']:.3f} {w['cross R']:.3f} | {made:>4} / {supported:<4} ({made / max(supported, 1):.2f}x) | "
            f"{pp:.3f} {pr:.3f} | {rp:.3f} {rr:.3f}")


def print_reports(reports: list[dict]) -> dict[str, dict[str, object]]:
    blind = {part: [r for r in reports if r["split"] == part] for part in BLIND_PARTS}
    reports = [r for r in reports if r["split"] not in BLIND_PARTS]
    print(f"Labelled reports: {len(reports)} in {len({r['lang'] for r in reports})} languages, "
          f"{len({r['story'] for r in reports if r.get('story')})} stories; held out by story "
          f"({sum(r['split'] == 'held-out' for r in reports)} reports held out)")
    for part, items in blind.items():
        if items:
            print(f"{part.capitalize()} (written blind to the engine, never tuned on): {len(items)} reports in "
                  f"{len({r['lang'] for r in items})} languages, "
                  f"{len({r['story'] for r in items if r.get('story')})} stories")
    print(f"{'part / tagger':<20} {'n':>4} | parties | coop F1 | primary | stories P R F1 crossR  | "
          f"1 window F1 crossR | pair feeds made / labelled | feeds P R | report pairs P R")
    print("(feeds P = made pair feeds the labels support / made, R = labelled pair feeds made / labelled; report "
          "pairs: the same per report, micro over the reports' pairs)")
    results = {}
    parts = {"held-out": [r for r in reports if r["split"] == "held-out"], **blind,
             "tuning": [r for r in reports if r["split"] == "tuning"]}
    if any(r["set"] == "tuning-extra" for r in reports):
        parts["tuning v2"] = [r for r in parts["tuning"] if r["set"] == "v2"]
        parts["tuning extra"] = [r for r in parts["tuning"] if r["set"] == "tuning-extra"]
    for name, split, _what in BATCHES:
        batch = [r for r in parts["tuning"] if r["set"] == name]
        if split == "tuning" and name != "tuning-extra" and batch:
            parts[name.replace("-", " ", 1)] = batch
    for split, part in parts.items():
        if not part:
            continue
        for name, tagger in (("ours", ours), ("naive", naive)):
            figures = measure(part, tagger, name)
            results[f"{split} {name}"] = figures
            print(_row(f"{split} {name}", len(part), figures))
    held, base = results.get("held-out ours"), results.get("held-out naive")
    if held and base:
        checks = {"parties F1": (held["parties"][2], base["parties"][2]),
                  "cooperation F1": (held["cooperation"][2], base["cooperation"][2]),
                  "primary-kind acc": (held["primary"], base["primary"]),
                  "story F1": (held["stories"]["F1"], base["stories"]["F1"]),
                  "cross-language R": (held["stories"]["cross R"], base["stories"]["cross R"])}
        misses = [f"{k} {v:.3f} < {TARGETS[k]}" for k, (v, _b) in checks.items() if v < TARGETS[k]]
        misses += [f"{k} not above naive ({v:.3f} <= {b:.3f})" for k, (v, b) in checks.items() if v <= b]
        made, supported = held["pair feeds"]
        if made > 1.2 * supported:
            misses.append(f"pair feeds {made} > 1.2 x {supported}")
        print("held-out targets: " + ("all met" if not misses else "MISSED " + "; ".join(misses)))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer timing rounds and 2,000 synthetic reports")
    args = parser.parse_args(argv)
    reports = load_reports()
    if reports:
        print_reports(reports)
    else:
        print(f"labelled reports not found under {REPORTS_DIR}: skipping the main measurement")
    old = load()
    figures = evaluate(old)
    print(f"\nOld set (reference, {len(old)} texts; country = all named or implied, kinds = reported kinds)")
    print(f"{'split':<9} {'n':>4} | {'country P/R/F1':^20} | {'cooperation P/R/F1':^20} | {'kinds P/R/F1':^20} "
          f"| {'grouping P/R/F1':^20}")
    for split in SPLITS:
        row = figures[split]
        n = sum(1 for i in old if split == "all" or i["split"] == split)
        print(f"{split:<9} {n:>4} | " + " | ".join(f"{row[m][0]:.3f} {row[m][1]:.3f} {row[m][2]:.3f}".center(20)
                                                   for m in ("country", "cooperation", "kinds", "grouping")))
    texts = [r for r in reports if r["split"] != "held-out v3"] or old
    rate, naive_rate = tag_speed(texts, rounds=2 if args.quick else 5)
    print(f"\nspeed (CPU time): tag_article {rate:,.0f} articles/s; naive tagger {naive_rate:,.0f} articles/s "
          f"(ratio {rate / naive_rate:.2f}); target >= 2,000 articles/s")
    n = 2000 if args.quick else 10000
    grouping = grouping_speed(n)
    runs = grouping["runs"]
    print(f"grouping {n:,} synthetic reports in one window with stored features, median (range) of "
          f"{len(runs['ours'])} interleaved runs: CPU {_median_range([c for c, _w in runs['ours']])}, wall "
          f"{_median_range([w for _c, w in runs['ours']])}; naive same-country-set grouping CPU "
          f"{_median_range([c for c, _w in runs['naive']])}; target <= 5 s; load average "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3]) if Path('/proc/loadavg').exists() else 'n/a'}; "
          f"computing their features {grouping['features']:.1f} s ({n / grouping['features']:,.0f}/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
