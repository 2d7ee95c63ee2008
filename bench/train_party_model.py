"""Train the learned party decision (`scraper/tagging/party_model.py`) on the tuning reports and judge it by
leave-one-batch-out (LOBO) cross-validation, beside the rules alone.

Only the tuning reports are read (`bench_tagging.load_reports()`, split "tuning"; their batches are `set`); held-out
reports are never loaded here. For every cooperation item the rules decide, each candidate country is one example:
label 1 when it is a labelled party of a labelled cooperation report. Logistic regression with an L2 penalty, fitted by
Newton's method (deterministic: the same labels give the same weights to the last digit kept).

    .venv/bin/python -m bench.train_party_model            # LOBO table and grid, no file written
    .venv/bin/python -m bench.train_party_model --write    # also train on all tuning and write data/party_model.json
    .venv/bin/python -m bench.train_party_model --check    # exit 1 unless the committed file is what training gives
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.bench_tagging import load_reports, prf, published_of
from bench.logistic_training import fit, probabilities, render
from scraper.tagging.data_files import DATA_DIR
from scraper.tagging.party_model import FEATURE_NAMES, MODEL_FILE, never_vetoed, party_features
from scraper.tagging.record import RuleReading, read_rules

L2 = 10.0
"""Penalty on the standardised weights (chosen by LOBO, see `GRID`)."""
VETO = 0.2
PROMOTE = 0.8
"""Decision thresholds (chosen by LOBO): a rule party below `VETO` is dropped, another candidate from `PROMOTE`
added."""
GRID = {"l2": (0.3, 1.0, 3.0, 10.0, 30.0), "veto": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6), "promote": (0.6, 0.8, 1.01)}
"""Searched by `--grid` (promote 1.01: veto only)."""


@dataclass
class Item:
    """One tuning report as the rules read it: their decision and one feature row per candidate."""

    batch: str
    gold: set[str]
    decided: bool
    rule: set[str]
    """The rules' parties (would-be ones when the rules do not decide cooperation)."""
    codes: list[str]
    rows: list[list[float]]


def item_of(report: dict, reading: RuleReading, decided: bool) -> Item:
    """One tuning report's party item: a feature row per candidate of an article with a kind (`reading.party`),
    `decided` the cooperation decision its parties are judged under."""
    gold = set(report["parties"]) if report["cooperation"] else set()
    rows = party_features(reading.party) if reading.party is not None else []
    return Item(report["set"], gold, decided, set(reading.party.parties) if reading.party else set(),
                [c for c, _ in rows], [r for _, r in rows])


def tuning_readings(reports: Sequence[dict], would_be: bool = False) -> Iterator[tuple[dict, RuleReading]]:
    """Each tuning report (never a held-out one) with the rules' reading of it, read with the arguments
    `bench_tagging.ours` gives `tag_record` (`would_be`: see `read_rules`)."""
    for report in reports:
        if report["split"] == "tuning":
            yield report, read_rules(report["title"], report["text"], report["lang"], report.get("publisher_country"),
                                     published_of(report, False), would_be=would_be)


def read_items(reports: Sequence[dict]) -> list[Item]:
    """The rules' reading of every tuning report as a party item."""
    return [item_of(report, reading, reading.decided) for report, reading in tuning_readings(reports)]


def _training(items: Sequence[Item]) -> tuple[np.ndarray, np.ndarray]:
    """The candidates of the cooperation items (those decided) and their labels."""
    rows = [r for i in items if i.decided for r in i.rows]
    labels = [float(c in i.gold) for i in items if i.decided for c in i.codes]
    return np.asarray(rows, dtype=float), np.asarray(labels)


def decide(item: Item, probs: Sequence[float], veto: float, promote: float) -> set[str]:
    """`PartyModel.decide` on one item's probabilities (with its `never_vetoed` rule parties)."""
    return {c for c, p, row in zip(item.codes, probs, item.rows, strict=True)
            if (c in item.rule and (p >= veto or never_vetoed(row))) or (c not in item.rule and p >= promote)}


def scores(items: Sequence[Item], predicted: Sequence[set[str]]) -> dict[str, float]:
    """Parties P/R/F1 (micro, as bench_tagging) and distinct pair feeds made / labelled / P / R."""
    tp = sum(len(p & i.gold) for p, i in zip(predicted, items, strict=True))
    fp = sum(len(p - i.gold) for p, i in zip(predicted, items, strict=True))
    fn = sum(len(i.gold - p) for p, i in zip(predicted, items, strict=True))
    made = {pair for p in predicted for pair in itertools.combinations(sorted(p), 2)}
    gold = {pair for i in items for pair in itertools.combinations(sorted(i.gold), 2)}
    pp, pr, _ = prf(len(made & gold), len(made - gold), len(gold - made))
    p, r, f = prf(tp, fp, fn)
    return {"P": p, "R": r, "F1": f, "made": len(made), "labelled": len(gold), "pair P": pp, "pair R": pr}


def lobo(items: Sequence[Item], l2: float) -> dict[str, list[list[float]]]:
    """Per batch: the candidates' probabilities from a model trained on the other batches."""
    out = {}
    for batch in dict.fromkeys(i.batch for i in items):
        x, y = _training([i for i in items if i.batch != batch])
        model = fit(x, y, l2)
        out[batch] = [probabilities(model, i.rows) for i in items if i.batch == batch]
    return out


def _predicted(items: Sequence[Item], probs: dict[str, list[list[float]]], veto: float,
               promote: float) -> list[set[str]]:
    cursor = dict.fromkeys(probs, 0)
    result = []
    for item in items:
        p = probs[item.batch][cursor[item.batch]]
        cursor[item.batch] += 1
        result.append(decide(item, p, veto, promote) if item.decided else set())
    return result


def _line(label: str, s: dict[str, float]) -> str:
    return (f"{label:<14} | {s['P']:.3f} {s['R']:.3f} {s['F1']:.3f} | {s['made']:>4} / {s['labelled']:<4} "
            f"({s['made'] / max(s['labelled'], 1):.2f}x) P {s['pair P']:.3f} R {s['pair R']:.3f}")


def table(items: Sequence[Item], probs: dict[str, list[list[float]]], veto: float, promote: float) -> list[str]:
    """Per-batch and pooled LOBO figures, rules alone beside rules + model."""
    rules = [i.rule if i.decided else set() for i in items]
    model = _predicted(items, probs, veto, promote)
    lines = [f"{'':<14} | rules alone: parties P R F1 | pair feeds made / labelled, P R || rules + model: the same",
             f"{'batch':<14} | {'P':>5} {'R':>5} {'F1':>5} | pair feeds{'':<24} || {'P':>5} {'R':>5} {'F1':>5} | "
             f"pair feeds"]
    for batch in [*dict.fromkeys(i.batch for i in items), "pooled"]:
        keep = [n for n, i in enumerate(items) if batch in ("pooled", i.batch)]
        part = [items[n] for n in keep]
        a = scores(part, [rules[n] for n in keep])
        b = scores(part, [model[n] for n in keep])
        lines.append(_line(batch, a) + " || " + _line("", b)[17:])
        if batch == "pooled":
            lines.append(f"{'pooled (4 d.)':<14} | F1 {a['F1']:.4f}, pair P {a['pair P']:.4f} || F1 {b['F1']:.4f}, "
                         f"pair P {b['pair P']:.4f}")
    return lines


def grid(items: Sequence[Item]) -> list[tuple[float, float, float, dict[str, float]]]:
    """Pooled LOBO figures of every (l2, veto, promote) of `GRID`."""
    found = []
    for l2 in GRID["l2"]:
        probs = lobo(items, l2)
        for veto, promote in itertools.product(GRID["veto"], GRID["promote"]):
            found.append((l2, veto, promote, scores(items, _predicted(items, probs, veto, promote))))
    return found


def train(items: Sequence[Item]) -> dict[str, object]:
    """The shipped model: fitted on every tuning report with `L2`, thresholds `VETO` and `PROMOTE`."""
    x, y = _training(items)
    model = fit(x, y, L2)
    return {"about": "Learned party decision (scraper/tagging/party_model.py), written by "
                     "bench/train_party_model.py --write from the tuning reports; do not edit by hand.",
            "features": list(FEATURE_NAMES), "examples": len(y), "positives": int(y.sum()), "l2": L2,
            "veto": VETO, "promote": PROMOTE, "bias": model["bias"], "mean": model["mean"],
            "scale": model["scale"], "weights": model["weights"]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write scraper/tagging/data/{MODEL_FILE}")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the committed file is reproduced")
    parser.add_argument("--grid", action="store_true", help="print the pooled LOBO figures of the whole grid")
    args = parser.parse_args(argv)
    items = read_items(load_reports())
    path = Path(str(DATA_DIR / MODEL_FILE))
    if args.check:
        same = path.exists() and path.read_text(encoding="utf-8") == render(train(items))
        print(f"{path}: {'reproduced' if same else 'DIFFERS from training on the committed labels'}")
        return 0 if same else 1
    examples = sum(len(i.codes) for i in items)
    print(f"tuning reports {len(items)}, decided cooperation {sum(i.decided for i in items)}, candidate examples "
          f"{examples}, features {len(FEATURE_NAMES)}")
    if args.grid:
        for l2, veto, promote, s in grid(items):
            print(f"l2 {l2:<5} veto {veto:<4} promote {promote:<4} " + _line("", s)[15:])
    print(f"\nLOBO (train on the other batches), l2 {L2}, veto {VETO}, promote {PROMOTE}:")
    print("\n".join(table(items, lobo(items, L2), VETO, PROMOTE)))
    if args.write:
        path.write_text(render(train(items)), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
