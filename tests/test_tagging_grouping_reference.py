"""Story grouping gives the recorded groups of every labelled report (bench/grouping_reference.py).

The reference was recorded with the engine before the grouping speed work; the fast paths (pair similarities
scored in one pass, candidate pairs ordered in numpy) must not change a single group. When a change to tagging or
story features bumps a version, the reference is recorded again and this test says so instead of comparing.
"""

from __future__ import annotations

import json

import pytest

from bench.grouping_reference import REFERENCE, current_groups
from scraper.tagging.stories import FEATURES_VERSION, GroupingParams, _Batch, story_features
from scraper.tagging.version import TAGGER_VERSION


def test_labelled_reports_group_as_recorded():
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is missing: record it with python -m bench.grouping_reference --write")
    stored = json.loads(REFERENCE.read_text(encoding="utf-8"))
    if (stored["tagger_version"], stored["features_version"]) != (TAGGER_VERSION, FEATURES_VERSION):
        pytest.skip(f"reference recorded for tagger {stored['tagger_version']} / features {stored['features_version']},"
                    f" engine is {TAGGER_VERSION} / {FEATURES_VERSION}: record it again (bench.grouping_reference)")
    current = current_groups()
    for name, groups in stored["groups"].items():
        assert current["groups"][name] == groups, f"{name}: groups changed"
    assert sum(len(g) > 1 for g in stored["groups"]["labelled dated"]) >= 20  # the reference does group stories


def test_batched_similarities_link_one_story_and_not_other_countries():
    texts = [("Italy and Azerbaijan held staff talks", "On 11 October Colonel Bayramov met Italian officers in Rome."),
             ("Azerbaijan, Italy: staff talks", "On October 11 delegations of Italy and Azerbaijan met; Bayramov led."),
             ("France and Spain sign a deal", "Paris and Madrid signed an agreement on 3 May."),
             ("Domestic parade", "A parade was held.")]
    features = [story_features(t, x) for t, x in texts]
    batch = _Batch(list(range(len(texts))), [None] * len(texts), features, GroupingParams())
    pairs = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))]
    sims = batch.similarities(pairs, [0.1] * len(pairs))
    assert len(sims) == len(pairs)
    assert sims[0] > 0.35 and sims[pairs.index((0, 2))] == 0.0  # same story / other countries
