"""A learned second opinion on the parties: logistic regression over the rules' own evidence.

For a cooperation item, every candidate country (named, implied through a firm, or the publisher's own) gets a
feature vector built from what `roles` and `record` already computed: its `CountryEvidence` fields, its rank, the
rules' decision, the publisher's implied presence, the main kind, the cooperation score, organisations. Weights are
trained by `bench/train_party_model.py` on the tuning reports only and stored in `data/party_model.json` with their
feature names, the standardisation and the decision thresholds (`veto`, `promote`): a rule party whose probability is
below `veto` is dropped, a candidate the rules left out whose probability reaches `promote` is added.

Inference is pure Python (a dot product per candidate); training needs numpy and lives in bench/.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from .cooperation import KINDS
from .data_files import DATA_DIR, DataFileError
from .roles import TITLE, CountryEvidence, RoleReading

MODEL_FILE = "party_model.json"
MAX_RANK = 5
"""Ranks from this one on are one value."""


@dataclass
class PartyContext:
    """What the rules knew about one cooperation item when they decided its parties."""

    roles: RoleReading
    ranked: list[str]
    parties: list[str]
    """The rules' parties."""
    publisher: str | None
    kinds: list[str]
    cooperation_score: float
    organisations: int
    organisation_in_title: bool
    counted: bool
    promoted: str | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    """Article-level rule flags (`about_others`, `others_wire`, `own_activity`, `own_drill`)."""

    def candidates(self) -> list[str]:
        """Every country the model decides on: the ranked ones, the rules' parties, the publisher."""
        found = list(dict.fromkeys([*self.ranked, *self.parties]))
        if self.publisher and self.publisher not in found:
            found.append(self.publisher)
        return found


FLAG_NAMES = ("about_others", "others_wire", "own_activity", "own_drill")
FEATURE_NAMES: tuple[str, ...] = (
    "rule_party", "score_party_min", "score", "score_share", "title_full", "title_adjective", "lead", "actor",
    "counterpart", "paired", "capital", "observer", "reactor", "absent", "venue", "mentions_log", "rank",
    "rank_first", "rank_second", "publisher", "implied", "unnamed", "contributor", "lead_venue", "title_venue",
    "promoted", "n_candidates", "n_rule_parties", "n_headline", "own_actors", "own_lead", "own_title", "own_unit",
    *FLAG_NAMES, *(f"kind_{k}" for k in KINDS), "multilateral_any", "counted", "cooperation_score",
    "organisations", "organisation_in_title", "rule_party_x_publisher", "rule_party_x_three",
    "rule_party_x_headline", "third_or_later_party", "rule_party_x_organisations", "rule_party_x_implied",
    "no_role", "no_role_x_organisations", "no_role_x_title", "no_role_x_lead", "no_role_x_rule_party",
    "no_role_x_organisations_x_rule_party",
)
"""`no_role`: a named country, not the publisher's, with no actor, counterpart or coordination evidence (named in the
title or the lead only, as a mission's host country is: "Irish battalion assumes command of UN sector in south
Lebanon"); the `_x_` features are products."""


def party_features(ctx: PartyContext) -> list[tuple[str, list[float]]]:
    """(code, feature vector in `FEATURE_NAMES` order) for every candidate of one cooperation item."""
    evidence = ctx.roles.evidence
    roles = ctx.roles
    candidates = ctx.candidates()
    top = max((evidence[c].score for c in ctx.ranked), default=0.0) or 1.0
    headline = sum(1 for ev in evidence.values() if ev.title >= TITLE)
    n_parties = len(ctx.parties)
    primary = ctx.kinds[0] if ctx.kinds else None
    article = [
        min(len(candidates), 8.0), min(n_parties, 6.0), float(headline), min(roles.own_actors, 4.0),
        min(roles.own_lead, 3.0), min(roles.own_title, 2.0), float(roles.own_unit > 0),
        *(float(ctx.flags.get(name, False)) for name in FLAG_NAMES),
        *(float(primary == k) for k in KINDS), float("multilateral" in ctx.kinds), float(ctx.counted),
        ctx.cooperation_score, float(ctx.organisations > 0), float(ctx.organisation_in_title),
    ]
    rank_of = {c: n for n, c in enumerate(ctx.ranked)}
    party_rank = {c: n for n, c in enumerate(c for c in ctx.ranked if c in ctx.parties)}
    rows = []
    for code in candidates:
        ev = evidence.get(code) or CountryEvidence(code)
        rule = float(code in ctx.parties)
        rank = min(rank_of.get(code, MAX_RANK), MAX_RANK)
        score = ev.score
        organised = float(ctx.organisations > 0)
        no_role = float(not (ev.actor or ev.counterpart or ev.paired) and code != ctx.publisher)
        rows.append((code, [
            rule, float(score >= 2.5), min(score, 10.0), score / top, float(ev.title >= TITLE),
            float(0 < ev.title < TITLE), float(ev.lead), ev.actor, ev.counterpart, ev.paired, float(ev.capital),
            float(ev.observer), float(ev.reactor), float(ev.absent), float(ev.venue), math.log1p(ev.mentions),
            float(rank), float(rank == 0), float(rank == 1), float(code == ctx.publisher),
            float(code not in evidence), float(ev.mentions == 0), float(code in roles.contributors),
            float(code in roles.venues), float(code in roles.title_venues), float(code == ctx.promoted),
            *article,
            rule * float(code == ctx.publisher), rule * float(n_parties >= 3), rule * float(ev.title >= TITLE),
            rule * float(party_rank.get(code, 0) >= 2), rule * organised, rule * float(code not in evidence),
            no_role, no_role * organised, no_role * float(ev.title >= TITLE), no_role * float(ev.lead),
            no_role * rule, no_role * organised * rule,
        ]))
    return rows


_PUBLISHER, _OWN_UNIT = FEATURE_NAMES.index("publisher"), FEATURE_NAMES.index("own_unit")


def never_vetoed(row: Sequence[float]) -> bool:
    """A rule party the model may not drop: the publisher whose own unit or school the title or lead names ("Pilotos
    de Chile y Perú se entrenan con el Escuadrón 141"), as the labelling guide counts "our" units (the model never
    vetoed a publisher in leave-one-batch-out; trained on all tuning it came close on such a report)."""
    return bool(row[_PUBLISHER] and row[_OWN_UNIT])


@dataclass(frozen=True)
class PartyModel:
    """Standardised logistic regression weights and the two decision thresholds."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    veto: float
    promote: float
    coefficients: tuple[float, ...] = field(init=False, repr=False)
    """`weights / scale`, and `intercept` the bias less the means' share: one dot product per candidate."""
    intercept: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "coefficients", tuple(w / s for w, s in zip(self.weights, self.scale, strict=True)))
        object.__setattr__(self, "intercept", self.bias - sum(c * m for c, m in zip(self.coefficients, self.mean,
                                                                                      strict=True)))

    def probability(self, row: Sequence[float]) -> float:
        """P(party) of one feature vector."""
        z = self.intercept + sum(map(operator.mul, self.coefficients, row))
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def decide(self, ctx: PartyContext) -> list[str]:
        """The parties of one cooperation item: the rules' ones the model keeps, plus the ones it promotes."""
        chosen = []
        for code, row in party_features(ctx):
            p = self.probability(row)
            if (code in ctx.parties and (p >= self.veto or never_vetoed(row))) or (
                    code not in ctx.parties and p >= self.promote):
                chosen.append(code)
        return chosen


def _number(path: object, table: dict, key: str, where: str = "") -> float:
    value = table.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise DataFileError(f"{path}: {where}{key!r} must be a finite number")
    return float(value)


def parse_model(table: object, path: object = MODEL_FILE) -> PartyModel:
    """A `PartyModel` from the parsed JSON of `data/party_model.json`; `DataFileError` naming the key otherwise."""
    if not isinstance(table, dict):
        raise DataFileError(f"{path}: must be a JSON object")
    rows = table.get("features")
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("name"), str) for r in rows):
        raise DataFileError(f"{path}: 'features' must be a list of objects with a 'name'")
    names = tuple(r["name"] for r in rows)
    if names != FEATURE_NAMES:
        missing = [n for n in FEATURE_NAMES if n not in names]
        unknown = [n for n in names if n not in FEATURE_NAMES]
        raise DataFileError(f"{path}: 'features' do not match the code's (missing {missing}, unknown {unknown}, or "
                            f"in another order): train it again with bench/train_party_model.py --write")
    values = {key: tuple(_number(path, r, key, f"feature {r['name']!r}: ") for r in rows)
              for key in ("weight", "mean", "scale")}
    if any(s <= 0 for s in values["scale"]):
        raise DataFileError(f"{path}: every feature's 'scale' must be positive")
    return PartyModel(features=names, mean=values["mean"], scale=values["scale"], weights=values["weight"],
                      bias=_number(path, table, "bias"), veto=_number(path, table, "veto"),
                      promote=_number(path, table, "promote"))


@cache
def party_model() -> PartyModel:
    """The shipped model, read once per process."""
    path = DATA_DIR / MODEL_FILE
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{path}: missing tagging data file") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}: not valid JSON: {exc}") from None
    return parse_model(table, path)
