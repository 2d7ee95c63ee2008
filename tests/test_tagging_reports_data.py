"""Cooperation-tagging evaluation set v2 (tests/fixtures/tagging/reports): format, codes, counts and split.

Also the tuning-extra-<lang>.jsonl files: the same checks per report, their own counts, and that they are
always tuning (never in the held-out split, never sharing a story with the original set).

And the held-out v3 files (heldout-v3-<lang>.jsonl): the same checks per report, their own minimums, story ids
shared with no other file, ids never in split.json, and loaded by the bench as their own part "held-out v3".

And the tuning-v4 files (tuning-v4-<lang>.jsonl): the same checks per report, every language and kind, negatives,
story ids shared with no other file, never in split.json, and loaded by the bench as tuning. The tuning-v5 files
(tuning-v5-<lang>.jsonl, sixth round) and tuning-v6 files (tuning-v6-<lang>.jsonl, seventh round: multilateral items
and background countries, story ids starting "s-v6-") get the same checks with their own minimums, and so do the
tuning-v7 files (tuning-v7-<lang>.jsonl, eighth round: parties against mentioned countries, story ids starting "s-v7-")
and the tuning-v7m files (tuning-v7m-<lang>.jsonl, eighth round: constructions that make false pair feeds, a third or
more hard negatives, story ids starting "s-v7m-" or null), and the tuning-v8 files (tuning-v8-<lang>.jsonl, ninth round:
parties against mentioned countries in new styles, a quarter or more hard negatives, story ids starting "s-v8-"), and
the tuning-v8p files (tuning-v8p-<lang>.jsonl, ninth round: pair feeds, ids "<lang>-r<nnn>", a quarter or more hard
negatives, story ids starting "s-v8p-" or null), and the tuning-v9 files (tuning-v9-<lang>.jsonl, thirteenth round,
written blind to the engine: ids "<lang>-t9-<nnn>", a third or more hard negatives, 15 or more stories told in three
or more languages, story ids starting "s-v9-" and shared with no other file).

And the tuning-v5k files (tuning-v5k-<lang>.jsonl, main-event boundaries of the sixth round): the same checks per
report, every language and kind, a quarter negatives, never in split.json, and loaded by the bench as tuning.

Data checks only: no engine runs here. The labelling rules are in docs/tagging-labels.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.core import get_global

from bench.bench_tagging import load_reports as bench_load_reports

REPORTS_DIR = Path(__file__).parent / "fixtures" / "tagging" / "reports"
KEYS = ("id", "lang", "publisher", "publisher_country", "published", "title", "text", "parties", "mentioned",
        "cooperation", "primary_kind", "kinds", "organisations", "story")
KINDS = {"staff_talks", "agreement", "visit", "exercise", "training", "industry", "multilateral"}
MAIN_LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es")
EXTRA_LANGUAGES = ("ar", "uk")
MIN_REPORTS, MIN_PER_MAIN_LANGUAGE = 210, 18
MIN_NEGATIVE_SHARE, MIN_HELD_OUT_SHARE = 0.27, 0.42
MIN_STORIES_IN_THREE_LANGUAGES = 22
WORDS = (40, 120)
ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-\d{3}$")
EXTRA_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-x\d{3}$")
ORIGINAL_REPORTS = 227
EXTRA_MIN_REPORTS, EXTRA_MIN_PER_MAIN_LANGUAGE, EXTRA_MIN_PER_EXTRA_LANGUAGE = 160, 17, 6
EXTRA_MIN_NEGATIVE_SHARE, EXTRA_MIN_STORIES_IN_THREE_LANGUAGES = 0.30, 8
V3_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-h\d{3}$")
V3_MIN_REPORTS, V3_MIN_PER_MAIN_LANGUAGE, V3_MIN_PER_EXTRA_LANGUAGE = 130, 14, 5
V3_MAIN_LANGUAGES = ("en", "az", "de", "fr", "ru", "tr", "es")
V3_MIN_PER_KIND, V3_MIN_NEGATIVE_SHARE, V3_MIN_STORIES_IN_THREE_LANGUAGES = 10, 0.30, 10
V4_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-t\d{3}$")
BLIND4_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-b\d{3}$")
BLIND4_MIN_REPORTS, BLIND4_MIN_PER_LANGUAGE, BLIND4_MIN_NEGATIVE_SHARE, BLIND4_MIN_WIDE_STORIES = 140, 10, 0.30, 14
BLIND4_MIN_LANGUAGES = 10
V4_MIN_REPORTS, V4_MIN_PER_MAIN_LANGUAGE, V4_MIN_NEGATIVE_SHARE = 45, 5, 0.25
V5_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-v\d{3}$")
V5_MIN_REPORTS, V5_MIN_PER_LANGUAGE, V5_MIN_NEGATIVE_SHARE = 60, 6, 0.25
V5_LANGUAGES = ("en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")
V5K_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-k\d{3}$")
V5K_MIN_REPORTS, V5K_MIN_PER_LANGUAGE, V5K_MIN_NEGATIVE_SHARE = 60, 5, 0.24
V6_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-w\d{3}$")
V6_MIN_REPORTS, V6_MIN_PER_LANGUAGE, V6_MIN_NEGATIVE_SHARE = 30, 2, 0.15
V6_LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")
V6_MIN_MULTI_PARTY = 12
"""Cooperation reports with three or more parties: the batch is aimed at multilateral items."""
V7_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-p\d{3}$")
V7_MIN_REPORTS, V7_MIN_LANGUAGES, V7_MIN_NEGATIVE_SHARE = 90, 9, 0.25
V7M_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-m\d{3}$")
V7M_MIN_REPORTS, V7M_MIN_PER_LANGUAGE, V7M_MIN_NEGATIVE_SHARE = 90, 10, 0.30
V7M_LANGUAGES = ("en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")
V8_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-q\d{3}$")
V8_MIN_REPORTS, V8_MIN_PER_LANGUAGE, V8_MIN_NEGATIVE_SHARE = 80, 5, 0.25
V8_LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")
V8P_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-r\d{3}$")
V8P_MIN_REPORTS, V8P_MIN_PER_LANGUAGE, V8P_MIN_NEGATIVE_SHARE = 20, 2, 0.25
V8P_LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")
V9_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-t9-\d{3}$")
V9_MIN_REPORTS, V9_MIN_PER_LANGUAGE, V9_MIN_NEGATIVE_SHARE, V9_MIN_WIDE_STORIES = 160, 12, 0.30, 15
V9_LANGUAGES = ("it", "en", "az", "de", "fr", "ru", "tr", "es", "ar", "uk")
STORY_RE = re.compile(r"^s-[a-z0-9]+(?:-[a-z0-9]+)+$")
ORGANISATION_RE = re.compile(r"^[A-Z]{2,6}$")


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR names and has population data for (so not EU, UN, EZ, QO, XA, XB; not ZZ)."""
    populated = get_global("territory_languages")
    return frozenset(code for code in Locale("en").territories
                     if re.fullmatch(r"[A-Z]{2}", code) and code in populated and code != "ZZ")


@cache
def load_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every reports-<lang>.jsonl file; a bad line fails naming its file and line."""
    return read_report_files("reports-")


@cache
def load_extra_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-extra-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-extra-")


@cache
def load_v3_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every heldout-v3-<lang>.jsonl file (never tuned on), checked the same way."""
    return read_report_files("heldout-v3-")


@cache
def load_blind4_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every heldout-v4-<lang>.jsonl file (written blind to the engine by another writer, labelled and
    committed before any tagger ran on them, never tuned on), checked the same way."""
    return read_report_files("heldout-v4-")


@cache
def load_v4_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v4-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v4-")


@cache
def load_v5_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v5-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v5-")


@cache
def load_v5k_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v5k-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v5k-")


@cache
def load_v6_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v6-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v6-")


@cache
def load_v7_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v7-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v7-")


@cache
def load_v7m_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v7m-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v7m-")


@cache
def load_v8_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v8-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v8-")


@cache
def load_v8p_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v8p-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v8p-")


@cache
def load_v9_reports() -> tuple[dict[str, Any], ...]:
    """Every report of every tuning-v9-<lang>.jsonl file (always tuning), checked the same way."""
    return read_report_files("tuning-v9-")


def read_report_files(prefix: str) -> tuple[dict[str, Any], ...]:
    files = sorted(REPORTS_DIR.glob(f"{prefix}*.jsonl"))
    if not files:
        pytest.fail(f"no {prefix}*.jsonl files in {REPORTS_DIR}")
    reports = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{path.name} line {number}"
            if not line.strip():
                pytest.fail(f"{where}: empty line")
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                pytest.fail(f"{where}: invalid JSON: {error}")
            if not isinstance(record, dict):
                pytest.fail(f"{where}: not a JSON object")
            if tuple(record) != KEYS:
                pytest.fail(f"{where}: keys {list(record)} differ from {list(KEYS)}")
            if record["lang"] != path.name.removeprefix(prefix).removesuffix(".jsonl"):
                pytest.fail(f"{where}: lang {record['lang']!r} does not match the file name")
            reports.append(record)
    return tuple(reports)


@cache
def load_split() -> dict[str, Any]:
    path = REPORTS_DIR / "split.json"
    try:
        split = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        pytest.fail(f"{path}: unreadable: {error}")
    if set(split) != {"held_out_stories", "held_out_singletons", "note"}:
        pytest.fail(f"{path}: keys {sorted(split)} differ from held_out_stories, held_out_singletons, note")
    return split


def held_out_ids() -> set[str]:
    split = load_split()
    stories, singletons = set(split["held_out_stories"]), set(split["held_out_singletons"])
    return {r["id"] for r in load_reports() if r["story"] in stories or r["id"] in singletons}


def problems(report: dict[str, Any], id_re: re.Pattern[str] = ID_RE) -> list[str]:
    """What is wrong with one report's fields, as messages naming the key."""
    found = []
    match = id_re.match(report["id"]) if isinstance(report["id"], str) else None
    if not match or match["lang"] != report["lang"]:
        found.append(f"id {report['id']!r} does not match {id_re.pattern} for lang {report['lang']!r}")
    for key in ("publisher", "title", "text"):
        if not isinstance(report[key], str) or not report[key].strip():
            found.append(f"{key} is empty")
    if report["publisher_country"] is not None and report["publisher_country"] not in country_codes():
        found.append(f"publisher_country {report['publisher_country']!r} is not an ISO 3166-1 alpha-2 country")
    try:
        if datetime.fromisoformat(report["published"]).utcoffset() is None:
            found.append(f"published {report['published']!r} has no UTC offset")
    except (TypeError, ValueError):
        found.append(f"published {report['published']!r} is not an ISO 8601 time")
    words = len(str(report["text"]).split())
    if not WORDS[0] <= words <= WORDS[1]:
        found.append(f"text has {words} words, not {WORDS[0]}-{WORDS[1]}")
    malformed = [key for key in ("parties", "mentioned", "organisations", "kinds")
                 if not isinstance(report[key], list) or len(set(report[key])) != len(report[key])]
    if malformed:
        return found + [f"{key} is not a list without repeats" for key in malformed]
    for key in ("parties", "mentioned", "organisations"):
        if report[key] != sorted(report[key]):
            found.append(f"{key} is not sorted")
    for key in ("parties", "mentioned"):
        found += [f"{key}: {code!r} is not an ISO 3166-1 alpha-2 country"
                  for code in report[key] if code not in country_codes()]
    if set(report["parties"]) & set(report["mentioned"]):
        found.append(f"in both parties and mentioned: {sorted(set(report['parties']) & set(report['mentioned']))}")
    found += [f"organisations: {name!r} is not an upper-case short name"
              for name in report["organisations"] if not ORGANISATION_RE.match(name)]
    if not isinstance(report["cooperation"], bool):
        found.append("cooperation is not true or false")
    elif report["cooperation"]:
        if not report["parties"]:
            found.append("cooperation is true but parties is empty")
        if report["primary_kind"] not in KINDS:
            found.append(f"primary_kind {report['primary_kind']!r} is not one of {sorted(KINDS)}")
        if not report["kinds"] or report["kinds"][0] != report["primary_kind"]:
            found.append("kinds does not start with primary_kind")
        found += [f"kinds: {kind!r} is not a kind" for kind in report["kinds"] if kind not in KINDS]
    elif report["parties"] or report["primary_kind"] is not None or report["kinds"]:
        found.append("cooperation is false but parties, primary_kind or kinds is set")
    if report["story"] is not None and not (isinstance(report["story"], str) and STORY_RE.match(report["story"])):
        found.append(f"story {report['story']!r} is not null or an 's-...' id")
    return found


def test_every_report_is_well_formed() -> None:
    errors = [f"{r['id']}: {message}" for r in load_reports() for message in problems(r)]
    assert not errors, "\n".join(errors)


def test_ids_are_unique() -> None:
    every = (load_reports() + load_extra_reports() + load_v3_reports() + load_v4_reports() + load_v5_reports()
             + load_v5k_reports() + load_v6_reports() + load_v7_reports() + load_v7m_reports() + load_v8_reports()
             + load_v8p_reports() + load_v9_reports())
    repeated = [i for i, n in Counter(r["id"] for r in every).items() if n > 1]
    assert not repeated, f"repeated ids: {repeated}"


def test_size_and_languages() -> None:
    reports = load_reports()
    per_language = Counter(r["lang"] for r in reports)
    assert len(reports) >= MIN_REPORTS, f"{len(reports)} reports, fewer than {MIN_REPORTS}"
    assert len(reports) == ORIGINAL_REPORTS, f"the original set has {len(reports)} reports, not {ORIGINAL_REPORTS}"
    short = {lang: per_language[lang] for lang in MAIN_LANGUAGES if per_language[lang] < MIN_PER_MAIN_LANGUAGE}
    assert not short, f"languages with fewer than {MIN_PER_MAIN_LANGUAGE} reports: {short}"
    assert all(per_language[lang] for lang in EXTRA_LANGUAGES), f"missing {EXTRA_LANGUAGES}: {dict(per_language)}"


def test_negatives_and_every_kind() -> None:
    reports = load_reports()
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= MIN_NEGATIVE_SHARE, f"{negatives}/{len(reports)} negatives"
    assert {r["primary_kind"] for r in reports if r["cooperation"]} == KINDS


def stories(reports: tuple[dict[str, Any], ...]) -> dict[str, list[dict[str, Any]]]:
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for report in reports:
        if report["story"] is not None:
            by_story[report["story"]].append(report)
    return by_story


def check_stories(by_story: dict[str, list[dict[str, Any]]], minimum_wide: int) -> None:
    wide = [s for s, told in by_story.items() if len({r["lang"] for r in told}) >= 3]
    assert len(wide) >= minimum_wide, f"only {len(wide)} stories in 3+ languages"
    for story, told in by_story.items():
        assert len(told) >= 2, f"{story}: a story needs two or more reports (use null for a single one)"
        assert len({r["publisher"] for r in told}) == len(told), f"{story}: one publisher tells it twice"
        assert len({(r["cooperation"], r["primary_kind"]) for r in told}) == 1, \
            f"{story}: reports disagree on cooperation or primary_kind"


def test_stories_are_retold_in_several_languages_by_different_publishers() -> None:
    check_stories(stories(load_reports()), MIN_STORIES_IN_THREE_LANGUAGES)


def test_split_is_by_story_and_follows_the_documented_rule() -> None:
    reports, split = load_reports(), load_split()
    stories = sorted({r["story"] for r in reports if r["story"] is not None})
    singletons = sorted(r["id"] for r in reports if r["story"] is None)
    assert split["held_out_stories"] == stories[0::2], "held_out_stories is not every other story, alphabetically"
    assert split["held_out_singletons"] == singletons[0::2], "held_out_singletons is not every other single report"
    held = held_out_ids()
    for story in stories:
        sides = {r["id"] in held for r in reports if r["story"] == story}
        assert len(sides) == 1, f"{story} is split across held-out and tuning sides"
    assert len(held) / len(reports) >= MIN_HELD_OUT_SHARE, f"{len(held)}/{len(reports)} held out"


@pytest.mark.parametrize("side", ["held_out", "tuning"])
def test_each_side_has_every_language_kind_and_negatives(side: str) -> None:
    held = held_out_ids()
    reports = [r for r in load_reports() if (r["id"] in held) == (side == "held_out")]
    assert {r["lang"] for r in reports} == {r["lang"] for r in load_reports()}
    assert {r["primary_kind"] for r in reports if r["cooperation"]} == KINDS
    assert any(not r["cooperation"] for r in reports)


def test_tuning_extra_reports_are_well_formed() -> None:
    errors = [f"{r['id']}: {message}" for r in load_extra_reports() for message in problems(r, EXTRA_ID_RE)]
    assert not errors, "\n".join(errors)


def test_tuning_extra_size_languages_negatives_and_kinds() -> None:
    reports = load_extra_reports()
    per_language = Counter(r["lang"] for r in reports)
    assert len(reports) >= EXTRA_MIN_REPORTS, f"{len(reports)} tuning-extra reports, fewer than {EXTRA_MIN_REPORTS}"
    short = {lang: per_language[lang] for lang in MAIN_LANGUAGES if per_language[lang] < EXTRA_MIN_PER_MAIN_LANGUAGE}
    short |= {lang: per_language[lang] for lang in EXTRA_LANGUAGES
              if per_language[lang] < EXTRA_MIN_PER_EXTRA_LANGUAGE}
    assert not short, f"tuning-extra languages with too few reports: {short}"
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= EXTRA_MIN_NEGATIVE_SHARE, f"{negatives}/{len(reports)} negatives"
    assert {r["primary_kind"] for r in reports if r["cooperation"]} == KINDS


def test_tuning_extra_stories_are_retold_and_separate_from_the_original_set() -> None:
    by_story = stories(load_extra_reports())
    check_stories(by_story, EXTRA_MIN_STORIES_IN_THREE_LANGUAGES)
    shared = set(by_story) & set(stories(load_reports()))
    assert not shared, f"tuning-extra stories also in the original set: {sorted(shared)}"


def test_tuning_extra_reports_are_never_held_out() -> None:
    split = load_split()
    extra = load_extra_reports()
    held = [r["id"] for r in extra
            if r["story"] in split["held_out_stories"] or r["id"] in split["held_out_singletons"]]
    assert not held, f"tuning-extra reports in the held-out split: {held}"


def test_the_tagging_bench_loads_tuning_extra_reports_as_tuning_only() -> None:
    extra = {r["id"]: r["split"] for r in bench_load_reports() if EXTRA_ID_RE.match(r["id"])}
    assert extra == {r["id"]: "tuning" for r in load_extra_reports()}


def test_heldout_v3_reports_are_well_formed() -> None:
    errors = [f"{r['id']}: {message}" for r in load_v3_reports() for message in problems(r, V3_ID_RE)]
    assert not errors, "\n".join(errors)


def test_heldout_v3_size_languages_negatives_and_kinds() -> None:
    reports = load_v3_reports()
    per_language = Counter(r["lang"] for r in reports)
    assert len(reports) >= V3_MIN_REPORTS, f"{len(reports)} held-out v3 reports, fewer than {V3_MIN_REPORTS}"
    short = {lang: per_language[lang] for lang in V3_MAIN_LANGUAGES if per_language[lang] < V3_MIN_PER_MAIN_LANGUAGE}
    short |= {lang: per_language[lang] for lang in EXTRA_LANGUAGES if per_language[lang] < V3_MIN_PER_EXTRA_LANGUAGE}
    assert not short, f"held-out v3 languages with too few reports: {short}"
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= V3_MIN_NEGATIVE_SHARE, f"{negatives}/{len(reports)} negatives"
    per_kind = Counter(r["primary_kind"] for r in reports if r["cooperation"])
    thin = {kind: per_kind[kind] for kind in KINDS if per_kind[kind] < V3_MIN_PER_KIND}
    assert not thin, f"held-out v3 primary kinds with fewer than {V3_MIN_PER_KIND} reports: {thin}"


def test_heldout_v3_stories_are_retold_and_shared_with_no_other_file() -> None:
    by_story = stories(load_v3_reports())
    check_stories(by_story, V3_MIN_STORIES_IN_THREE_LANGUAGES)
    shared = set(by_story) & (set(stories(load_reports())) | set(stories(load_extra_reports())))
    assert not shared, f"held-out v3 stories also in other files: {sorted(shared)}"


def test_heldout_v3_ids_and_stories_are_not_in_the_split() -> None:
    split = load_split()
    listed = set(split["held_out_stories"]) | set(split["held_out_singletons"])
    found = sorted(r["id"] for r in load_v3_reports() if r["id"] in listed or r["story"] in listed)
    assert not found, f"held-out v3 reports named in split.json: {found}"


def test_the_tagging_bench_loads_every_v3_report_as_held_out_v3() -> None:
    loaded = {r["id"]: (r["split"], r["set"]) for r in bench_load_reports() if V3_ID_RE.match(r["id"])}
    assert loaded == {r["id"]: ("held-out v3", "heldout-v3") for r in load_v3_reports()}


def test_tuning_v4_reports_are_well_formed() -> None:
    errors = [f"{r['id']}: {message}" for r in load_v4_reports() for message in problems(r, V4_ID_RE)]
    assert not errors, "\n".join(errors)


def test_tuning_v4_size_languages_negatives_and_kinds() -> None:
    reports = load_v4_reports()
    per_language = Counter(r["lang"] for r in reports)
    assert len(reports) >= V4_MIN_REPORTS, f"{len(reports)} tuning-v4 reports, fewer than {V4_MIN_REPORTS}"
    short = {lang: per_language[lang] for lang in MAIN_LANGUAGES if per_language[lang] < V4_MIN_PER_MAIN_LANGUAGE}
    assert not short, f"tuning-v4 languages with too few reports: {short}"
    assert set(per_language) >= set(EXTRA_LANGUAGES)
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= V4_MIN_NEGATIVE_SHARE, f"{negatives}/{len(reports)} negatives"
    assert {r["primary_kind"] for r in reports if r["cooperation"]} == KINDS


def test_tuning_v4_stories_are_retold_and_shared_with_no_other_file() -> None:
    by_story = stories(load_v4_reports())
    check_stories(by_story, 3)
    others = set(stories(load_reports())) | set(stories(load_extra_reports())) | set(stories(load_v3_reports()))
    assert not set(by_story) & others, f"tuning-v4 stories also in other files: {sorted(set(by_story) & others)}"


def test_tuning_v4_reports_are_never_held_out() -> None:
    split = load_split()
    listed = set(split["held_out_stories"]) | set(split["held_out_singletons"])
    found = sorted(r["id"] for r in load_v4_reports() if r["id"] in listed or r["story"] in listed)
    assert not found, f"tuning-v4 reports named in split.json: {found}"


def test_the_tagging_bench_loads_every_v4_report_as_tuning() -> None:
    loaded = {r["id"]: (r["split"], r["set"]) for r in bench_load_reports() if V4_ID_RE.match(r["id"])}
    assert loaded == {r["id"]: ("tuning", "tuning-v4") for r in load_v4_reports()}


def check_size_languages_negatives(name: str, reports: tuple[dict[str, Any], ...], minimum: int,
                                   languages: tuple[str, ...], per_language_minimum: int,
                                   negative_share: float) -> None:
    """A later tuning batch has its minimum size, every language it names and its share of negatives."""
    per_language = Counter(r["lang"] for r in reports)
    assert len(reports) >= minimum, f"{len(reports)} {name} reports, fewer than {minimum}"
    short = {lang: per_language[lang] for lang in languages if per_language[lang] < per_language_minimum}
    assert not short, f"{name} languages with too few reports: {short}"
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= negative_share, f"{negatives}/{len(reports)} negatives"


def test_tuning_v5_size_languages_negatives_and_kinds() -> None:
    reports = load_v5_reports()
    check_size_languages_negatives("tuning-v5", reports, V5_MIN_REPORTS, V5_LANGUAGES, V5_MIN_PER_LANGUAGE,
                                   V5_MIN_NEGATIVE_SHARE)
    assert {r["primary_kind"] for r in reports if r["cooperation"]} == KINDS


def test_tuning_v5_stories_are_retold_and_shared_with_no_other_file() -> None:
    by_story = stories(load_v5_reports())
    check_stories(by_story, 2)
    others = (set(stories(load_reports())) | set(stories(load_extra_reports())) | set(stories(load_v3_reports()))
              | set(stories(load_v4_reports())))
    assert not set(by_story) & others, f"tuning-v5 stories also in other files: {sorted(set(by_story) & others)}"


LATER_TUNING = [("tuning-v5", load_v5_reports, V5_ID_RE), ("tuning-v5k", load_v5k_reports, V5K_ID_RE),
                ("tuning-v6", load_v6_reports, V6_ID_RE), ("tuning-v7", load_v7_reports, V7_ID_RE),
                ("tuning-v7m", load_v7m_reports, V7M_ID_RE), ("tuning-v8", load_v8_reports, V8_ID_RE),
                ("tuning-v8p", load_v8p_reports, V8P_ID_RE), ("tuning-v9", load_v9_reports, V9_ID_RE)]


@pytest.mark.parametrize(("name", "loader", "id_re"), LATER_TUNING, ids=[t[0] for t in LATER_TUNING])
def test_later_tuning_reports_are_well_formed_never_held_out_and_loaded_as_tuning(name, loader, id_re) -> None:
    errors = [f"{r['id']}: {message}" for r in loader() for message in problems(r, id_re)]
    assert not errors, "\n".join(errors)
    split = load_split()
    listed = set(split["held_out_stories"]) | set(split["held_out_singletons"])
    found = sorted(r["id"] for r in loader() if r["id"] in listed or r["story"] in listed)
    assert not found, f"{name} reports named in split.json: {found}"
    loaded = {r["id"]: (r["split"], r["set"]) for r in bench_load_reports() if id_re.match(r["id"])}
    assert loaded == {r["id"]: ("tuning", name) for r in loader()}


def test_tuning_v5k_size_languages_negatives_and_kinds() -> None:
    reports = load_v5k_reports()
    per_language = Counter(r["lang"] for r in reports)
    assert len(reports) >= V5K_MIN_REPORTS, f"{len(reports)} tuning-v5k reports, fewer than {V5K_MIN_REPORTS}"
    languages = [lang for lang in MAIN_LANGUAGES + EXTRA_LANGUAGES if lang != "it"]
    short = {lang: per_language[lang] for lang in languages if per_language[lang] < V5K_MIN_PER_LANGUAGE}
    assert not short, f"tuning-v5k languages with too few reports: {short}"
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= V5K_MIN_NEGATIVE_SHARE, f"{negatives}/{len(reports)} negatives"
    assert {r["primary_kind"] for r in reports if r["cooperation"]} == KINDS


def test_tuning_v5k_stories_are_shared_with_no_other_file() -> None:
    others = set(stories(load_reports())) | set(stories(load_extra_reports())) | set(stories(load_v3_reports())) \
        | set(stories(load_v4_reports()))
    shared = set(stories(load_v5k_reports())) & others
    assert not shared, f"tuning-v5k stories also in other files: {sorted(shared)}"


def test_tuning_v6_size_languages_negatives_and_multilateral_items() -> None:
    reports = load_v6_reports()
    check_size_languages_negatives("tuning-v6", reports, V6_MIN_REPORTS, V6_LANGUAGES, V6_MIN_PER_LANGUAGE,
                                   V6_MIN_NEGATIVE_SHARE)
    multi = sum(r["cooperation"] and len(r["parties"]) >= 3 for r in reports)
    assert multi >= V6_MIN_MULTI_PARTY, f"{multi} tuning-v6 reports with three or more parties"


def test_tuning_v6_stories_are_retold_and_shared_with_no_other_file() -> None:
    by_story = stories(load_v6_reports())
    check_stories(by_story, 1)
    assert all(story.startswith("s-v6-") for story in by_story), sorted(by_story)
    others = (set(stories(load_reports())) | set(stories(load_extra_reports())) | set(stories(load_v3_reports()))
              | set(stories(load_v4_reports())) | set(stories(load_v5_reports())))
    assert not set(by_story) & others, f"tuning-v6 stories also in other files: {sorted(set(by_story) & others)}"


def test_tuning_v7_size_languages_negatives_and_stories() -> None:
    reports = load_v7_reports()
    assert len(reports) >= V7_MIN_REPORTS, f"{len(reports)} tuning-v7 reports, fewer than {V7_MIN_REPORTS}"
    languages = {r["lang"] for r in reports}
    assert len(languages) >= V7_MIN_LANGUAGES, f"tuning-v7 has {len(languages)} languages: {sorted(languages)}"
    negatives = sum(not r["cooperation"] for r in reports)
    assert negatives / len(reports) >= V7_MIN_NEGATIVE_SHARE, f"{negatives}/{len(reports)} negatives"
    by_story = stories(reports)
    check_stories(by_story, 1)
    assert all(story.startswith("s-v7-") for story in by_story), sorted(by_story)
    others = (set(stories(load_reports())) | set(stories(load_extra_reports())) | set(stories(load_v3_reports()))
              | set(stories(load_v4_reports())) | set(stories(load_v5_reports())) | set(stories(load_v6_reports())))
    assert not set(by_story) & others, f"tuning-v7 stories also in other files: {sorted(set(by_story) & others)}"


PAIR_BATCHES = [("tuning-v7m", load_v7m_reports, V7M_MIN_REPORTS, V7M_LANGUAGES, V7M_MIN_PER_LANGUAGE,
                 V7M_MIN_NEGATIVE_SHARE),
                ("tuning-v8p", load_v8p_reports, V8P_MIN_REPORTS, V8P_LANGUAGES, V8P_MIN_PER_LANGUAGE,
                 V8P_MIN_NEGATIVE_SHARE)]


@pytest.mark.parametrize(("name", "loader", "minimum", "languages", "per_language", "negative_share"), PAIR_BATCHES,
                         ids=[b[0] for b in PAIR_BATCHES])
def test_pair_batches_size_languages_negatives_and_stories(name, loader, minimum, languages, per_language,
                                                           negative_share) -> None:
    """The batches on false pair feeds (tuning-v7m, tuning-v8p): size, languages, negatives, own story ids."""
    reports = loader()
    check_size_languages_negatives(name, reports, minimum, languages, per_language, negative_share)
    prefix = "s-" + name.removeprefix("tuning-") + "-"
    by_story = stories(reports)
    assert all(story.startswith(prefix) for story in by_story), sorted(by_story)


def test_tuning_v8_size_languages_negatives_and_stories() -> None:
    reports = load_v8_reports()
    check_size_languages_negatives("tuning-v8", reports, V8_MIN_REPORTS, V8_LANGUAGES, V8_MIN_PER_LANGUAGE,
                                   V8_MIN_NEGATIVE_SHARE)
    by_story = stories(reports)
    check_stories(by_story, 1)
    assert all(story.startswith("s-v8-") for story in by_story), sorted(by_story)
    others = {story for loader in (load_reports, load_extra_reports, load_v3_reports, load_v4_reports,
                                   load_v5_reports, load_v5k_reports, load_v6_reports, load_v7_reports,
                                   load_v7m_reports, load_v8p_reports) for story in stories(loader())}
    assert not set(by_story) & others, f"tuning-v8 stories also in other files: {sorted(set(by_story) & others)}"


def test_heldout_v4_reports_are_well_formed() -> None:
    errors = [f"{r['id']}: {message}" for r in load_blind4_reports() for message in problems(r, BLIND4_ID_RE)]
    assert not errors, "\n".join(errors)


def check_shares_nothing_with_other_files(name: str, bench_set: str, reports: tuple[dict[str, Any], ...]) -> None:
    """No story and no id of the batch `bench_set` (the tagging bench's name) is in another file the bench loads."""
    others = [r for r in bench_load_reports() if r["set"] != bench_set]
    shared = set(stories(reports)) & {r["story"] for r in others if r.get("story")}
    assert not shared, f"{name} stories also in other files: {sorted(shared)}"
    assert not {r["id"] for r in reports} & {r["id"] for r in others}


def test_heldout_v4_size_languages_negatives_and_stories() -> None:
    reports = load_blind4_reports()
    languages = tuple(sorted({r["lang"] for r in reports}))
    assert len(languages) >= BLIND4_MIN_LANGUAGES, f"held-out v4 languages: {languages}"
    check_size_languages_negatives("held-out v4", reports, BLIND4_MIN_REPORTS, languages, BLIND4_MIN_PER_LANGUAGE,
                                   BLIND4_MIN_NEGATIVE_SHARE)
    check_stories(stories(reports), BLIND4_MIN_WIDE_STORIES)


def test_heldout_v4_stories_and_ids_belong_to_no_other_file_nor_the_split() -> None:
    reports = load_blind4_reports()
    check_shares_nothing_with_other_files("held-out v4", "heldout-v4", reports)
    split = load_split()
    listed = set(split["held_out_stories"]) | set(split["held_out_singletons"])
    assert not [r["id"] for r in reports if r["id"] in listed or r["story"] in listed]


def test_the_tagging_bench_loads_every_v4_report_as_held_out_v4_and_never_trains_on_it() -> None:
    loaded = {r["id"]: (r["split"], r["set"]) for r in bench_load_reports() if BLIND4_ID_RE.match(r["id"])}
    assert loaded == {r["id"]: ("held-out v4", "heldout-v4") for r in load_blind4_reports()}


def test_tuning_v9_size_languages_negatives_and_stories() -> None:
    reports = load_v9_reports()
    check_size_languages_negatives("tuning-v9", reports, V9_MIN_REPORTS, V9_LANGUAGES, V9_MIN_PER_LANGUAGE,
                                   V9_MIN_NEGATIVE_SHARE)
    by_story = stories(reports)
    check_stories(by_story, V9_MIN_WIDE_STORIES)
    assert all(story.startswith("s-v9-") for story in by_story), sorted(by_story)
    check_shares_nothing_with_other_files("tuning-v9", "tuning-v9", reports)
