"""Scoring of extracted article records against the dev set (see the dev set's README).

Importable without the project (no Scrapy, no `scraper` import) so that the benchmark and the
tests share one implementation.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html
from w3lib.url import canonicalize_url

REPO_ROOT = Path(__file__).resolve().parent.parent
_WS = re.compile(r"\s+")
FOLDS_FILE = REPO_ROOT / "bench" / "extract_folds.json"
"""Publisher → fold (0..k-1), committed: `fold_rule` made it; it is read, never recomputed."""
LINKS_FILE = REPO_ROOT / "tests" / "fixtures" / "links" / "in_article_links.json"
"""Labelled in-article links of dev-set pages (docs/extraction.md, *Link labels*)."""


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


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment, one line per block element (for extractors that give HTML
    only; scored like every other body)."""
    if not fragment or not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
                        "br", "dd", "dt", "figcaption", "section", "article", "ul", "ol", "table"):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = (norm_text(line) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def canonical_href(href: str, base: str) -> str:
    """An href as compared: absolute against `base`, canonicalised, without fragment."""
    return canonicalize_url(urljoin(base, href.strip()), keep_fragments=False)


def html_links(fragment: str | None, base: str) -> set[str]:
    """Canonical absolute hrefs of the `<a href>` links of an HTML fragment."""
    if not fragment or not fragment.strip():
        return set()
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return {canonical_href(a.get("href"), base) for a in root.iter("a")
            if a.get("href") and not a.get("href").startswith(("#", "javascript:", "mailto:"))}


def link_scores(predicted_html: str | None, gold: set[str], base: str) -> tuple[float | None, float]:
    """(precision, recall) of the links of `predicted_html` against canonical labelled hrefs; no
    predicted link: precision None (nothing to judge; never counted as perfect), recall 0."""
    predicted = html_links(predicted_html, base)
    if not predicted:
        return None, (1.0 if not gold else 0.0)
    if not gold:
        return 0.0, 1.0
    hit = len(predicted & gold)
    return hit / len(predicted), hit / len(gold)


def load_link_labels(path: str | os.PathLike[str] | None = None) -> dict[str, set[str]]:
    """Page stem → canonical labelled in-article hrefs (resolved against the page URL)."""
    source = Path(path) if path else LINKS_FILE
    data = json.loads(source.read_text(encoding="utf-8"))
    labels: dict[str, set[str]] = {}
    for stem, page in data["pages"].items():
        try:
            labels[stem] = {canonical_href(link["href"], link["href"]) for link in page["links"]}
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{source}: page {stem!r} has a link without 'href' ({exc})") from exc
    return labels


# ---------------------------------------------------------------- publisher folds
def fold_rule(publisher: str, k: int) -> int:
    """The fold of a publisher: SHA-256 of its name (UTF-8) as an integer, modulo k."""
    return int(hashlib.sha256(publisher.encode("utf-8")).hexdigest(), 16) % k


def load_folds(path: str | os.PathLike[str] | None = None) -> tuple[int, dict[str, int]]:
    """(k, publisher → fold) from the committed fold file."""
    source = Path(path) if path else FOLDS_FILE
    data = json.loads(source.read_text(encoding="utf-8"))
    try:
        k, publishers = int(data["k"]), {str(p): int(f) for p, f in data["publishers"].items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{source}: needs 'k' and 'publishers' {{name: fold}} ({exc})") from exc
    bad = {p: f for p, f in publishers.items() if not 0 <= f < k}
    if bad:
        raise ValueError(f"{source}: folds outside 0..{k - 1}: {bad}")
    return k, publishers


def fold_of_pages(pages: Iterable[DevPage], folds: dict[str, int]) -> dict[str, int]:
    """Page name → fold; a publisher missing from the fold file is an error naming it."""
    out: dict[str, int] = {}
    missing: set[str] = set()
    for page in pages:
        publisher = page.expected.get("publisher") or "?"
        if publisher in folds:
            out[page.name] = folds[publisher]
        else:
            missing.add(publisher)
    if missing:
        raise ValueError(f"publishers missing from {FOLDS_FILE.name}: {sorted(missing)} "
                         "(add them with `python -m bench.bench_extract --write-folds`)")
    return out


# ---------------------------------------------------------------- aggregation
@dataclass
class PageScore:
    """Scores of one page (None: not applicable)."""

    name: str
    language: str
    publisher: str = ""
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
    links_p: float | None = None
    links_r: float | None = None
    """Link precision/recall of `body_html` on a page with labelled links (None: not labelled, or
    the extractor gives no HTML)."""


def score_record(name: str, record: dict[str, Any] | None, expected: dict[str, Any],
                 raised: str | None = None, links: set[str] | None = None) -> PageScore:
    """Score one predicted record (keys: title, body, published, authors, language, and body_html
    when the extractor gives HTML); `links` are the page's labelled in-article hrefs, if any."""
    score = PageScore(name=name, language=expected.get("language") or "?",
                      publisher=expected.get("publisher") or "?", raised=raised)
    if record is None:
        record = {}
    score.body_p, score.body_r, score.body_f1 = body_scores(record.get("body"), expected.get("body"))
    score.title_exact, score.title_fuzzy = title_scores(record.get("title"), expected.get("title"))
    score.day, score.minute = date_scores(record.get("published"), expected)
    score.authors_f1 = authors_f1(record.get("authors"), expected.get("authors"))
    score.language_ok = language_ok(record.get("language"), expected.get("language"))
    if links is not None and (raised or "body_html" in record):
        score.links_p, score.links_r = link_scores(record.get("body_html"), links, expected["url"])
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
    links_p: float | None = None
    links_r: float | None = None
    links_pages: int = 0
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
    linked = [s for s in scores if s.links_r is not None]
    precisions = [s.links_p for s in linked if s.links_p is not None]
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
        links_p=_mean(precisions) if precisions else None,
        links_r=_mean([s.links_r or 0.0 for s in linked]) if linked else None,
        links_pages=len(linked),
        seconds=seconds,
        pages_per_s=n / seconds if seconds > 0 else 0.0,
    )


SPREAD_FIELDS = ("body_p", "body_r", "body_f1", "title_exact", "title_fuzzy", "day", "minute", "authors_f1",
                 "language", "links_p", "links_r")


def per_fold(scores: list[PageScore], fold_of: dict[str, int], k: int) -> list[Summary]:
    """One summary per fold, of the pages whose publisher is in that fold."""
    groups: list[list[PageScore]] = [[] for _ in range(k)]
    for score in scores:
        groups[fold_of[score.name]].append(score)
    return [summarise(group) for group in groups]


def held_out(folds: list[Summary]) -> tuple[Summary, dict[str, float]]:
    """(mean over folds of each field, standard deviation over folds of each field); a field no
    page of a fold has (minute, authors, links) leaves that fold out of its mean."""
    mean = Summary(pages=sum(f.pages for f in folds), raised=sum(f.raised for f in folds),
                   minute_pages=sum(f.minute_pages for f in folds),
                   authors_pages=sum(f.authors_pages for f in folds),
                   links_pages=sum(f.links_pages for f in folds))
    spread: dict[str, float] = {}
    for name in SPREAD_FIELDS:
        values = [getattr(f, name) for f in folds if f.pages and getattr(f, name) is not None]
        if not values:
            setattr(mean, name, None)
            continue
        avg = sum(values) / len(values)
        setattr(mean, name, avg)
        spread[name] = math.sqrt(sum((v - avg) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return mean, spread
