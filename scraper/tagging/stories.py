"""One entry per story: group reports of the same event from different outlets and languages.

Two signals, both language-independent:
- text near-duplicates: MinHash (numpy, `minhash.py`) over character 5-gram shingles of the folded text,
  with LSH banding for candidates; catches syndicated and lightly rewritten copies;
- anchors, for translations and rewrites: the numbers in the text (dates, counts, editions,
  plan years, "1,200" = "1.200"), proper names (transliterated to Latin, cut to 5 letters so
  "Bayramov", "Байрамов" and "Bayramovun" agree) and the countries tagged.
A pair is the same story when published within `window` of each other and either the estimated
text Jaccard reaches `copy_threshold` (a copy), or it reaches `text_threshold` and both name a
common country or neither names any (templated text about other partners is not the same story),
or both have the same
countries and either their numbers agree (weighted Jaccard >= `anchor_threshold`, at least
`min_shared` shared non-year numbers) or they share at least `min_names` proper names (overlap >=
`name_overlap`). Groups are built from those pairs, but a merge is refused when the group would span
more than `window` or hold two reports whose countries do not overlap, so no chain of pairs
(a daily series, one report without countries between two stories) becomes one story.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .countries import is_country_word, tag_countries
from .minhash import NUM_PERM, SHINGLE, lsh_candidates, pair_jaccard, shingle_set, signature
from .text import Token, fold, tokenize

logger = logging.getLogger(__name__)

FEATURES_VERSION = 1
"""Bump when anything that `story_features` computes changes: stored features of another version are
recomputed (the version is part of `feature_key`)."""
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
    copy_threshold: float = 0.9
    """Text similarity above which two reports are copies even when their countries disagree."""


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What the pair decision reads of one report, computed by `story_features`; the feeds keep them in
    the store (valid for the text's `feature_key`), so a publish does not tag and hash every text again."""

    signature: np.ndarray
    """MinHash of the character shingles (NUM_PERM uint32 values)."""
    countries: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]

    def to_bytes(self) -> bytes:
        """Compact serialisation: the signature (little-endian uint32), then the anchors as JSON."""
        anchors = [sorted(self.countries), sorted(self.numbers), sorted(self.names)]
        return self.signature.astype("<u4").tobytes() + json.dumps(anchors, ensure_ascii=False).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryFeatures:
        """Inverse of `to_bytes`; ValueError when `data` is not such a record."""
        size = NUM_PERM * 4
        try:
            sig = np.frombuffer(data[:size], dtype="<u4").astype(np.uint32)
            countries, nums, found = json.loads(data[size:].decode())
            if len(sig) != NUM_PERM:
                raise ValueError(f"signature of {len(sig)} values")
            return cls(sig, frozenset(countries), frozenset(nums), frozenset(found))
        except (TypeError, ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"not a story-features record: {exc}") from None


@dataclass
class _Doc:
    key: Hashable
    published: datetime | None
    features: StoryFeatures

    @property
    def countries(self) -> frozenset[str]:
        return self.features.countries


def shingle_text(text: str) -> str:
    """The folded, space-normalised text that shingles are cut from (safe for any script)."""
    return _SPACES.sub(" ", fold(text)).strip()


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Character n-grams of the folded, space-normalised text (safe for any script)."""
    return shingle_set(shingle_text(text), size)


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
    return _names(tokenize(text))


def _names(tokens: Sequence[Token]) -> frozenset[str]:
    found = set()
    for token in tokens:
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


def feature_key(title: str, text: str) -> str:
    """A digest of what `story_features` reads (and of FEATURES_VERSION): the key to kept features."""
    data = f"{FEATURES_VERSION}\x00{title}\x00{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def story_features(title: str, text: str) -> StoryFeatures:
    """Features of one report (the one place they are computed): country tagging, anchors, MinHash."""
    countries = frozenset(tag_countries(title, text))
    # Tokenised separately (as the country tagger just did, so its cache answers): a title and a body
    # joined by a newline give the same tokens, the body's first one starting a sentence either way.
    found = _names(tokenize(title)) | _names(tokenize(text))
    return StoryFeatures(signature(shingle_text(f"{title} {text}")), countries, numbers(f"{title}\n{text}"), found)


def _close_in_time(a: _Doc, b: _Doc, window: timedelta) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs(a.published - b.published) <= window


def same_story(a: _Doc, b: _Doc, params: GroupingParams, text_similarity: float | None = None) -> bool:
    """The pair decision (see the module docstring); `text_similarity`: the estimated Jaccard, if known."""
    if not _close_in_time(a, b, params.window):
        return False
    if text_similarity is None:
        text_similarity = float(np.count_nonzero(a.features.signature == b.features.signature)) / NUM_PERM
    if text_similarity >= params.copy_threshold:
        return True
    if text_similarity >= params.text_threshold and (
        a.countries & b.countries or not (a.countries or b.countries)
    ):
        return True  # similar text naming a common country, or neither naming any (templated text
        # about other partners, or about a partner beside a text naming none, is not enough)
    if not a.countries or a.countries != b.countries:
        return False
    score, shared = _anchor_similarity(a.features.numbers, b.features.numbers, params)
    if score >= params.anchor_threshold and shared >= params.min_shared:
        return True
    common = len(a.features.names & b.features.names)
    smaller = min(len(a.features.names), len(b.features.names)) or 1
    return common >= params.min_names and common / smaller >= params.name_overlap


Span = tuple[datetime | None, datetime | None]


def _merged_span(a: Span, b: Span) -> Span:
    firsts = [t for t in (a[0], b[0]) if t is not None]
    lasts = [t for t in (a[1], b[1]) if t is not None]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def group_stories(items: Sequence[tuple[Hashable, str, str, datetime | None]],
                  params: GroupingParams | None = None, *,
                  features: Sequence[StoryFeatures | None] | None = None) -> list[list[Hashable]]:
    """Cluster (key, title, text, published) items into stories; every item is in exactly one group.

    `features` (aligned with `items`, None where unknown) gives precomputed `story_features` of
    the items' title and text; the others are computed.
    Groups keep input order (by their first item, and items within a group).
    """
    params = params or GroupingParams()
    if features is not None and len(features) != len(items):
        raise ValueError(f"{len(features)} features for {len(items)} items")
    docs = []
    for n, (key, title, text, published) in enumerate(items):
        known = features[n] if features is not None else None
        docs.append(_Doc(key, published, known if known is not None else story_features(title, text)))
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Each group's earliest and latest publication: a group never spans more than the window,
    # so a chain of day-apart reports (a weekly series, a template) does not become one story.
    # Likewise the countries of its reports must agree pairwise (a report naming none agrees with
    # any), so one report without countries cannot bridge stories about different countries.
    span = [(d.published, d.published) for d in docs]
    country_sets = [[d.countries] if d.countries else [] for d in docs]

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            keep, drop = min(ri, rj), max(ri, rj)
            parent[drop] = keep
            span[keep] = _merged_span(span[ri], span[rj])
            country_sets[keep] = country_sets[ri] + country_sets[rj]

    def fits(i: int, j: int) -> bool:
        ri, rj = find(i), find(j)
        first, last = _merged_span(span[ri], span[rj])
        if first is not None and last is not None and last - first > params.window:
            return False
        return all(a & b for a in country_sets[ri] for b in country_sets[rj])

    signatures = np.stack([d.features.signature for d in docs]) if docs else np.empty((0, NUM_PERM), np.uint32)
    candidates = lsh_candidates(signatures, params.text_threshold)
    by_countries: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        if doc.countries:
            for j in by_countries[doc.countries]:
                candidates.add((j, i))
            by_countries[doc.countries].append(i)
    pairs = np.array(sorted(candidates), dtype=np.intp).reshape(-1, 2)
    for (i, j), similarity in zip(pairs.tolist(), pair_jaccard(signatures, pairs).tolist(), strict=True):
        if find(i) != find(j) and fits(i, j) and same_story(docs[i], docs[j], params, similarity):
            union(i, j)
    groups: dict[int, list[Hashable]] = {}
    for i, doc in enumerate(docs):
        groups.setdefault(find(i), []).append(doc.key)
    return list(groups.values())
