"""One entry per story: group reports of the same event from different outlets and languages.

Two signals, both language-independent:
- text near-duplicates: MinHash (datasketch) over character 5-gram shingles of the folded text,
  with an LSH index for candidates; catches syndicated and lightly rewritten copies;
- anchors, for translations and rewrites: the numbers in the text (dates, counts, editions,
  plan years, "1,200" = "1.200"), proper names (transliterated to Latin, cut to 5 letters so
  "Bayramov", "Байрамов" and "Bayramovun" agree) and the countries tagged.
A pair is the same story when published within `window` of each other and either the estimated
text Jaccard reaches `text_threshold`, or both have the same countries and either their numbers
agree (weighted Jaccard >= `anchor_threshold`, at least `min_shared` shared non-year numbers) or
they share at least `min_names` proper names (overlap >= `name_overlap`).
Groups are the connected components of those pairs.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from datasketch import MinHash, MinHashLSH

from .countries import is_country_word, tag_countries
from .text import fold, tokenize

logger = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE = 5
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*")
_SPACES = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class GroupingParams:
    """Tuned on the tuning split of tests/fixtures/tagging/cooperation_eval.jsonl."""

    window: timedelta = timedelta(days=3)
    text_threshold: float = 0.45
    anchor_threshold: float = 0.5
    min_shared: int = 2
    year_weight: float = 0.25
    min_names: int = 3
    name_overlap: float = 0.3


@dataclass
class _Doc:
    key: Hashable
    published: datetime | None
    minhash: MinHash
    countries: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Character n-grams of the folded, space-normalised text (safe for any script)."""
    norm = _SPACES.sub(" ", fold(text)).strip()
    if len(norm) <= size:
        return {norm} if norm else set()
    return {norm[i:i + size] for i in range(len(norm) - size + 1)}


def numbers(text: str) -> frozenset[str]:
    """Number anchors: digit groups with thousands separators removed ("1,200" -> "1200")."""
    return frozenset(re.sub(r"\D", "", m.group()).lstrip("0") or "0" for m in _NUMBER.finditer(text))


_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
})
_GENERIC_TEXT = (
    "minis defen defe gener colon force armed chief staff depar head branc inter coope plan repub state"
    " unite natio presi prime secre deput comma admir major lieut milit news the"
)
_GENERIC = frozenset(_GENERIC_TEXT.split())


def names(text: str) -> frozenset[str]:
    """Proper-name anchors: capitalised words inside sentences, transliterated and cut to 5 letters."""
    found = set()
    for token in tokenize(text):
        if token.sentence_start or not token.capitalised or len(token.key) < 4 or token.key.isdigit():
            continue
        if is_country_word(token.key):
            continue
        key = token.key.translate(_TRANSLIT).replace("kh", "h").replace("y", "i").replace("j", "i")
        key = re.sub(r"(.)\1", r"\1", key)[:5]
        if key not in _GENERIC:
            found.add(key)
    return frozenset(found)


def _is_year(number: str) -> bool:
    return len(number) == 4 and 1900 <= int(number) <= 2100


def _anchor_similarity(a: frozenset[str], b: frozenset[str], params: GroupingParams) -> tuple[float, int]:
    def weight(n: str) -> float:
        return params.year_weight if _is_year(n) else 1.0

    shared = a & b
    union = a | b
    if not union:
        return 0.0, 0
    score = sum(weight(n) for n in shared) / sum(weight(n) for n in union)
    return score, sum(1 for n in shared if not _is_year(n))


def _doc(key: Hashable, title: str, text: str, published: datetime | None) -> _Doc:
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in shingles(f"{title} {text}")])
    countries = frozenset(tag_countries(title, text))
    both = f"{title}\n{text}"
    return _Doc(key, published, minhash, countries, numbers(both), names(both))


def _close_in_time(a: _Doc, b: _Doc, window: timedelta) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs(a.published - b.published) <= window


def same_story(a: _Doc, b: _Doc, params: GroupingParams) -> bool:
    """The pair decision (see the module docstring)."""
    if not _close_in_time(a, b, params.window):
        return False
    if a.minhash.jaccard(b.minhash) >= params.text_threshold:
        return True
    if not a.countries or a.countries != b.countries:
        return False
    score, shared = _anchor_similarity(a.numbers, b.numbers, params)
    if score >= params.anchor_threshold and shared >= params.min_shared:
        return True
    common = len(a.names & b.names)
    smaller = min(len(a.names), len(b.names)) or 1
    return common >= params.min_names and common / smaller >= params.name_overlap


def group_stories(items: Sequence[tuple[Hashable, str, str, datetime | None]],
                  params: GroupingParams | None = None) -> list[list[Hashable]]:
    """Cluster (key, title, text, published) items into stories; every item is in exactly one group.

    Groups keep input order (by their first item, and items within a group).
    """
    params = params or GroupingParams()
    docs = [_doc(*item) for item in items]
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    candidates: set[tuple[int, int]] = set()
    lsh = MinHashLSH(threshold=params.text_threshold, num_perm=NUM_PERM)
    for i, doc in enumerate(docs):
        for j in lsh.query(doc.minhash):
            candidates.add((j, i))
        lsh.insert(i, doc.minhash)
    by_countries: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        if doc.countries:
            for j in by_countries[doc.countries]:
                candidates.add((j, i))
            by_countries[doc.countries].append(i)
    for i, j in sorted(candidates):
        if find(i) != find(j) and same_story(docs[i], docs[j], params):
            union(i, j)
    groups: dict[int, list[Hashable]] = {}
    for i, doc in enumerate(docs):
        groups.setdefault(find(i), []).append(doc.key)
    return list(groups.values())
