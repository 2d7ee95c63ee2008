"""normalise() on the real dev-set pages, read in place: floors at the held-out figures.

The dev set lives at $ATTACHE_DEVSET (default: <repo>/../shared/data/devset); without it these
tests are skipped with the reason printed. Scoring is bench/extract_scoring.py (see its README).
Figures are held out by publisher as in `make bench-extract`: each of the committed folds
(bench/extract_folds.json) is scored on its own publishers' pages, and the floor applies to the mean
over folds. normalise() gets the raw page bytes, as the pipeline gives it a response's body.
"""

from __future__ import annotations

import logging

import pytest

from bench.extract_ablations import ABLATIONS, check_ablation
from bench.extract_scoring import (
    LINKS_FILE,
    devset_dir,
    fold_of_pages,
    fold_rule,
    held_out,
    iter_devset,
    load_folds,
    load_link_labels,
    per_fold,
    score_record,
)
from scraper.normalise import normalise
from scraper.normalise.limits import PAGE_ELEMENTS, cap_elements, cut_page

# Held-out figures (mean over the publisher folds, raw bytes; docs/extraction.md, *Benchmark*) rounded
# down to two decimals: a regression fails, noise does not.
FLOORS = {
    "body_f1": 0.96,
    "title_exact": 0.86,
    "day": 0.99,
    "minute": 0.97,
    "authors_f1": 0.87,
    "language": 1.0,
    "links_r": 0.98,
}
MIN_LINK_PAGES = 24


def _devset_folder():
    folder = devset_dir()
    if not (folder / "pages").is_dir():
        reason = f"dev set not found at {folder} (set ATTACHE_DEVSET to its folder)"
        print(reason)
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="module")
def devset_pages():
    return list(iter_devset(_devset_folder()))


@pytest.fixture(scope="module")
def devset_scores(devset_pages):
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    links = load_link_labels()
    scores = []
    for page in devset_pages:
        raised = None
        record: dict = {}
        try:
            article = normalise(page.html, page.url)
            record = {"title": article.title, "body": article.body_text, "published": article.published,
                      "authors": article.authors, "language": article.language, "body_html": article.body_html}
        except Exception as exc:  # noqa: BLE001 - counted, asserted to be zero below
            raised = f"{type(exc).__name__}: {exc}"
        scores.append(score_record(page.name, record, page.expected, raised, links.get(page.name)))
    return scores


@pytest.fixture(scope="module")
def held_out_summary(devset_pages, devset_scores):
    k, folds = load_folds()
    fold_summaries = per_fold(devset_scores, fold_of_pages(devset_pages, folds), k)
    for index, summary in enumerate(fold_summaries):
        print(f"fold {index}: {summary.pages} pages, body F1 {summary.body_f1:.3f}")
    return held_out(fold_summaries)[0]


def test_devset_no_page_raises(devset_scores) -> None:
    assert len(devset_scores) >= 100
    assert [s.name for s in devset_scores if s.raised] == []


def test_no_devset_page_reaches_the_element_bound(devset_pages) -> None:
    """The element bound (`limits.PAGE_ELEMENTS`) cuts hostile pages only: every dev-set page is parsed whole
    with a margin of two: none has even half the bound (the most: 4,110 start tags)."""
    capped = [page.name for page in devset_pages
              if cap_elements(cut := cut_page(page.html, page.url), page.url, PAGE_ELEMENTS // 2) is not cut]
    assert capped == []


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_devset_held_out_floor(held_out_summary, metric: str) -> None:
    value = getattr(held_out_summary, metric)
    assert value is not None, f"{metric}: no page to score it on"
    print(f"{metric}: {value:.3f} held out (floor {FLOORS[metric]})")
    assert value >= FLOORS[metric], f"{metric} {value:.3f} below floor {FLOORS[metric]}"


def test_every_publisher_has_its_committed_fold(devset_pages) -> None:
    """The fold file covers the dev set and still says what its rule says (it cannot drift)."""
    k, folds = load_folds()
    publishers = {page.expected["publisher"] for page in devset_pages}
    assert publishers <= set(folds), f"publishers without a fold: {sorted(publishers - set(folds))}"
    moved = {p: f for p, f in folds.items() if f != fold_rule(p, k)}
    assert moved == {}, f"folds that differ from the rule: {moved}"
    assert len({folds[p] for p in publishers}) == k


def test_link_labels_cover_enough_devset_pages(devset_pages, devset_scores) -> None:
    labels = load_link_labels()
    names = {page.name for page in devset_pages}
    assert set(labels) <= names, f"{LINKS_FILE.name} names pages not in the dev set: {sorted(set(labels) - names)}"
    labelled = [s for s in devset_scores if s.name in labels]
    assert len(labelled) >= MIN_LINK_PAGES and all(labels[s.name] for s in labelled)
    assert len({s.publisher for s in labelled}) == len(labelled), "one labelled page per publisher"
    assert all(s.links_r is not None for s in labelled)


@pytest.mark.parametrize("rule", sorted(ABLATIONS))
def test_ablation_switch_targets_exist(rule: str) -> None:
    """`bench_extract --ablate RULE` patches these attributes; a rename must be noticed here."""
    assert check_ablation(ABLATIONS[rule]) is None, check_ablation(ABLATIONS[rule])
