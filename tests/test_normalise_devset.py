"""normalise() on the real dev-set pages, read in place: floors just below the achieved figures.

The dev set lives at $ATTACHE_DEVSET (default: <repo>/../shared/data/devset); without it the
test is skipped with the reason printed. Scoring is bench/extract_scoring.py (see its README).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bench.extract_scoring import devset_dir, iter_devset, score_record, summarise
from scraper.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent

# Achieved (see docs/extraction.md) minus a small margin: a regression fails, noise does not.
FLOORS = {
    "body_f1": 0.96,
    "title_exact": 0.85,
    "day": 0.98,
    "minute": 0.97,
    "authors_f1": 0.85,
    "language": 0.98,
}


@pytest.fixture(scope="module")
def devset_summary():
    folder = devset_dir()
    if not (folder / "pages").is_dir():
        reason = f"dev set not found at {folder} (set ATTACHE_DEVSET to its folder)"
        print(reason)
        pytest.skip(reason)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    scores = []
    for page in iter_devset(folder):
        raised = None
        record: dict = {}
        try:
            article = normalise(page.html, page.url)
            record = {"title": article.title, "body": article.body_text, "published": article.published,
                      "authors": article.authors, "language": article.language}
        except Exception as exc:  # noqa: BLE001 - counted, asserted to be zero below
            raised = f"{type(exc).__name__}: {exc}"
        scores.append(score_record(page.name, record, page.expected, raised))
    return scores, summarise(scores)


def test_devset_no_page_raises(devset_summary) -> None:
    scores, summary = devset_summary
    assert summary.pages >= 100
    assert [s.name for s in scores if s.raised] == []


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_devset_floor(devset_summary, metric: str) -> None:
    _, summary = devset_summary
    value = getattr(summary, metric)
    print(f"{metric}: {value:.3f} (floor {FLOORS[metric]})")
    assert value is not None and value >= FLOORS[metric], f"{metric} {value:.3f} below floor {FLOORS[metric]}"
