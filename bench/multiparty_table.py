"""Parties of multi-party items as a class of errors: the tagger's parties P/R/F1 and pair precision on the tuning
reports, split by the number of labelled parties and by the labelled primary kind, and per tuning batch.

Only the tuning reports are read (`bench_tagging.load_reports()`, split "tuning"; batches are `set`); held-out
reports are never loaded. Buckets of labelled parties: "not coop" (a report labelled no cooperation: any party made
is false), 1-2, 3, 4-5, 6+. "report pairs P/R" is micro over each report's pairs (a party set of n makes n(n-1)/2
pairs); "feeds P/R" counts distinct pair feeds over the part, as `bench_tagging` does.

    .venv/bin/python -m bench.multiparty_table             # the tables
    .venv/bin/python -m bench.multiparty_table --errors    # also every tuning item of 3+ labelled or made parties
                                                           # whose parties are wrong
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence

from bench.bench_tagging import _gold_pairs, load_reports, ours, prf, published_of, set_f1
from scraper.tagging.record import read_rules


def bucket(report: dict) -> str:
    """The report's bucket by its number of labelled parties."""
    if not report["cooperation"]:
        return "not coop"
    n = len(set(report["parties"]))
    return "1-2" if n <= 2 else "3" if n == 3 else "4-5" if n <= 5 else "6+"


def _pairs(parties: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.combinations(sorted(set(parties)), 2))


def figures(rows: Sequence[tuple[dict, object]]) -> str:
    """One line: n, parties P R F1, report pairs P R, distinct feeds made / labelled P R."""
    gold = [set(r["parties"]) if r["cooperation"] else set() for r, _ in rows]
    made = [set(rec.parties) for _, rec in rows]
    p, r, f = set_f1(list(zip(made, gold, strict=True)))
    rp, rr, _ = set_f1([(_pairs(m), _gold_pairs(g)) for m, (g, _rec) in zip(made, rows, strict=True)])
    feeds = {pair for m in made for pair in _pairs(m)}
    gold_feeds = {pair for g, _ in rows for pair in _gold_pairs(g)}
    fp, fr, _ = prf(len(feeds & gold_feeds), len(feeds - gold_feeds), len(gold_feeds - feeds))
    return (f"{len(rows):>4} | {p:.3f} {r:.3f} {f:.3f} | {rp:.3f} {rr:.3f} | {len(feeds):>4} / {len(gold_feeds):<4} "
            f"{fp:.3f} {fr:.3f}")


HEADER = f"{'':<14} {'n':>4} | parties P R F1    | rep.pairs P R | feeds made/lab P R"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the wrong multi-party tuning items")
    args = parser.parse_args(argv)
    reports = [r for r in load_reports() if r["split"] == "tuning"]
    rows = [(r, ours(r)) for r in reports]
    print("by labelled parties (tuning)\n" + HEADER)
    for name in ("not coop", "1-2", "3", "4-5", "6+"):
        part = [row for row in rows if bucket(row[0]) == name]
        print(f"{name:<14} " + figures(part))
    print("\nby labelled primary kind (tuning; 'none' = not cooperation)\n" + HEADER)
    kinds = sorted({r.get("primary_kind") or "none" for r in reports if r["cooperation"]} | {"none"})
    for kind in kinds:
        part = [row for row in rows if ((row[0].get("primary_kind") or "none") if row[0]["cooperation"]
                                        else "none") == kind]
        print(f"{kind:<14} " + figures(part))
    print("\nmulti-party (3+ labelled) by primary kind\n" + HEADER)
    for kind in kinds:
        part = [row for row in rows if row[0]["cooperation"] and len(set(row[0]["parties"])) >= 3
                and (row[0].get("primary_kind") or "none") == kind]
        if part:
            print(f"{kind:<14} " + figures(part))
    print("\nper batch (tuning)\n" + HEADER)
    for batch in [*dict.fromkeys(r["set"] for r in reports), "all"]:
        part = [row for row in rows if batch in ("all", row[0]["set"])]
        print(f"{batch:<14} " + figures(part))
    if args.errors:
        print("\nwrong items with 3+ labelled or made parties (tuning)")
        for report, record in rows:
            gold = set(report["parties"]) if report["cooperation"] else set()
            made = set(record.parties)
            if made != gold and (len(gold) >= 3 or len(made) >= 3):
                rules = read_rules(report["title"], report["text"], report["lang"], report.get("publisher_country"),
                                   published_of(report, False))
                print(f"{report['set']:<12} {report['id']:<14} {report['lang']} pub {report.get('publisher_country')} "
                      f"{record.primary_kind}/{report.get('primary_kind')} +{sorted(made - gold)} "
                      f"-{sorted(gold - made)} gold {sorted(gold)} rules {sorted(rules.parties)} | "
                      f"{report['title'][:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
