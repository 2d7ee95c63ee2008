"""Extraction benchmark: normalise() against trafilatura and readability, held out by publisher.

    .venv/bin/python -m bench.bench_extract [--devset DIR] [--input text|bytes|both] [--only NAME ...]
                                            [--ablate RULE ... | --ablate all] [--save FILE.json]
                                            [--compare OLD.json] [--write-folds]

Every extractor gets the same input in the same process: the page as decoded text (what Scrapy's
`response.text` gives) and, with `--input both` (the default), also the raw bytes. Baselines:
trafilatura's `bare_extraction` at its default setting and with `favor_precision=True`, and
readability-lxml (its HTML body turned into text lines for scoring). Figures are held out by
publisher: the publishers are split into k folds by a committed file (bench/extract_folds.json), each
fold is scored on its own pages, and the table shows the mean over folds ± the standard deviation
over folds. `--ablate RULE` runs normalise() with one body rule switched off (bench/extract_ablations.py)
and prints the held-out change per fold. Scoring: bench/extract_scoring.py.
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

from scrapy.http import HtmlResponse

from bench.extract_ablations import ABLATIONS, Ablation, check_ablation
from bench.extract_scoring import (
    FOLDS_FILE,
    DevPage,
    PageScore,
    Summary,
    fold_of_pages,
    fold_rule,
    held_out,
    html_to_text,
    iter_devset,
    load_folds,
    load_link_labels,
    per_fold,
    score_record,
    summarise,
)

Extractor = Callable[[str | bytes, str], dict[str, Any]]
BASELINE = "trafilatura"
"""The extractor speed ratios are taken against (on the same input)."""
MARGIN = 0.005
"""normalise()'s body F1 must beat the better trafilatura setting by this much (issue 12)."""
TARGETS = {"title_exact": 0.85, "day": 0.98, "minute": 0.95, "authors_f1": 0.85, "links_r": 0.9}
MIN_LINK_PAGES = 20
SPEED_TARGET = 1.1


def run_normalise(page: str | bytes, url: str) -> dict[str, Any]:
    from scraper.normalise import normalise

    article = normalise(page, url)
    return {"title": article.title, "body": article.body_text, "published": article.published,
            "authors": article.authors, "language": article.language, "body_html": article.body_html}


def _trafilatura(page: str | bytes, url: str, **options: Any) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, **options)
    if doc is None:
        return {}
    date = doc.date
    if date and len(date) == 10:
        date = f"{date}T12:00:00"  # a day without time: compare as that calendar day
    return {"title": doc.title, "body": doc.text, "published": date,
            "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
            "language": doc.language}


def run_trafilatura(page: str | bytes, url: str) -> dict[str, Any]:
    return _trafilatura(page, url)


def run_trafilatura_precision(page: str | bytes, url: str) -> dict[str, Any]:
    return _trafilatura(page, url, favor_precision=True)


def run_readability(page: str | bytes, url: str) -> dict[str, Any]:
    from readability import Document

    doc = Document(page, url=url)
    html = doc.summary(html_partial=True)
    return {"title": doc.short_title(), "body": html_to_text(html), "body_html": html}


EXTRACTORS: dict[str, Extractor] = {
    "normalise": run_normalise,
    "trafilatura": run_trafilatura,
    "trafilatura precision": run_trafilatura_precision,
    "readability": run_readability,
}
BYTES_EXTRACTORS = ("normalise", "trafilatura", "trafilatura precision")
"""Run on raw bytes as well with `--input both|bytes` (readability is text only: its own charset
guess is not what is compared here)."""


def decoded(page: DevPage) -> str:
    """The page as Scrapy's `response.text` gives it (no HTTP headers: BOM, meta charset, detection)."""
    return HtmlResponse(url=page.url, body=page.html).text


@dataclasses.dataclass
class Run:
    """One extractor on one input: its per-page scores, the seconds spent inside it, its records."""

    extractor: str
    input: str
    ablation: str | None = None
    scores: list[PageScore] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    records: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def label(self) -> str:
        base = f"{self.extractor} −{self.ablation}" if self.ablation else self.extractor
        return f"{base} [{self.input}]"


def _call(run: Run, fn: Extractor, ablation: Ablation | None, page_input: str | bytes, url: str
          ) -> tuple[dict[str, Any], str | None, float]:
    start = time.perf_counter()
    try:
        if ablation is None:
            record = fn(page_input, url)
        else:
            with ablation.switched_off():
                record = fn(page_input, url)
        raised = None
    except Exception as exc:  # noqa: BLE001 - counted and reported, never fatal
        record, raised = {}, f"{type(exc).__name__}: {exc}"
    return record, raised, time.perf_counter() - start


def measure(runs: list[Run], pages: list[DevPage], links: dict[str, set[str]]) -> None:
    """Fill `runs`, page by page with the order of the runs rotating, so that load from other
    processes hits every extractor alike; the input is prepared outside the timing."""
    texts = {page.name: decoded(page) for page in pages}
    inputs = {"text": lambda page: texts[page.name], "bytes": lambda page: page.html}
    for run in runs:  # warm-up: imports, models, caches
        _call(run, EXTRACTORS[run.extractor], ABLATIONS.get(run.ablation or ""), inputs[run.input](pages[0]),
              pages[0].url)
    for index, page in enumerate(pages):
        shift = index % len(runs)
        for run in runs[shift:] + runs[:shift]:
            ablation = ABLATIONS[run.ablation] if run.ablation else None
            record, raised, seconds = _call(run, EXTRACTORS[run.extractor], ablation, inputs[run.input](page),
                                            page.url)
            run.seconds += seconds
            run.scores.append(score_record(page.name, record, page.expected, raised, links.get(page.name)))
            run.records[page.name] = {k: (v.isoformat() if isinstance(v, datetime) else v)
                                      for k, v in record.items() if k != "body_html"}


# ---------------------------------------------------------------- printing
def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


FIELDS = (("body F1", "body_f1"), ("body P", "body_p"), ("body R", "body_r"), ("title =", "title_exact"),
          ("title ~", "title_fuzzy"), ("day", "day"), ("minute", "minute"), ("authors", "authors_f1"),
          ("lang", "language"), ("links R", "links_r"), ("links P", "links_p"))
LABEL = 34


def header(title: str, extra: tuple[str, ...] = ("pages/s", "× traf", "raised")) -> str:
    cells = [name for name, _ in FIELDS] + list(extra)
    return f"{title:<{LABEL}}" + "".join(f"{c:>9}" for c in cells)


def row(label: str, s: Summary, extra: tuple[str, ...] = ()) -> str:
    cells = [_fmt(getattr(s, key)) for _, key in FIELDS] + list(extra)
    return f"{label:<{LABEL}}" + "".join(f"{c:>9}" for c in cells)


def spread_row(spread: dict[str, float]) -> str:
    cells = [("±" + _fmt(spread[key])) if key in spread else "" for _, key in FIELDS]
    return f"{'':<{LABEL}}" + "".join(f"{c:>9}" for c in cells)


def _no_language(run: Run) -> bool:
    return not any(r.get("language") for r in run.records.values())


def _blank_missing_fields(run: Run, summary: Summary, spread: dict[str, float] | None = None) -> None:
    """Fields the extractor never gives (readability: dates, authors) show as — rather than 0."""
    given = set().union(*(r.keys() for r in run.records.values())) if run.records else set()
    blank = []
    if "published" not in given:
        blank += ["day", "minute"]
    if "authors" not in given:
        blank += ["authors_f1"]
    if _no_language(run):
        blank += ["language"]
    if not any(s.links_r is not None for s in run.scores):
        blank += ["links_r", "links_p"]
    for key in blank:
        setattr(summary, key, None)
        if spread is not None:
            spread.pop(key, None)


def _summaries(run: Run, fold_of: dict[str, int], k: int) -> tuple[Summary, dict[str, float], list[Summary]]:
    folds = per_fold(run.scores, fold_of, k)
    mean, spread = held_out(folds)
    _blank_missing_fields(run, mean, spread)
    mean.seconds = run.seconds
    mean.pages_per_s = len(run.scores) / run.seconds if run.seconds else 0.0
    return mean, spread, folds


def print_main(runs: list[Run], fold_of: dict[str, int], k: int, publishers: int) -> dict[str, Summary]:
    pages = len(runs[0].scores)
    print(f"Extraction benchmark — {pages} dev-set pages of {publishers} publishers in {k} publisher folds "
          "(bench/extract_folds.json), one process")
    print(f"Held-out figures: each fold scored on its own publishers' pages; mean over the {k} folds, "
          "± standard deviation over folds")
    print("links: recall/precision of body_html's links on the labelled pages "
          "(tests/fixtures/links/in_article_links.json)")
    means: dict[str, Summary] = {}
    for input_name in ("text", "bytes"):
        chosen = [r for r in runs if r.input == input_name and not r.ablation]
        if not chosen:
            continue
        print()
        what = "decoded text (Scrapy response.text)" if input_name == "text" else "raw bytes"
        print(header(f"input: {what}"))
        base = next((r for r in chosen if r.extractor == BASELINE), None)
        for run in chosen:
            mean, spread, _ = _summaries(run, fold_of, k)
            means[run.label] = mean
            ratio = (mean.pages_per_s * base.seconds / len(base.scores)) if base and base.seconds else None
            print(row(run.label, mean, (_fmt(mean.pages_per_s, 1), _fmt(ratio, 2) + "×" if ratio else "—",
                                        str(mean.raised))))
            print(spread_row(spread))
    return means


def _what(input_name: str) -> str:
    return "decoded text" if input_name == "text" else "raw bytes"


def print_folds(runs: list[Run], fold_of: dict[str, int], k: int, folds_publishers: dict[int, int]) -> None:
    chosen = [r for r in runs if r.input == runs[0].input and not r.ablation]
    normalise = next((r for r in chosen if r.extractor == "normalise"), None)
    print()
    print(f"Per fold ({_what(runs[0].input)}): body F1 of every extractor; normalise's other fields")
    names = [r.extractor for r in chosen]
    head = f"{'fold':<6}{'pubs':>5}{'pages':>6}" + "".join(f"{n[:16]:>18}" for n in names)
    extra = ("title =", "day", "minute", "authors", "links R") if normalise else ()
    print(head + "".join(f"{c:>9}" for c in extra))
    per_run = {r.extractor: per_fold(r.scores, fold_of, k) for r in chosen}
    for fold in range(k):
        first = per_run[names[0]][fold]
        line = f"{fold:<6}{folds_publishers.get(fold, 0):>5}{first.pages:>6}"
        line += "".join(f"{_fmt(per_run[n][fold].body_f1):>18}" for n in names)
        if normalise:
            s = per_run["normalise"][fold]
            line += "".join(f"{_fmt(v):>9}" for v in (s.title_exact, s.day, s.minute, s.authors_f1, s.links_r))
        print(line)


def print_languages(runs: list[Run]) -> None:
    chosen = [r for r in runs if r.input == runs[0].input and not r.ablation]
    normalise = next((r for r in chosen if r.extractor == "normalise"), None)
    by_run: dict[str, dict[str, Summary]] = {}
    for run in chosen:
        groups: dict[str, list[PageScore]] = defaultdict(list)
        for score in run.scores:
            groups[score.language].append(score)
        by_run[run.extractor] = {lang: summarise(g) for lang, g in groups.items()}
    langs = sorted(next(iter(by_run.values())), key=lambda lang: (-next(iter(by_run.values()))[lang].pages, lang))
    print()
    print(f"By language ({_what(runs[0].input)}, all pages of the language): body F1 of every extractor; normalise's "
          "other fields")
    names = [r.extractor for r in chosen]
    extra = ("title =", "day", "minute", "authors", "lang", "links R") if normalise else ()
    print(f"{'lang':<6}{'pages':>6}" + "".join(f"{n[:16]:>18}" for n in names) + "".join(f"{c:>9}" for c in extra))
    for lang in langs:
        line = f"{lang:<6}{by_run[names[0]][lang].pages:>6}"
        line += "".join(f"{_fmt(by_run[n][lang].body_f1):>18}" for n in names)
        if normalise:
            s = by_run["normalise"][lang]
            line += "".join(f"{_fmt(v):>9}" for v in (s.title_exact, s.day, s.minute, s.authors_f1, s.language,
                                                      s.links_r))
        print(line)


def print_targets(means: dict[str, Summary], runs: list[Run]) -> dict[str, bool]:
    """The issue's targets on held-out figures, decoded text, baselines from this run."""
    ours = means.get("normalise [text]")
    if ours is None:
        return {}
    trafs = [means[label] for label in ("trafilatura [text]", "trafilatura precision [text]") if label in means]
    checks: list[tuple[str, str, bool]] = []
    if trafs:
        best = max(s.body_f1 for s in trafs)
        checks.append(("body F1", f"{ours.body_f1:.3f} vs better trafilatura {best:.3f} + {MARGIN}",
                       ours.body_f1 >= best + MARGIN))
    for key, target in TARGETS.items():
        value = getattr(ours, key)
        label = dict((v, n) for n, v in FIELDS)[key]
        note = f" on {ours.links_pages} labelled pages" if key == "links_r" else ""
        ok = value is not None and value >= target and (key != "links_r" or ours.links_pages >= MIN_LINK_PAGES)
        checks.append((label, f"{_fmt(value)} (target ≥ {target}{note})", ok))
    checks.append(("raised", f"{ours.raised} pages (target 0)", ours.raised == 0))
    text_runs = {r.extractor: r for r in runs if r.input == "text" and not r.ablation}
    if BASELINE in text_runs and "normalise" in text_runs and text_runs["normalise"].seconds:
        ratio = text_runs[BASELINE].seconds / text_runs["normalise"].seconds
        checks.append(("speed", f"{ratio:.3f}× trafilatura default on the same text (target ≥ {SPEED_TARGET}×)",
                       ratio >= SPEED_TARGET))
    print()
    print("Targets (issue 12; held-out, decoded text, baselines from this run):")
    for name, text, ok in checks:
        print(f"  {'met ' if ok else 'MISS'}  {name:<9} {text}")
    return {name: ok for name, _, ok in checks}


NOISE = 0.00005
"""A held-out change smaller than this is no change (rounding of equal scores)."""
ABLATION_FIELDS = (("body F1", "body_f1"), ("title =", "title_exact"), ("day", "day"), ("minute", "minute"),
                   ("authors", "authors_f1"), ("links R", "links_r"))


def print_ablations(runs: list[Run], fold_of: dict[str, int], k: int) -> dict[str, Any]:
    """Held-out change of switching each rule off: per fold (for the figure the rule is for) and
    the mean over folds of every field."""
    full = next(r for r in runs if r.extractor == "normalise" and not r.ablation)
    full_folds = per_fold(full.scores, fold_of, k)
    full_mean, _ = held_out(full_folds)
    short = {key: name for name, key in ABLATION_FIELDS}
    out: dict[str, Any] = {}
    print()
    print(f"Ablations ({full.input} input): held-out change when the rule is switched off "
          "(negative = the rule raises the figure)")
    print(f"{'rule off':<15}{'figure':>9}" + "".join(f"{'fold ' + str(f):>8}" for f in range(k))
          + "".join(f"{'Δ ' + n:>10}" for n, _ in ABLATION_FIELDS) + "  verdict")
    for run in (r for r in runs if r.ablation):
        field = ABLATIONS[run.ablation].field
        folds = per_fold(run.scores, fold_of, k)
        mean, _ = held_out(folds)
        per_fold_delta = [None if getattr(f, field) is None or getattr(g, field) is None
                          else getattr(f, field) - getattr(g, field) for f, g in zip(folds, full_folds, strict=True)]
        deltas = {key: (None if getattr(mean, key) is None or getattr(full_mean, key) is None
                        else getattr(mean, key) - getattr(full_mean, key)) for _, key in ABLATION_FIELDS}
        helped = sum(1 for d in per_fold_delta if d is not None and d < -NOISE)
        hurt = sum(1 for d in per_fold_delta if d is not None and d > NOISE)
        raises = [short[key] for key, d in deltas.items() if d is not None and d < -NOISE]
        lowers = [short[key] for key, d in deltas.items() if d is not None and d > NOISE]
        verdict = (f"raises {', '.join(raises)} (better in {helped}/{k} folds, worse in {hurt})" if raises
                   else "raises no held-out figure")
        if lowers:
            verdict += f"; lowers {', '.join(lowers)}"
        print(f"{run.ablation:<15}{short[field]:>9}"
              + "".join(f"{'—' if d is None else f'{d:+.3f}':>8}" for d in per_fold_delta)
              + "".join(f"{'—' if d is None else f'{d:+.4f}':>10}" for d in deltas.values()) + f"  {verdict}")
        out[run.ablation] = {"field": field, "per_fold": per_fold_delta, "mean": deltas, "raised": mean.raised}
    return out


# ---------------------------------------------------------------- main
def write_folds(pages: list[DevPage], path: Path, k: int = 5) -> int:
    """Add the dev set's publishers missing from the fold file (by `fold_rule`); existing entries
    never move. Returns how many were added."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {
        "k": k, "rule": "fold = int(sha256(publisher name, UTF-8).hexdigest(), 16) % k", "publishers": {}}
    added = 0
    for page in pages:
        publisher = page.expected.get("publisher") or "?"
        if publisher not in data["publishers"]:
            data["publishers"][publisher] = fold_rule(publisher, int(data["k"]))
            added += 1
    data["publishers"] = dict(sorted(data["publishers"].items()))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return added


def _plan(args: argparse.Namespace) -> list[Run]:
    inputs = ["text", "bytes"] if args.input == "both" else [args.input]
    names = args.only or (["normalise"] if args.ablate else list(EXTRACTORS))
    runs = [Run(name, input_name) for input_name in inputs for name in names
            if input_name == "text" or name in BYTES_EXTRACTORS]
    for rule in args.ablate or []:
        runs.append(Run("normalise", inputs[0], ablation=rule))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="dev set folder (default: $ATTACHE_DEVSET or ../shared/data/devset)")
    parser.add_argument("--input", choices=("text", "bytes", "both"), default="both",
                        help="decoded text (as Scrapy's response.text), raw bytes, or both (default)")
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS), help="run these extractors only")
    parser.add_argument("--ablate", action="append", metavar="RULE",
                        help="switch one normalise() rule off and compare held out (repeatable, or 'all'; "
                             f"one input: text unless --input bytes): {', '.join(ABLATIONS)}")
    parser.add_argument("--save", help="write the results as JSON to this file")
    parser.add_argument("--compare", help="print the held-out rows of an earlier --save file under this run's")
    parser.add_argument("--write-folds", action="store_true",
                        help=f"add the dev set's publishers missing from {FOLDS_FILE.name} (existing ones never move)")
    args = parser.parse_args(argv)

    if args.ablate == ["all"]:
        args.ablate = list(ABLATIONS)
    for rule in args.ablate or []:
        if rule not in ABLATIONS:
            print(f"bench-extract: unknown rule {rule!r} for --ablate; known: {', '.join(ABLATIONS)}",
                  file=sys.stderr)
            return 2
        problem = check_ablation(ABLATIONS[rule])
        if problem:
            print(f"bench-extract: --ablate {rule}: {problem}", file=sys.stderr)
            return 2
    if args.ablate:
        args.input = "text" if args.input == "both" else args.input
        args.only = sorted(set(args.only or []) | {"normalise"})
    try:
        pages = list(iter_devset(args.devset))
    except (OSError, ValueError) as exc:
        print(f"bench-extract: cannot read the dev set: {exc}", file=sys.stderr)
        return 2
    if not pages:
        print(f"bench-extract: no pages found in {args.devset or 'the default dev set folder'}", file=sys.stderr)
        return 2
    if args.write_folds:
        added = write_folds(pages, FOLDS_FILE)
        print(f"bench-extract: {added} publishers added to {FOLDS_FILE}")
    try:
        k, folds = load_folds()
        fold_of = fold_of_pages(pages, folds)
        links = load_link_labels()
    except (OSError, ValueError) as exc:
        print(f"bench-extract: {exc}", file=sys.stderr)
        return 2

    runs = _plan(args)
    measure(runs, pages, links)
    used = {p.expected.get("publisher") for p in pages}
    fold_pubs: dict[int, int] = defaultdict(int)
    for publisher in used:
        fold_pubs[folds[publisher or "?"]] += 1
    means = print_main(runs, fold_of, k, len(used))
    print_folds(runs, fold_of, k, fold_pubs)
    if not args.ablate:
        print_languages(runs)
    targets = print_targets(means, runs)
    ablations = print_ablations(runs, fold_of, k) if args.ablate else {}
    for run in runs:
        for score in run.scores:
            if score.raised:
                print(f"raised: {run.label}: {score.name}: {score.raised}")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        known = {f.name for f in dataclasses.fields(Summary)}
        print()
        print(header("earlier run (--compare)", ()))
        for label, data in old.get("held_out", {}).items():
            print(row(label, Summary(**{key: v for key, v in data.items() if key in known})))
    if args.save:
        results = {
            "date": datetime.now(UTC).isoformat(), "pages": len(pages), "k": k,
            "held_out": {label: dataclasses.asdict(s) for label, s in means.items()},
            "targets": targets, "ablations": ablations,
            "runs": {run.label: {"seconds": run.seconds, "pages": [dataclasses.asdict(s) for s in run.scores],
                                 "records": run.records} for run in runs},
        }
        Path(args.save).parent.mkdir(parents=True, exist_ok=True)
        Path(args.save).write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"saved {args.save}")
    return 0


def quiet() -> None:
    """Only the table on the terminal: the extractors' own warnings about hostile pages go (run as a
    program only; `main()` called in-process leaves the caller's logging alone)."""
    logging.basicConfig(level=logging.ERROR)
    for name in ("trafilatura", "htmldate", "readability", "scraper"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")


if __name__ == "__main__":
    quiet()
    sys.exit(main())
