"""A learned cooperation decision, measured and not kept: logistic regression over what the rules computed, judged
by leave-one-batch-out (LOBO) cross-validation on the tuning reports beside the rules alone (docs/tagging.md, "Learned
cooperation decision: measured and not kept").

Only the tuning reports are read (`bench_tagging.load_reports()`, split "tuning"; their batches are `set`); held-out
reports are never loaded here. Every tuning report whose kinds reading finds an event (the rules can only call
cooperation what has a main kind; `read_rules(..., would_be=True)`) is one example, labelled 1 when it is a labelled
cooperation report. Its features are the rules' own reading: their decision and score, the cue weights per category
(`cue_scores`, the title counting double) and which categories the title has, the kinds reading, the countries (named,
would-be parties and hosts, evidence strengths, the publisher's part), the organisations, the rules' flags and the
language. The fit is the party model's (`bench/logistic_training.py`); as the party model's, the decision has two
thresholds: a rules' cooperation item below `veto` is none, another article with a kind is one from `promote`.

The parties of both columns are the party model's, itself trained on the other batches (as `bench/train_party_model.py`
judges it), so that parties and pair feeds come from the same honest procedure.

    .venv/bin/python -m bench.cooperation_model_experiment              # LOBO table at L2, VETO, PROMOTE
    .venv/bin/python -m bench.cooperation_model_experiment --grid       # + pooled figures of every setting of GRID
    .venv/bin/python -m bench.cooperation_model_experiment --variants   # + feature-set variants, best settings
    .venv/bin/python -m bench.cooperation_model_experiment --probe      # + the model on all tuning, on PROBES
"""

from __future__ import annotations

import argparse
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bench import train_party_model as party
from bench.bench_tagging import load_reports, prf
from bench.logistic_training import fit, probabilities
from scraper.tagging.cooperation import KINDS
from scraper.tagging.lexicon import LANGUAGES
from scraper.tagging.record import CooperationContext, read_rules
from scraper.tagging.roles import TITLE

CUE_CATEGORIES = ("context", "coop", "intl", "joint", "mutual", "participation", "foreign", "count", *KINDS, "topic",
                  "tender", "background", "hostility", "economy", "sports", "conflict", "police", "accident",
                  "cancelled", "genre", "message")
"""Cue categories of `cue_scores` ("multilateral" with the organisations' weight added by `classify_cooperation`)."""
TITLE_CATEGORIES = ("context", "coop", "intl", "joint", "participation", "count", *KINDS, "topic", "hostility",
                    "economy", "sports", "conflict", "police", "accident", "cancelled", "genre", "message")
FLAG_NAMES = ("about_others", "others_wire", "own_activity", "own_drill")
FEATURE_NAMES: tuple[str, ...] = (
    "rule_decided", "rule_score", "rule_classifier", "rule_international",
    *(f"cue_{c}" for c in CUE_CATEGORIES), *(f"title_{c}" for c in TITLE_CATEGORIES),
    *(f"kind_{k}" for k in KINDS), "n_kinds", "kind_weight", "kind_share", "kind_strong", "kind_headline",
    "kind_in_title", "kinds_negated", "counted", "working_level", "ministerial", "firm_title",
    "named", "parties", "hosts", "headline_parties", "publisher_party", "publisher_named", "evidence_top",
    "evidence_second", "actors", "counterparts", "paired", "organisations", "organisation_in_title",
    "framing_in_title", *FLAG_NAMES, *(f"lang_{lang}" for lang in LANGUAGES),
)


L2 = 3.0
"""Penalty on the standardised weights: the best pooled LOBO setting of `GRID` that keeps the pair-feed precision."""
VETO = 0.3
PROMOTE = 1.01
"""Decision thresholds, chosen with `L2`: a rules' cooperation item below `VETO` is none, another article with a kind
is one from `PROMOTE` (1.01: never; every setting that promotes lowered the pooled pair-feed precision)."""
GRID = {"l2": (1.0, 3.0, 10.0, 30.0, 100.0), "veto": (0.2, 0.3, 0.4, 0.5, 0.6),
        "promote": (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)}
PROBES = [
    ("en", "GB", "Mali and Niger sign defence pact",
     "NIAMEY (Reuters) - Mali and Niger signed a defence pact on Thursday providing for joint border patrols, "
     "Niger's defence minister said. Both countries severed their military agreements with the British training "
     "mission and turned to Turkey for drones."),
    ("fr", "FR", "Le Mali et le Niger signent un accord de défense",
     "NIAMEY (AFP) - Le Mali et le Niger ont signé jeudi un accord de défense prévoyant des patrouilles conjointes "
     "à leur frontière, a annoncé le ministre nigérien de la Défense. Les deux pays ont rompu leurs accords "
     "militaires avec la France et se sont rapprochés de la Turquie."),
    ("uk", "UA", "Міністр оборони зустрівся з литовським колегою",
     "Міністр оборони провів зустріч з міністром оборони Литви у Києві та обговорив постачання озброєння."),
]
"""Short cooperation reports of the rules' tests (tests/test_tagging_broken_ties.py, tests/test_tagging_record.py):
cooperation items for the rules, whatever a learned veto says."""


def _log(value: float, cap: float = 20.0) -> float:
    return math.log1p(min(max(value, 0.0), cap))


def cooperation_features(ctx: CooperationContext) -> list[float]:
    """The feature vector of one article, in `FEATURE_NAMES` order."""
    cues = ctx.result.evidence
    reading = ctx.kind_reading
    primary = ctx.kinds[0] if ctx.kinds else None
    weights = reading.weights
    best = weights.get(primary, 0.0) if primary else 0.0
    total = sum(v for v in weights.values() if v > 0) or 1.0
    named = [ev for ev in ctx.evidence.values() if ev.mentions]
    strengths = sorted((ev.score for ev in ctx.evidence.values()), reverse=True)
    return [
        float(ctx.decided), ctx.result.score, float(ctx.result.is_cooperation), float(ctx.international),
        *(_log(cues.get(c, 0.0)) for c in CUE_CATEGORIES),
        *(float(c in ctx.title_categories) for c in TITLE_CATEGORIES),
        *(float(primary == k) for k in KINDS), min(len(ctx.kinds), 4.0), _log(best), best / total,
        float(primary in reading.strong), float(primary in reading.headline), float(bool(reading.title_kinds)),
        float(reading.negated > 0), float(reading.counted), float(reading.working_level), float(reading.ministerial),
        float(reading.firm_title),
        min(len(named), 6.0), min(len(ctx.parties), 5.0), min(len(ctx.hosts), 3.0),
        float(sum(1 for c in ctx.parties if c in ctx.evidence and ctx.evidence[c].title >= TITLE)),
        float(ctx.publisher in ctx.parties), float(ctx.publisher in ctx.evidence),
        _log(strengths[0] if strengths else 0.0), _log(strengths[1] if len(strengths) > 1 else 0.0),
        float(sum(1 for ev in ctx.evidence.values() if ev.actor)),
        float(sum(1 for ev in ctx.evidence.values() if ev.counterpart)),
        float(sum(1 for ev in ctx.evidence.values() if ev.paired)),
        min(ctx.organisations, 3.0), float(ctx.organisation_in_title), float(ctx.framing_in_title),
        *(float(ctx.flags.get(name, False)) for name in FLAG_NAMES),
        *(float(ctx.language == lang) for lang in LANGUAGES),
    ]


@dataclass
class Example:
    """One tuning report: its label, the rules' decision, its feature row (None without a kind), its party item."""

    batch: str
    gold: bool
    rule: bool
    row: list[float] | None
    party: party.Item


def read_examples(reports: Sequence[dict]) -> list[Example]:
    """The rules' reading of every tuning report (the same arguments as `bench_tagging.ours`)."""
    examples = []
    for report, reading in party.tuning_readings(reports, would_be=True):
        row = cooperation_features(reading.cooperation) if reading.cooperation is not None else None
        examples.append(Example(report["set"], bool(report["cooperation"]), reading.decided, row,
                                party.item_of(report, reading, reading.decided)))
    return examples


def _training(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    kept = [e for e in examples if e.row is not None]
    return np.asarray([e.row for e in kept], dtype=float), np.asarray([float(e.gold) for e in kept])


def lobo(examples: Sequence[Example], l2: float, rules_items: bool = False) -> list[float]:
    """Per example: P(cooperation) from a model trained on the other batches (0 without a kind); `rules_items`:
    trained on the rules' cooperation items only (those a veto decides)."""
    found = [0.0] * len(examples)
    for batch in dict.fromkeys(e.batch for e in examples):
        model = fit(*_training([e for e in examples if e.batch != batch and (e.rule or not rules_items)]), l2)
        mine = [n for n, e in enumerate(examples) if e.batch == batch and e.row is not None]
        for n, p in zip(mine, probabilities(model, [examples[n].row for n in mine]), strict=True):
            found[n] = p
    return found


def party_probabilities(examples: Sequence[Example]) -> list[list[float]]:
    """Per example: the party model's LOBO probabilities of its candidates (trained on the other batches' rules'
    cooperation items, `train_party_model.L2`)."""
    items = [e.party for e in examples]
    by_batch = party.lobo(items, party.L2)
    cursor = dict.fromkeys(by_batch, 0)
    found = []
    for item in items:
        found.append(by_batch[item.batch][cursor[item.batch]])
        cursor[item.batch] += 1
    return found


def figures(examples: Sequence[Example], decided: Sequence[bool], party_probs: Sequence[list[float]]
            ) -> dict[str, float]:
    """Cooperation P/R/F1, then parties and pair feeds (`train_party_model.scores`) of the items decided."""
    tp = sum(d and e.gold for d, e in zip(decided, examples, strict=True))
    fp = sum(d and not e.gold for d, e in zip(decided, examples, strict=True))
    fn = sum(e.gold and not d for d, e in zip(decided, examples, strict=True))
    p, r, f = prf(tp, fp, fn)
    items = [e.party for e in examples]
    parties = [party.decide(e.party, probs, party.VETO, party.PROMOTE) if d else set()
               for d, e, probs in zip(decided, examples, party_probs, strict=True)]
    return {"coop P": p, "coop R": r, "coop F1": f, **party.scores(items, parties)}


def _line(label: str, s: dict[str, float]) -> str:
    return (f"{label:<12} | {s['coop P']:.3f} {s['coop R']:.3f} {s['coop F1']:.3f} | {s['P']:.3f} {s['R']:.3f} "
            f"{s['F1']:.3f} | {s['made']:>4} / {s['labelled']:<4} P {s['pair P']:.3f}")


def decisions(examples: Sequence[Example], probs: Sequence[float], veto: float, promote: float) -> list[bool]:
    """The model's decision on every example, as `CooperationModel.decide`."""
    return [e.row is not None and ((e.rule and p >= veto) or (not e.rule and p >= promote))
            for e, p in zip(examples, probs, strict=True)]


def table(examples: Sequence[Example], probs: Sequence[float], veto: float, promote: float,
          party_probs: Sequence[list[float]]) -> list[str]:
    """Per-batch and pooled LOBO figures, rules alone beside rules + cooperation model (parties: the party model's
    LOBO decision on both sides)."""
    rules = [e.rule for e in examples]
    model = decisions(examples, probs, veto, promote)
    head = "coop P R F1 | parties P R F1 | pair feeds made / labelled, P"
    lines = [f"{'':<12} | rules alone: {head} || rules + model: the same"]
    for batch in [*dict.fromkeys(e.batch for e in examples), "pooled"]:
        keep = [n for n, e in enumerate(examples) if batch in ("pooled", e.batch)]
        part, pp = [examples[n] for n in keep], [party_probs[n] for n in keep]
        a = figures(part, [rules[n] for n in keep], pp)
        b = figures(part, [model[n] for n in keep], pp)
        lines.append(f"{_line(batch, a)} || {_line('', b)[15:]}")
        if batch == "pooled":
            lines.append(f"{'pooled 4 d.':<12} | coop F1 {a['coop F1']:.4f}, parties F1 {a['F1']:.4f}, pair P "
                         f"{a['pair P']:.4f} || coop F1 {b['coop F1']:.4f}, parties F1 {b['F1']:.4f}, pair P "
                         f"{b['pair P']:.4f}")
    return lines


def grid(examples: Sequence[Example], party_probs: Sequence[list[float]]) -> list[str]:
    """Pooled LOBO figures of every (l2, veto, promote) of `GRID`."""
    lines = []
    for l2 in GRID["l2"]:
        probs = lobo(examples, l2)
        for veto, promote in itertools.product(GRID["veto"], GRID["promote"]):
            s = figures(examples, decisions(examples, probs, veto, promote), party_probs)
            lines.append(f"l2 {l2:<5} veto {veto:<4} promote {promote:<4} {_line('', s)[13:]} | 4 d.: coop F1 "
                         f"{s['coop F1']:.4f} parties F1 {s['F1']:.4f} pair P {s['pair P']:.4f}")
    return lines


def _pooled(label: str, s: dict[str, float]) -> str:
    return (f"{label:<58} coop F1 {s['coop F1']:.4f}  parties F1 {s['F1']:.4f}  pair feeds {s['made']} / "
            f"{s['labelled']} P {s['pair P']:.4f}")


def variants(examples: Sequence[Example], party_probs: Sequence[list[float]]) -> list[str]:
    """Per feature-set variant, pooled LOBO at its best setting (coop F1, then parties F1), and at its best setting
    that keeps the rules' pair-feed precision."""
    names = list(FEATURE_NAMES)

    def without(prefixes: Sequence[str]) -> list[Example]:
        keep = [n for n, name in enumerate(names) if not name.startswith(tuple(prefixes))]
        return [replace(e, row=[e.row[k] for k in keep] if e.row is not None else None) for e in examples]

    both = list(itertools.product(GRID["veto"], GRID["promote"]))
    one = [(t, t) for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)]
    rules = figures(examples, [e.rule for e in examples], party_probs)
    lines = [_pooled("rules alone", rules)]
    for label, part, settings, rules_items in (
            ("all features", examples, both, False),
            ("without the language", without(["lang_"]), both, False),
            ("without the title's cue categories", without(["title_"]), both, False),
            ("evidence only (no rules' decision), one threshold", without(["rule_"]), one, False),
            ("evidence only (no rules' decision), veto / promote", without(["rule_"]), both, False),
            ("veto only, trained on the rules' cooperation items", examples, [(v, 1.01) for v in GRID["veto"]], True)):
        found = []
        for l2 in GRID["l2"]:
            probs = lobo(part, l2, rules_items)
            for veto, promote in settings:
                s = figures(part, decisions(part, probs, veto, promote), party_probs)
                found.append(((round(s["coop F1"], 4), round(s["F1"], 4)), f"l2 {l2} veto {veto} promote {promote}", s))
        best = max(found, key=lambda f: f[0])
        lines.append(_pooled(f"{label}: best, {best[1]}", best[2]))
        kept = [f for f in found if f[2]["pair P"] >= rules["pair P"]]
        if kept:
            best = max(kept, key=lambda f: f[0])
            lines.append(_pooled(f"{'':<4}pair P kept: {best[1]}", best[2]))
    return lines


def probe() -> list[str]:
    """The model trained on every tuning report with a kind (`L2`), on `PROBES`: its probability beside `VETO`."""
    examples = read_examples(load_reports())
    model = fit(*_training(examples), L2)
    lines = []
    for lang, publisher, title, text in PROBES:
        reading = read_rules(title, text, lang, publisher, would_be=True)
        assert reading.cooperation is not None
        p = probabilities(model, [cooperation_features(reading.cooperation)])[0]
        lines.append(f"{title[:50]:<50} rules: {'cooperation' if reading.decided else 'no':<11} model P {p:.3f} "
                     f"-> {'kept' if p >= VETO else 'VETOED'}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="print the pooled LOBO figures of the whole grid")
    parser.add_argument("--variants", action="store_true", help="print the feature-set variants' best figures")
    parser.add_argument("--probe", action="store_true", help="the model trained on all tuning, on PROBES")
    args = parser.parse_args(argv)
    examples = read_examples(load_reports())
    print(f"tuning reports {len(examples)}, labelled cooperation {sum(e.gold for e in examples)}, with a kind "
          f"{sum(e.row is not None for e in examples)}, rules' cooperation {sum(e.rule for e in examples)}, "
          f"features {len(FEATURE_NAMES)}")
    party_probs = party_probabilities(examples)
    if args.grid:
        print("\n".join(grid(examples, party_probs)))
    if args.variants:
        print("\n".join(variants(examples, party_probs)))
    print(f"\nLOBO (train on the other batches), l2 {L2}, veto {VETO}, promote {PROMOTE}:")
    print("\n".join(table(examples, lobo(examples, L2), VETO, PROMOTE, party_probs)))
    if args.probe:
        print(f"\ntrained on all tuning reports, l2 {L2}, veto {VETO}:")
        print("\n".join(probe()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
