"""Scoring of extracted article records against the dev set (see the dev set's README).

Importable without the project (no Scrapy, no `scraper` import) so that the benchmark and the
tests share one implementation.
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
_WS = re.compile(r"\s+")


def devset_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The dev set folder: `override`, else `ATTACHE_DEVSET`, else `<repo>/../shared/data/devset`."""
    if override:
        return Path(override)
    env = os.environ.get("ATTACHE_DEVSET")
    if env:
        return Path(env)
    return (REPO_ROOT / ".." / "shared" / "data" / "devset").resolve()


@dataclass
class DevPage:
    """One dev-set page: the raw (decompressed) bytes and the expected record."""

    name: str
    html: bytes
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return self.expected["url"]


def iter_devset(folder: str | os.PathLike[str] | None = None) -> Iterator[DevPage]:
    """Yield the pages of the dev set in name order (reads `pages/*.html.gz` + `.json`)."""
    root = devset_dir(folder)
    pages = root / "pages" if (root / "pages").is_dir() else root
    for path in sorted(pages.glob("*.html.gz")):
        stem = path.name[: -len(".html.gz")]
        expected = json.loads((pages / f"{stem}.json").read_text(encoding="utf-8"))
        yield DevPage(stem, gzip.decompress(path.read_bytes()), expected)


# ---------------------------------------------------------------- per-field scores
def norm_text(text: str | None) -> str:
    """Unicode NFC and collapsed whitespace."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def shingles(text: str | None, size: int = 4) -> set[tuple[str, ...]]:
    """The set of `size`-word shingles of a text (a shorter text gives one shingle)."""
    words = norm_text(text).split()
    if not words:
        return set()
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def body_scores(predicted: str | None, expected: str | None) -> tuple[float, float, float]:
    """(precision, recall, F1) of predicted 4-word shingles against the expected ones.

    An empty prediction scores precision 1 (it claims nothing) and recall 0.
    """
    pred, gold = shingles(predicted), shingles(expected)
    if not gold:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 1.0, 0.0)
    if not pred:
        return 1.0, 0.0, 0.0
    hit = len(pred & gold)
    precision, recall = hit / len(pred), hit / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if hit else 0.0
    return precision, recall, f1


def title_scores(predicted: str | None, expected: str | None) -> tuple[bool, float]:
    """(exact match after NFC + whitespace collapsing, fuzzy ratio 0..1)."""
    a, b = norm_text(predicted), norm_text(expected)
    return a == b, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def date_scores(predicted: datetime | str | None, expected: dict[str, Any]) -> tuple[bool, bool | None]:
    """(same calendar day in the expected offset, same minute or None when the time is unknown)."""
    gold = _as_datetime(expected.get("published"))
    pred = _as_datetime(predicted)
    has_time = bool(expected.get("published_has_time"))
    if gold is None:
        return False, None
    if pred is None:
        return False, (False if has_time else None)
    gold_tz = gold.tzinfo or UTC
    if gold.tzinfo is None:
        gold = gold.replace(tzinfo=gold_tz)
    if pred.tzinfo is None:
        pred = pred.replace(tzinfo=UTC)
    local = pred.astimezone(gold_tz)
    same_day = local.date() == gold.date()
    if not has_time:
        return same_day, None
    same_minute = local.replace(second=0, microsecond=0) == gold.replace(second=0, microsecond=0)
    return same_day, same_minute


def authors_f1(predicted: Iterable[str] | None, expected: Iterable[str] | None) -> float | None:
    """Set F1 of case-folded author names; None when no authors are expected."""
    gold = {norm_text(a).casefold() for a in expected or [] if norm_text(a)}
    if not gold:
        return None
    pred = {norm_text(a).casefold() for a in predicted or [] if norm_text(a)}
    hit = len(pred & gold)
    if not hit:
        return 0.0
    precision, recall = hit / len(pred), hit / len(gold)
    return 2 * precision * recall / (precision + recall)


def language_ok(predicted: str | None, expected: str | None) -> bool:
    """Primary language subtags agree (`de-AT` counts as `de`; `nb`/`nn` count as `no`)."""
    def primary(code: str | None) -> str:
        tag = (code or "").replace("_", "-").split("-")[0].lower()
        return "no" if tag in {"nb", "nn"} else tag

    return bool(predicted) and primary(predicted) == primary(expected)


# ---------------------------------------------------------------- aggregation
@dataclass
class PageScore:
    """Scores of one page (None: not applicable)."""

    name: str
    language: str
    raised: str | None = None
    body_p: float = 0.0
    body_r: float = 0.0
    body_f1: float = 0.0
    title_exact: bool = False
    title_fuzzy: float = 0.0
    day: bool = False
    minute: bool | None = None
    authors_f1: float | None = None
    language_ok: bool = False


def score_record(name: str, record: dict[str, Any] | None, expected: dict[str, Any],
                 raised: str | None = None) -> PageScore:
    """Score one predicted record (keys: title, body, published, authors, language)."""
    score = PageScore(name=name, language=expected.get("language") or "?", raised=raised)
    if record is None:
        record = {}
    score.body_p, score.body_r, score.body_f1 = body_scores(record.get("body"), expected.get("body"))
    score.title_exact, score.title_fuzzy = title_scores(record.get("title"), expected.get("title"))
    score.day, score.minute = date_scores(record.get("published"), expected)
    score.authors_f1 = authors_f1(record.get("authors"), expected.get("authors"))
    score.language_ok = language_ok(record.get("language"), expected.get("language"))
    return score


@dataclass
class Summary:
    """Means over a set of page scores."""

    pages: int = 0
    raised: int = 0
    body_p: float = 0.0
    body_r: float = 0.0
    body_f1: float = 0.0
    title_exact: float = 0.0
    title_fuzzy: float = 0.0
    day: float = 0.0
    minute: float | None = None
    minute_pages: int = 0
    authors_f1: float | None = None
    authors_pages: int = 0
    language: float | None = 0.0
    """None when the extractor does not report a language at all."""
    seconds: float = 0.0
    pages_per_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summarise(scores: list[PageScore], seconds: float = 0.0) -> Summary:
    """Aggregate page scores into means (same-minute and authors over applicable pages only)."""
    n = len(scores)
    minutes = [float(s.minute) for s in scores if s.minute is not None]
    authors = [s.authors_f1 for s in scores if s.authors_f1 is not None]
    return Summary(
        pages=n,
        raised=sum(1 for s in scores if s.raised),
        body_p=_mean([s.body_p for s in scores]),
        body_r=_mean([s.body_r for s in scores]),
        body_f1=_mean([s.body_f1 for s in scores]),
        title_exact=_mean([float(s.title_exact) for s in scores]),
        title_fuzzy=_mean([s.title_fuzzy for s in scores]),
        day=_mean([float(s.day) for s in scores]),
        minute=_mean(minutes) if minutes else None,
        minute_pages=len(minutes),
        authors_f1=_mean(authors) if authors else None,
        authors_pages=len(authors),
        language=_mean([float(s.language_ok) for s in scores]),
        seconds=seconds,
        pages_per_s=n / seconds if seconds > 0 else 0.0,
    )
