"""The learned party decisions tried beside the shipped one and not kept, each judged by the same leave-one-batch-out
cross-validation on the tuning reports as `bench/train_party_model.py` (held-out reports are never read).

Variants: the regression without the "no role" products (the first feature set), with the language, with pairwise
products of 13 evidence features, with the cue-category weights of `cue_scores`, without the rules' decision and flags
(evidence only: parties = probability >= t), and gradient-boosted trees (numpy, depth 2-3) on the shipped features.
Each prints its best pooled settings beside the rules alone (docs/tagging.md, "Learned party decision").

    .venv/bin/python -m bench.party_model_variants [--trees]
"""

from __future__ import annotations

import argparse
import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

from bench import train_party_model as train
from bench.bench_tagging import load_reports
from scraper.tagging.cooperation import cue_scores
from scraper.tagging.party_model import FEATURE_NAMES

NO_ROLE = ("rule_party_x_organisations", "rule_party_x_implied", "no_role", "no_role_x_organisations",
           "no_role_x_title", "no_role_x_lead", "no_role_x_rule_party", "no_role_x_organisations_x_rule_party")
RULE_FEATURES = ("rule_party", "rule_party_x_publisher", "rule_party_x_three", "rule_party_x_headline",
                 "third_or_later_party", "promoted", "n_rule_parties", "about_others", "others_wire", "own_activity",
                 "own_drill", "score_party_min")
PRODUCT_FEATURES = ("title_full", "lead", "actor", "counterpart", "paired", "implied", "publisher", "n_headline",
                    "kind_multilateral", "cooperation_score", "contributor", "score_share", "rank")
THRESHOLDS = [(v, p) for v in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6) for p in (0.6, 0.8, 1.01)]
SAME = [(t, t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)]
"""Evidence only: one threshold, for rule parties and others alike."""


def _without(items: Sequence[train.Item], names: Sequence[str]) -> list[train.Item]:
    keep = [n for n, name in enumerate(FEATURE_NAMES) if name not in names]
    return [train.Item(i.batch, i.gold, i.decided, i.rule, i.codes, [[r[k] for k in keep] for r in i.rows])
            for i in items]


def _extended(items: Sequence[train.Item], extra: Callable[[int, list[float]], list[float]]) -> list[train.Item]:
    return [train.Item(i.batch, i.gold, i.decided, i.rule, i.codes, [r + extra(n, r) for r in i.rows])
            for n, i in enumerate(items)]


def _best(label: str, items: Sequence[train.Item], probs: dict, thresholds: Sequence[tuple[float, float]]) -> str:
    found = [(train.scores(items, train._predicted(items, probs, v, p)), v, p) for v, p in thresholds]
    s, v, p = max(found, key=lambda f: (round(f[0]["F1"], 4), f[0]["pair P"]))
    return (f"{label:<52} best F1 at veto {v} promote {p}: P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.4f} | "
            f"pair feeds {s['made']} / {s['labelled']} P {s['pair P']:.4f}")


# ---------------------------------------------------------------- gradient-boosted trees

def _split(x: np.ndarray, g: np.ndarray, h: np.ndarray, idx: np.ndarray, lam: float = 1.0, min_h: float = 2.0):
    total_g, total_h = g[idx].sum(), h[idx].sum()
    base, best = total_g * total_g / (total_h + lam), (0.0, None, None)
    for f in range(x.shape[1]):
        order = np.argsort(x[idx, f], kind="stable")
        xs = x[idx, f][order]
        gl, hl = np.cumsum(g[idx][order]), np.cumsum(h[idx][order])
        cut = np.nonzero(xs[1:] != xs[:-1])[0]
        if not len(cut):
            continue
        gl, hl = gl[cut], hl[cut]
        ok = (hl >= min_h) & (total_h - hl >= min_h)
        gain = np.where(ok, gl * gl / (hl + lam) + (total_g - gl) ** 2 / (total_h - hl + lam) - base, -1.0)
        k = int(np.argmax(gain))
        if gain[k] > best[0]:
            best = (gain[k], f, (xs[cut[k]] + xs[cut[k] + 1]) / 2)
    return best


def _tree(x, g, h, idx, depth, lam=1.0):
    _gain, f, threshold = _split(x, g, h, idx, lam) if depth else (0.0, None, None)
    if f is None:
        return ("leaf", -g[idx].sum() / (h[idx].sum() + lam))
    return ("split", f, threshold, _tree(x, g, h, idx[x[idx, f] <= threshold], depth - 1, lam),
            _tree(x, g, h, idx[x[idx, f] > threshold], depth - 1, lam))


def _predict(tree, x: np.ndarray) -> np.ndarray:
    if tree[0] == "leaf":
        return np.full(len(x), tree[1])
    _kind, f, threshold, left, right = tree
    out, mask = np.empty(len(x)), x[:, f] <= threshold
    out[mask], out[~mask] = _predict(left, x[mask]), _predict(right, x[~mask])
    return out


def _boosted_lobo(items: Sequence[train.Item], rounds: int, rate: float, depth: int) -> dict:
    out = {}
    for batch in dict.fromkeys(i.batch for i in items):
        x, y = train._training([i for i in items if i.batch != batch])
        margin, trees = np.zeros(len(y)), []
        for _ in range(rounds):
            p = 1 / (1 + np.exp(-margin))
            tree = _tree(x, p - y, np.maximum(p * (1 - p), 1e-6), np.arange(len(y)), depth)
            trees.append(tree)
            margin += rate * _predict(tree, x)
        out[batch] = [(1 / (1 + np.exp(-sum(rate * _predict(t, np.asarray(i.rows)) for t in trees)))).tolist()
                      if i.rows else [] for i in items if i.batch == batch]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", action="store_true", help="also the gradient-boosted trees (about a minute)")
    args = parser.parse_args(argv)
    reports = load_reports()
    tuning = [r for r in reports if r["split"] == "tuning"]
    items = train.read_items(reports)
    rules = train.scores(items, [i.rule if i.decided else set() for i in items])
    print(f"{'rules alone':<52} P {rules['P']:.3f} R {rules['R']:.3f} F1 {rules['F1']:.4f} | pair feeds "
          f"{rules['made']} / {rules['labelled']} P {rules['pair P']:.4f}")
    languages = sorted({r["lang"] for r in tuning})
    categories = sorted({c for r in tuning for c in cue_scores(r["title"], r["text"])})
    cues = [cue_scores(r["title"], r["text"]) for r in tuning]
    first = _without(items, NO_ROLE)
    index = [FEATURE_NAMES.index(n) for n in PRODUCT_FEATURES]
    variants = {
        "shipped features": (items, THRESHOLDS),
        "without the no-role products (53 features)": (first, THRESHOLDS),
        "53 + language": (_extended(first, lambda n, _r: [float(tuning[n]["lang"] == lang) for lang in languages]),
                          THRESHOLDS),
        "53 + 78 pairwise products": (_extended(first, lambda _n, r: [r[a] * r[b] for a, b in
                                                                      itertools.combinations(index, 2)]), THRESHOLDS),
        "53 + cue-category weights": (_extended(first, lambda n, _r: [math.log1p(max(cues[n].get(c, 0.0), 0.0))
                                                                      for c in categories]), THRESHOLDS),
        "evidence only (no rule decision, no flags)": (_without(items, NO_ROLE + RULE_FEATURES), SAME),
    }
    for label, (part, thresholds) in variants.items():
        for l2 in (1.0, 10.0, 100.0):
            print(_best(f"{label}, l2 {l2}", part, train.lobo(part, l2), thresholds))
    if args.trees:
        for rounds, rate, depth in ((50, 0.1, 2), (100, 0.1, 3), (200, 0.05, 2)):
            print(_best(f"boosted trees {rounds} x {rate}, depth {depth}", items,
                        _boosted_lobo(items, rounds, rate, depth), THRESHOLDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
