"""One digest of everything the tagger and the story features say, plus their CPU cost, to check that a speed-up
changes no output and to time it against another tree in the same run.

Inputs: every labelled report in tests/fixtures/tagging/reports/*.jsonl (held-out ones included: only the digest
of all outputs is printed, never a report's output) and the dev-set pages' texts as `normalise` reads them. Outputs
digested: `tag_record` with and without the publisher's country (and the publication date), `tag_article`, and
`features_record` (the story features the crawl computes), all as `tag_read_article` calls them.

    .venv/bin/python -m bench.bench_tagging_digest                       # digest + timing of this tree
    .venv/bin/python -m bench.bench_tagging_digest --code /tmp/base      # and of another tree, alternating rounds

Timing (process CPU time, median of the rounds): `tag_article` articles/s over the non-held-out labelled reports
(as bench_tagging's speed line), and ms/page of tagging + story features over the dev-set pages. Each round of
each tree runs in a fresh process whose `scraper` is that tree's (PYTHONPATH), which first tags every input once
untimed (lexicons and per-word caches fill, as in a long crawl); texts get a suffix to defeat the per-text caches.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS_DIR = ROOT / "tests" / "fixtures" / "tagging" / "reports"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
"""A fixed `now` for normalise, so the dev-set texts do not depend on the day of the run."""


def load_inputs() -> dict[str, list[dict]]:
    """Labelled reports (title, text, lang, publisher country, published, held-out flag) and dev-set page texts."""
    split = json.loads((REPORTS_DIR / "split.json").read_text(encoding="utf-8"))
    stories, singletons = set(split["held_out_stories"]), set(split["held_out_singletons"])
    reports = []
    for path in sorted(REPORTS_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            held_out = path.name.startswith("heldout-") or (path.name.startswith("reports-") and (
                item.get("story") in stories or item.get("id") in singletons))
            reports.append({"title": item["title"], "text": item["text"], "lang": item["lang"],
                            "country": item.get("publisher_country"), "published": item.get("published"),
                            "held_out": held_out})
    return {"reports": reports, "pages": devset_texts()}


def devset_texts() -> list[dict]:
    """The dev-set pages as the crawl reads them (`normalise`), with the publisher's country."""
    from bench.extract_scoring import iter_devset
    from scraper.normalise import normalise

    pages = []
    for page in iter_devset():
        article = normalise(page.html, page.expected["url"], now=NOW)
        pages.append({"title": article.title, "text": article.body_text, "summary": article.summary,
                      "lang": article.language, "country": (page.expected.get("country") or "").upper() or None,
                      "published": article.published.isoformat() if article.published else None})
    return pages


def _article(item: dict, suffix: str = ""):
    from scraper.items import Article

    return Article(url="https://example.test/a", title=item["title"], body_text=(item["text"] or "") + suffix,
                   summary=item.get("summary") or "", language=item["lang"],
                   published=datetime.fromisoformat(item["published"]) if item.get("published") else None)


def _tagged(article) -> list:
    return [article.countries, article.parties, article.mentioned, article.cooperation, article.primary_kind,
            article.cooperation_score, article.organisations]


def digest(inputs: dict[str, list[dict]]) -> str:
    """sha256 of every output, in input order."""
    from scraper.tagging import tag_article, tag_record
    from scraper.tagging.stories import features_record

    h = hashlib.sha256()
    for item in inputs["reports"] + inputs["pages"]:
        published = datetime.fromisoformat(item["published"]) if item.get("published") else None
        for country in (item["country"], None):
            record = tag_record(item["title"], item["text"], item["lang"], country, published)
            h.update(json.dumps(asdict(record), sort_keys=True).encode())
        article = tag_article(_article(item), item["country"])
        h.update(json.dumps(_tagged(article)).encode())
        features = features_record(article.title, article.body_text, article.language)
        h.update(repr(features).encode())
    return h.hexdigest()


def timing(inputs: dict[str, list[dict]], round_number: int) -> dict[str, float]:
    """CPU seconds of `tag_article` over the non-held-out reports and of tagging + features over the pages."""
    from scraper.tagging import tag_article
    from scraper.tagging.stories import features_record

    reports = [r for r in inputs["reports"] if not r["held_out"]]
    suffix = f"\n{round_number}" if round_number else ""
    for item in reports + inputs["pages"]:  # lexicons and per-word caches fill once per process, as in a long crawl:
        article = tag_article(_article(item, "\nwarm-up"), item["country"])  # outside the timing
        features_record(article.title, article.body_text, article.language)
    articles = [_article(dict(r, published=None), suffix) for r in reports]
    start = time.process_time()
    for article, item in zip(articles, reports, strict=True):
        tag_article(article, item["country"])
    tag_seconds = time.process_time() - start
    pages = [_article(p, suffix) for p in inputs["pages"]]
    start = time.process_time()
    for article, item in zip(pages, inputs["pages"], strict=True):
        tag_article(article, item["country"])
        features_record(article.title, article.body_text, article.language)
    page_seconds = time.process_time() - start
    return {"articles": len(articles), "tag_seconds": tag_seconds, "pages": len(pages), "page_seconds": page_seconds}


def _child(inputs_path: str, mode: str, round_number: int) -> None:
    inputs = json.loads(Path(inputs_path).read_text(encoding="utf-8"))
    if mode == "digest":
        start = time.process_time()
        print(json.dumps({"digest": digest(inputs), "seconds": time.process_time() - start}))
    else:
        print(json.dumps(timing(inputs, round_number)))


def _run(code: Path, inputs_path: str, mode: str, round_number: int = 0) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run([sys.executable, __file__, "--child", inputs_path, mode, str(round_number)], env=env,
                         cwd=code, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, help="another tree to digest and time beside this one")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds per tree (default 3; 0: digests only)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    trees = {"this": ROOT} | ({"other": args.code.resolve()} if args.code else {})
    with tempfile.TemporaryDirectory() as tmp:
        inputs = load_inputs()
        inputs_path = str(Path(tmp) / "inputs.json")
        Path(inputs_path).write_text(json.dumps(inputs), encoding="utf-8")
        print(f"{len(inputs['reports'])} labelled reports, {len(inputs['pages'])} dev-set pages")
        for name, code in trees.items():
            result = _run(code, inputs_path, "digest")
            print(f"{name} ({code}): digest {result['digest']} ({result['seconds']:.1f} s CPU)")
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for r in range(args.rounds):
            for name, code in (trees.items() if r % 2 == 0 else reversed(trees.items())):
                runs[name].append(_run(code, inputs_path, "time", r))
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        for name, results in runs.items() if args.rounds > 0 else ():
            rate = statistics.median(x["articles"] / x["tag_seconds"] for x in results)
            per_page = statistics.median(1000 * x["page_seconds"] / x["pages"] for x in results)
            print(f"{name}: tag_article {rate:,.0f} articles/s; tagging + story features {per_page:.2f} ms/page "
                  f"(CPU, median of {len(results)} rounds)")
        print(f"load average {load}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
