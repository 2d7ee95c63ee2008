"""Benchmark of the tagging engines on the labelled set tests/fixtures/tagging/cooperation_eval.jsonl.

Prints country precision / recall / F1 (micro over labels), cooperation P / R / F1 (binary) and
kind-level micro F1, story-grouping pairwise P / R / F1, for all / tuning / held-out items, and
throughput of `tag_article` against a baseline (a plain regex scan of the same texts, same run).

Split: every 4th item (index % 4 == 3) is held out for tagging; for grouping, every 4th story
group (in order of first appearance) is held out with all its items, other items follow the
tagging split.

    .venv/bin/python -m bench.bench_tagging
"""

from __future__ import annotations

import itertools
import json
import re
import time
from datetime import datetime
from pathlib import Path

from scraper.items import Article
from scraper.tagging import classify_cooperation, group_stories, tag_article, tag_countries

ROOT = Path(__file__).resolve().parent.parent

EVAL_SET = ROOT / "tests" / "fixtures" / "tagging" / "cooperation_eval.jsonl"
SPLITS = ("all", "tuning", "held-out")
TARGETS = {"country F1": 0.9, "cooperation F1": 0.85, "grouping P": 0.95}


def load(path: Path = EVAL_SET) -> list[dict]:
    """The labelled items, each with `tag_split` and `group_split` ("tuning" or "held-out")."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not valid JSON: {exc}") from None
    stories = list(dict.fromkeys(item["story"] for item in items if item.get("story")))
    for index, item in enumerate(items):
        item["tag_split"] = "held-out" if index % 4 == 3 else "tuning"
        story = item.get("story")
        item["group_split"] = ("held-out" if stories.index(story) % 4 == 3 else "tuning") if story \
            else item["tag_split"]
    return items


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(items: list[dict]) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Figures per split: {"all": {"country": (p, r, f1), "cooperation": ..., "kinds": ..., "grouping": ...}}."""
    counts = {s: {m: [0, 0, 0] for m in ("country", "cooperation", "kinds", "grouping")} for s in SPLITS}
    for item in items:
        got_c = set(tag_countries(item["title"], item["text"], item["lang"], item["publisher_country"]))
        res = classify_cooperation(item["title"], item["text"], item["lang"])
        exp_c, exp_k, got_k = set(item["countries"]), set(item["kinds"]), set(res.kinds)
        for split in ("all", item["tag_split"]):
            c = counts[split]
            for metric, got, exp in (("country", got_c, exp_c), ("kinds", got_k, exp_k)):
                c[metric][0] += len(got & exp)
                c[metric][1] += len(got - exp)
                c[metric][2] += len(exp - got)
            c["cooperation"][0] += res.is_cooperation and item["cooperation"]
            c["cooperation"][1] += res.is_cooperation and not item["cooperation"]
            c["cooperation"][2] += item["cooperation"] and not res.is_cooperation
    groups = group_stories([(i["id"], i["title"], i["text"], datetime.fromisoformat(i["published"])) for i in items])
    cluster = {key: n for n, group in enumerate(groups) for key in group}
    for a, b in itertools.combinations(items, 2):
        gold = bool(a.get("story")) and a.get("story") == b.get("story")
        pred = cluster[a["id"]] == cluster[b["id"]]
        splits = ["all"] + ([a["group_split"]] if a["group_split"] == b["group_split"] else [])
        for split in splits:
            g = counts[split]["grouping"]
            g[0] += gold and pred
            g[1] += pred and not gold
            g[2] += gold and not pred
    return {s: {m: prf(*v) for m, v in counts[s].items()} for s in SPLITS}


def throughput(items: list[dict], rounds: int = 5, repeat: int = 1) -> tuple[float, float]:
    """Articles per second of `tag_article` and of a baseline regex word scan over the same texts.

    `repeat` makes long articles by repeating each body (the labelled texts are short).
    """
    articles = [Article(url=f"https://example.test/{i['id']}", title=i["title"],
                        body_text="\n".join([i["text"]] * repeat), language=i["lang"]) for i in items]
    tag_article(articles[0], None)  # build lexicons and patterns once, outside the timing
    start = time.perf_counter()
    for _ in range(rounds):
        for article, item in zip(articles, items, strict=True):
            tag_article(article, item["publisher_country"])
    tagged = rounds * len(articles) / (time.perf_counter() - start)
    word = re.compile(r"\w+")
    start = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            len(word.findall(article.title + " " + article.body_text))
    baseline = rounds * len(articles) / (time.perf_counter() - start)
    return tagged, baseline


def main() -> int:
    items = load()
    figures = evaluate(items)
    sizes = {s: sum(1 for i in items if s == "all" or i["tag_split"] == s) for s in SPLITS}
    print(f"Tagging benchmark: {len(items)} labelled texts in {len({i['lang'] for i in items})} languages, "
          f"{len({i['story'] for i in items if i.get('story')})} story groups")
    print(f"{'split':<9} {'n':>4} | {'country P/R/F1':^20} | {'cooperation P/R/F1':^20} | {'kinds P/R/F1':^20} "
          f"| {'grouping P/R/F1 (pairs)':^23}")
    for split in SPLITS:
        row = figures[split]
        cells = " | ".join(f"{row[m][0]:.3f} {row[m][1]:.3f} {row[m][2]:.3f}".center(20 if m != "grouping" else 23)
                           for m in ("country", "cooperation", "kinds", "grouping"))
        print(f"{split:<9} {sizes[split]:>4} | {cells}")
    tagged, baseline = throughput(items)
    print(f"throughput: tag_article {tagged:,.0f} articles/s; baseline regex word scan {baseline:,.0f} articles/s "
          f"(ratio {tagged / baseline:.3f}); target >= 200 articles/s")
    long_chars = sum(len(i["text"]) for i in items) * 8 // len(items)
    long_tagged, long_baseline = throughput(items, rounds=1, repeat=8)
    print(f"long articles (body x8, ~{long_chars:,} chars): tag_article {long_tagged:,.0f} articles/s; "
          f"baseline {long_baseline:,.0f} articles/s (ratio {long_tagged / long_baseline:.3f})")
    checks = {"country F1": figures["all"]["country"][2], "cooperation F1": figures["all"]["cooperation"][2],
              "grouping P": figures["all"]["grouping"][0]}
    misses = [f"{k} {v:.3f} < {TARGETS[k]}" for k, v in checks.items() if v < TARGETS[k]]
    print("targets: " + ("all met" if not misses and tagged >= 200 else "MISSED " + "; ".join(misses)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
