"""The learned party decision (scraper/tagging/party_model.py): the shipped weights are what training on the committed
tuning labels gives, the data file is checked with clear errors, and the model only ever changes a cooperation item's
parties."""

from __future__ import annotations

import json
import math

import pytest

from bench import train_party_model
from bench.bench_tagging import load_reports, published_of
from scraper.tagging import tag_record
from scraper.tagging.data_files import DATA_DIR, DataFileError
from scraper.tagging.party_model import FEATURE_NAMES, MODEL_FILE, parse_model, party_features, party_model
from scraper.tagging.record import read_rules


@pytest.fixture(scope="module")
def items():
    return train_party_model.read_items(load_reports())


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads((DATA_DIR / MODEL_FILE).read_text(encoding="utf-8"))


def test_training_on_the_committed_labels_gives_the_committed_file(items):
    text = (DATA_DIR / MODEL_FILE).read_text(encoding="utf-8")
    assert train_party_model.render(train_party_model.train(items)) == text, \
        "run .venv/bin/python -m bench.train_party_model --write"


def test_training_reads_only_tuning_reports(items):
    reports = load_reports()
    assert len(items) == sum(r["split"] == "tuning" for r in reports)
    assert {i.batch for i in items} == {r["set"] for r in reports if r["split"] == "tuning"}
    assert not {i.batch for i in items} & {"heldout-v3"}


def test_the_pure_python_model_decides_as_the_numpy_training_does(items, shipped):
    model = party_model()
    numpy_model = {"mean": [f["mean"] for f in shipped["features"]], "scale": [f["scale"] for f in shipped["features"]],
                   "weights": [f["weight"] for f in shipped["features"]], "bias": shipped["bias"]}
    checked = 0
    for item in items:
        if not item.decided:
            continue
        expected = train_party_model.probabilities(numpy_model, item.rows)
        got = [model.probability(row) for row in item.rows]
        assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(got, expected, strict=True))
        assert {c for c, p in zip(item.codes, got, strict=True) if (c in item.rule and p >= model.veto)
                or (c not in item.rule and p >= model.promote)} == train_party_model.decide(
            item, expected, shipped["veto"], shipped["promote"])
        checked += 1
    assert checked > 500


def test_every_candidate_has_one_value_per_feature_and_the_publisher_is_a_candidate():
    reading = read_rules("Staff Talks con la Grecia a Roma",
                         "Si sono svolti a Roma gli Staff Talks tra lo Stato Maggiore della Difesa e la Grecia.", "it",
                         "IT")
    assert reading.party is not None
    rows = party_features(reading.party)
    assert {code for code, _row in rows} >= {"GR", "IT"}
    assert all(len(row) == len(FEATURE_NAMES) for _code, row in rows)


def test_not_cooperation_has_no_parties_whatever_the_model():
    title, text = "Italy beat Azerbaijan 3-0 in a friendly", "The Italian team beat Azerbaijan in Rome on Sunday."
    assert read_rules(title, text, "en", "IT").party is None
    record = tag_record(title, text, "en", "IT")
    assert record.primary_kind is None and record.parties == []


def test_the_model_drops_a_mission_host_the_rules_took_for_a_party():
    # A tuning report (tuning-v8p): the host country of a UN mission, named in the title's place only, is no party
    # (its label); the rules make it one, the model, trained on the other batches as on all, drops it.
    report = next(r for r in load_reports() if r["id"] == "en-r003")
    assert report["parties"] == ["IE"]
    args = (report["title"], report["text"], report["lang"], report.get("publisher_country"),
            published_of(report, False))
    assert sorted(read_rules(*args).parties) == ["IE", "LB"]
    record = tag_record(*args)
    assert record.parties == ["IE"] and record.mentioned == ["LB"]


def _table(shipped: dict, **changes) -> dict:
    table = json.loads(json.dumps(shipped))
    for key, value in changes.items():
        if key.startswith("feature0_"):
            table["features"][0][key.removeprefix("feature0_")] = value
        else:
            table[key] = value
    return table


@pytest.mark.parametrize(("changes", "message"), [
    ({"features": "rule_party"}, "'features' must be a list of objects"),
    ({"feature0_name": "renamed"}, "do not match the code's"),
    ({"feature0_weight": "1.0"}, "feature 'rule_party': 'weight' must be a finite number"),
    ({"feature0_scale": 0.0}, "'scale' must be positive"),
    ({"veto": None}, "'veto' must be a finite number"),
])
def test_a_broken_model_file_names_the_key(shipped, changes, message):
    with pytest.raises(DataFileError, match=message):
        parse_model(_table(shipped, **changes), "party_model.json")


def test_a_model_file_that_is_not_an_object_is_refused():
    with pytest.raises(DataFileError, match="must be a JSON object"):
        parse_model([1, 2, 3], "party_model.json")
