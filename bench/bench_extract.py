"""Extraction benchmark: normalise() against trafilatura's bare extraction on the dev set.

    .venv/bin/python -m bench.bench_extract [--devset DIR] [--by-language] [--save FILE.json]
                                            [--compare OLD.json] [--only normalise|trafilatura]

Both extractors get the same raw page bytes and URL, in one process, timed around the extraction
call alone; speed is reported as a ratio measured in the same run. Scoring: bench/extract_scoring.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.extract_scoring import DevPage, PageScore, Summary, iter_devset, score_record, summarise

Extractor = Callable[[DevPage], dict[str, Any]]


def run_normalise(page: DevPage) -> dict[str, Any]:
    from scraper.normalise import normalise

    article = normalise(page.html, page.url)
    return {"title": article.title, "body": article.body_text, "published": article.published,
            "authors": article.authors, "language": article.language}


def run_trafilatura(page: DevPage) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return {}
    date = doc.date
    if date and len(date) == 10:
        date = f"{date}T12:00:00"  # a day without time: compare as that calendar day
    return {"title": doc.title, "body": doc.text, "published": date,
            "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
            "language": doc.language}


EXTRACTORS: dict[str, Extractor] = {"normalise": run_normalise, "trafilatura": run_trafilatura}


def measure(extractors: dict[str, Extractor], pages: list[DevPage]) -> dict[str, tuple[list[PageScore], float, dict]]:
    """Run the extractors over all pages, interleaved page by page (alternating which goes first) so
    that load from other processes hits both alike: name → (scores, seconds inside it, records)."""
    for extract in extractors.values():
        extract(pages[0])  # warm-up: imports, models, caches
    out: dict[str, tuple[list[PageScore], float, dict]] = {name: ([], 0.0, {}) for name in extractors}
    names = list(extractors)
    for index, page in enumerate(pages):
        for name in names if index % 2 == 0 else reversed(names):
            scores, elapsed, records = out[name]
            raised = None
            start = time.perf_counter()
            try:
                record = extractors[name](page)
            except Exception as exc:  # noqa: BLE001 - counted and reported, never fatal
                record, raised = {}, f"{type(exc).__name__}: {exc}"
            elapsed += time.perf_counter() - start
            scores.append(score_record(page.name, record, page.expected, raised))
            records[page.name] = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in record.items()}
            out[name] = (scores, elapsed, records)
    return out


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


COLUMNS = ("body F1", "body P", "body R", "title =", "title ~", "day", "minute", "authors", "lang",
           "pages/s", "raised")


def row(label: str, s: Summary) -> str:
    cells = [_fmt(s.body_f1), _fmt(s.body_p), _fmt(s.body_r), _fmt(s.title_exact), _fmt(s.title_fuzzy),
             _fmt(s.day), _fmt(s.minute), _fmt(s.authors_f1), _fmt(s.language),
             _fmt(s.pages_per_s or None, 1),
             str(s.raised)]
    return f"{label:<22}" + "".join(f"{c:>9}" for c in cells)


def header(title: str) -> str:
    return f"{title:<22}" + "".join(f"{c:>9}" for c in COLUMNS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="dev set folder (default: $ATTACHE_DEVSET or ../shared/data/devset)")
    parser.add_argument("--by-language", action="store_true", help="also print one row per language")
    parser.add_argument("--save", help="write the results as JSON to this file")
    parser.add_argument("--compare", help="print the rows of an earlier --save file beside this run")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="run one extractor only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")

    try:
        pages = list(iter_devset(args.devset))
    except (OSError, ValueError) as exc:
        print(f"bench-extract: cannot read the dev set: {exc}", file=sys.stderr)
        return 2
    if not pages:
        print(f"bench-extract: no pages found in {args.devset or 'the default dev set folder'}", file=sys.stderr)
        return 2

    results: dict[str, Any] = {"date": datetime.now(UTC).isoformat(), "pages": len(pages), "extractors": {}}
    summaries: dict[str, Summary] = {}
    per_language: dict[str, dict[str, Summary]] = {}
    chosen = {name: fn for name, fn in EXTRACTORS.items() if not args.only or name == args.only}
    for name, (scores, seconds, records) in measure(chosen, pages).items():
        summaries[name] = summarise(scores, seconds)
        by_lang: dict[str, list[PageScore]] = defaultdict(list)
        for score in scores:
            by_lang[score.language].append(score)
        per_language[name] = {lang: summarise(group) for lang, group in sorted(by_lang.items())}
        if not any(r.get("language") for r in records.values()):
            for summary in (summaries[name], *per_language[name].values()):
                summary.language = None  # this extractor does not tell the language
        results["extractors"][name] = {
            "summary": dataclasses.asdict(summaries[name]),
            "by_language": {k: dataclasses.asdict(v) for k, v in per_language[name].items()},
            "pages": [dataclasses.asdict(s) for s in scores],
            "records": records,
        }

    print(f"Extraction benchmark — {len(pages)} dev-set pages, one process")
    print(header("extractor"))
    for name, summary in summaries.items():
        print(row(name, summary))
    if "normalise" in summaries and "trafilatura" in summaries and summaries["trafilatura"].pages_per_s:
        ratio = summaries["normalise"].pages_per_s / summaries["trafilatura"].pages_per_s
        results["speed_ratio"] = ratio
        print(f"speed ratio normalise / trafilatura: {ratio:.2f}×")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        for name, data in old.get("extractors", {}).items():
            known = {f.name for f in dataclasses.fields(Summary)}
            print(row(f"{name} (before)", Summary(**{k: v for k, v in data["summary"].items() if k in known})))
    if args.by_language:
        for name, groups in per_language.items():
            print()
            print(header(f"{name} by language"))
            for lang, summary in groups.items():
                print(row(f"  {lang} ({summary.pages})", summary))
    raised = [s for s in results["extractors"].get("normalise", {}).get("pages", []) if s["raised"]]
    for item in raised:
        print(f"raised: {item['name']}: {item['raised']}")
    if args.save:
        Path(args.save).parent.mkdir(parents=True, exist_ok=True)
        Path(args.save).write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"saved {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
