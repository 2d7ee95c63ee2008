"""Story grouping: same event across outlets and languages; similar but distinct events stay apart."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from scraper.tagging import group_stories
from scraper.tagging.stories import (
    StoryFeatures,
    feature_key,
    names,
    numbers,
    shingles,
    story_features,
)

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "fixtures" / "tagging" / "cooperation_eval.jsonl"


@pytest.fixture(scope="module")
def items():
    return {d["id"]: d for d in (json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines())}


def as_input(items, ids):
    return [(i, items[i]["title"], items[i]["text"], datetime.fromisoformat(items[i]["published"])) for i in ids]


def test_sixth_staff_talks_in_four_languages_are_one_story_and_the_fifth_and_seventh_are_not(items):
    ids = ["seed-difesa-st6", "az-mod-en-st6", "report-az-st6", "az-mod-ru-st6", "difesa-st5", "az-mod-az-st5",
           "az-mod-en-st7"]
    groups = group_stories(as_input(items, ids))
    assert ["seed-difesa-st6", "az-mod-en-st6", "report-az-st6", "az-mod-ru-st6"] in groups
    assert ["difesa-st5", "az-mod-az-st5"] in groups
    assert ["az-mod-en-st7"] in groups


def test_two_exercises_between_the_same_countries_stay_apart(items):
    ids = ["az-mod-az-ub24", "msb-tr-ub24", "azernews-ub24", "wire-ub24", "az-mod-az-tr-edu",
           "az-mod-az-turaz24", "report-en-turaz24"]
    groups = group_stories(as_input(items, ids))
    assert ["az-mod-az-ub24", "msb-tr-ub24", "azernews-ub24", "wire-ub24"] in groups
    assert ["az-mod-az-tr-edu"] in groups
    assert ["az-mod-az-turaz24", "report-en-turaz24"] in groups


def test_time_window_separates_identical_texts():
    text = "Azerbaijan and Italy held the 6th staff talks in Rome and signed a plan of 31 activities."
    early, late = datetime(2023, 10, 12), datetime(2023, 10, 30)
    assert group_stories([("a", "Talks", text, early), ("b", "Talks", text, late)]) == [["a"], ["b"]]
    assert group_stories([("a", "Talks", text, early), ("b", "Talks", text, None)]) == [["a", "b"]]


def test_every_item_is_in_exactly_one_group(items):
    ids = list(items)
    groups = group_stories(as_input(items, ids))
    flat = [key for group in groups for key in group]
    assert sorted(flat) == sorted(ids)


def test_anchor_helpers_are_script_independent():
    assert numbers("1,200 servicemen and 1.200 soldiers, 6th and 6-cı") == frozenset({"1200", "6"})
    assert names("полковник Махир Байрамов.") == names("polkovnik Mahir Bayramov.")
    assert shingles("Azərbaycan") == shingles("AZERBAYCAN")


def test_grouping_floors_on_the_eval_set(tagging_figures):
    precision, recall, _ = tagging_figures["all"]["grouping"]
    assert precision >= 0.97
    assert recall >= 0.9
    assert tagging_figures["held-out"]["grouping"][0] >= 0.97


def test_signatures_are_datasketchs_minhash(items):
    from datasketch import MinHash, MinHashLSH

    from scraper.tagging.minhash import NUM_PERM, lsh_bands, signature_of

    for record in list(items.values())[:20] + [{"title": "", "text": ""}, {"title": "Azə", "text": ""}]:
        grams = shingles(f"{record['title']} {record['text']}")
        reference = MinHash(num_perm=NUM_PERM)
        reference.update_batch([g.encode("utf-8") for g in grams])
        assert signature_of(grams).tolist() == reference.hashvalues.tolist()
    for threshold in (0.3, 0.45, 0.7):
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        assert lsh_bands(threshold) == (lsh.b, lsh.r)


def test_features_round_trip_and_precomputed_features_give_the_same_groups(items):
    ids = list(items)
    data = as_input(items, ids)
    features = [story_features(title, text) for _key, title, text, _published in data]
    again = [StoryFeatures.from_bytes(f.to_bytes()) for f in features]
    for a, b in zip(features, again, strict=True):
        assert a.signature.tolist() == b.signature.tolist()
        assert (a.countries, a.numbers, a.names) == (b.countries, b.numbers, b.names)
    expected = group_stories(data)
    assert group_stories(data, features=again) == expected
    assert group_stories(data, features=[None] * len(data)) == expected
    with pytest.raises(ValueError, match="2 features for"):
        group_stories(data, features=again[:2])
    with pytest.raises(ValueError, match="not a story-features record"):
        StoryFeatures.from_bytes(b"\x00" * 600)


def test_feature_key_covers_title_text_and_version():
    assert feature_key("a", "b") == feature_key("a", "b")
    assert len({feature_key("a", "b"), feature_key("a b", ""), feature_key("", "a b"), feature_key("a", "c")}) == 4


def _templated_reports() -> list[tuple[str, str, str, datetime]]:
    """One ministry's reports written from one template, a day apart, each about other partners."""
    partners = [("Italy and Azerbaijan", "Italy"), ("Greece", "Greece"), ("Georgia", "Georgia"),
                ("the NATO staff", "the Alliance"), ("Kazakhstan", "Kazakhstan"), ("France", "France")]
    reports = []
    for day, (who, partner) in enumerate(partners, start=1):
        text = (f"Report number {day}: delegations met to review bilateral defence cooperation with {partner}. "
                f"The talks covered training, exercises and the plan of activities for the coming year, item {day}. "
                "Both sides reaffirmed the excellent level of relations between the two defence organisations "
                f"and agreed to meet again next year; reference code {day * 7919}.")
        reports.append((f"r{day}", f"Staff talks with {who} (report {day})", text, datetime(2024, 3, day, 9, 0)))
    return reports


def test_templated_reports_about_different_partners_are_separate_stories():
    groups = group_stories(_templated_reports())
    assert groups == [[key] for key, *_ in _templated_reports()]


def test_a_group_never_chains_beyond_the_window():
    base = _templated_reports()[0]
    # The same text every day for a week: each pair of neighbours is within the window, the week is not.
    daily = [(f"d{n}", base[1], base[2], datetime(2024, 3, 1 + n, 9, 0)) for n in range(7)]
    groups = group_stories(daily)
    for group in groups:
        days = [int(key[1:]) for key in group]
        assert max(days) - min(days) <= 3, groups
    assert len(groups) >= 2


def test_average_linkage_does_not_chain_a_third_report_linked_to_one_member_only():
    """A and B are one event; C shares some rare names with B only. Single-link union would chain C in;
    average linkage keeps it apart because C has nothing in common with A."""
    import numpy as np

    rng = np.random.default_rng(3)

    def features(names: set[str], kind: str = "staff_talks") -> StoryFeatures:
        return StoryFeatures(rng.integers(0, 2**32, 128, dtype=np.uint64).astype(np.uint32), frozenset({"IT", "AZ"}),
                             frozenset(), frozenset(names), kind=kind)

    alphas, betas = {"alpha", "alphb", "alphc", "alphd"}, {"betaa", "betab", "betac"}
    day = datetime(2026, 3, 10, 9, 0)
    items = [("A", "", "", day), ("B", "", "", day), ("C", "", "", datetime(2026, 3, 12, 9, 0))]
    feats = [features(alphas), features(alphas | betas), features(betas)]
    assert group_stories(items, features=feats) == [["A", "B"], ["C"]]
    # Without A, B and C are one story: the link itself is strong enough.
    assert group_stories(items[1:], features=feats[1:]) == [["B", "C"]]


def test_records_of_another_features_version_are_refused():
    import json

    import numpy as np

    old = np.zeros(128, dtype="<u4").tobytes() + json.dumps([["AZ"], ["31"], ["baira"]]).encode()
    with pytest.raises(ValueError, match="not a story-features record"):
        StoryFeatures.from_bytes(old)


def _band_pairs(signatures, threshold: float) -> set[tuple[int, int]]:
    """LSH candidate pairs the plain way: rows bucketed by the bytes of each band in turn."""
    import itertools

    from scraper.tagging.minhash import lsh_bands

    bands, rows = lsh_bands(threshold, signatures.shape[1])
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(signatures):
            buckets.setdefault(sig[band * rows:(band + 1) * rows].tobytes(), []).append(i)
        for members in buckets.values():
            pairs.update(itertools.combinations(members, 2))
    return pairs


@pytest.mark.parametrize("collide", [False, True], ids=["mixed", "every-band-mixing-alike"])
def test_lsh_pairs_are_the_rows_sharing_a_band_once_each_in_order(monkeypatch, collide: bool):
    import numpy as np

    from scraper.tagging import minhash

    if collide:  # every band of every row mixes to one value: only the values can tell them apart
        monkeypatch.setattr(minhash, "_MIX", np.uint64(0))
        monkeypatch.setattr(minhash, "_BAND_MIX", np.uint64(0))
    rng = np.random.default_rng(3)
    for n in (2, 7, 60, 300):
        sigs = rng.integers(0, 6, size=(n, minhash.NUM_PERM), dtype=np.uint32)  # few values: many shared bands
        sigs[rng.random(sigs.shape) < 0.3] = minhash.EMPTY
        copies = np.repeat(rng.integers(0, 1 << 32, size=(n, minhash.NUM_PERM), dtype=np.uint32), 2, axis=0)[:n]
        for s in (sigs, copies):
            for threshold in (0.3, 0.45, 0.8):
                expected = np.array(sorted(_band_pairs(s, threshold)), dtype=np.intp).reshape(-1, 2)
                assert np.array_equal(minhash.lsh_pairs(s, threshold), expected)
