"""One entry per story: group reports of the same event from different outlets and languages.

Signals, all language-independent:
- text near-duplicates: MinHash (numpy, `minhash.py`) over character 5-gram shingles of the folded text,
  with LSH banding for candidates; catches syndicated and lightly rewritten copies;
- anchors that survive translation (`anchors.py`): day-and-month dates written in any supported language,
  numbers, proper names transliterated to Latin, and organisations. Each anchor weighs by its rarity in
  the batch being grouped (inverse document frequency): a minister's or a capital's name, a month or a
  year found in many reports links nothing;
- countries: two reports of one story name overlapping (not necessarily identical) sets of countries.

Two reports published within `window` of each other get a similarity: 1 for copies, else the larger of
their text similarity and their anchor agreement (shared anchor weight over the smaller report's anchor
weight, needing `min_anchor_weight` in common), and 0 when their countries do not overlap. Groups are then
built by average linkage: two groups merge only while the mean similarity over every pair of their
reports reaches `link_threshold`, and never beyond `window` in span. A single strong link cannot chain
unrelated events into one group (no single-link union).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import logging
import math
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import numpy as np

from scraper.safe_text import one_line

from .anchors import dates, name_anchors, name_key, numbers
from .minhash import NUM_PERM, SHINGLE, lsh_pairs, pair_jaccard, shingle_set, signature
from .record import tag_record
from .text import fold, tokenize

logger = logging.getLogger(__name__)

FEATURES_VERSION = 17
"""Bump when anything that `story_features` computes changes: stored features of another version are
recomputed (the version is part of `feature_key`, and `from_bytes` refuses other record layouts)."""
_SPACES = re.compile(r"[\W_]+")

__all__ = ["GroupingParams", "StoryFeatures", "feature_key", "group_stories", "name_key", "names", "numbers",
           "shingles", "story_features"]


@dataclass(frozen=True)
class GroupingParams:
    """Tuned on the tuning part of the labelled reports (tests/fixtures/tagging/reports/)."""

    window: timedelta = timedelta(days=3)
    copy_threshold: float = 0.8
    """Text similarity from which two reports are copies (unless they name disjoint sets of countries)."""
    text_weight: float = 1.5
    """Text similarity (estimated Jaccard) counts this many times in the pair similarity (capped at 1)."""
    link_threshold: float = 0.35
    """Average-linkage threshold: the mean similarity between two groups for them to merge."""
    lsh_threshold: float = 0.45
    """Text similarity around which LSH banding finds candidate pairs (anchors find the others)."""
    min_anchor_weight: float = 4.0
    """Shared anchors must weigh this much (sum of IDF weights) to count."""
    anchor_half: float = 6.0
    """Shared anchor weight at which the anchor similarity is 0.5 (it saturates towards 1)."""
    kind_bonus: float = 0.15
    """Added when both reports have the same main kind."""
    kind_mismatch: float = 0.7
    """Anchor similarity factor when both are cooperation of different main kinds."""
    event_window: timedelta = timedelta(days=1)
    event_similarity: float = 0.45
    """Same main kind and same countries (or, for multilateral events, a common organisation), published within
    `event_window`: this similar without any anchor."""
    date_weight: float = 1.5
    name_weight: float = 1.0
    number_weight: float = 1.0
    org_weight: float = 0.3
    year_weight: float = 0.2
    max_df_share: float = 0.2
    """Anchors found in more than this share of the batch (and more than 10 reports) are not used ..."""
    max_df: int = 25
    """... nor those found in more than this many reports (a story is told a few dozen times at most)."""


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What the pair decision reads of one report, computed by `story_features`; the feeds keep them in
    the store (valid for the text's `feature_key`), so a publish does not tag and hash every text again."""

    signature: np.ndarray
    """MinHash of the character shingles (NUM_PERM uint32 values)."""
    countries: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    dates: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    kind: str = ""
    """The main event's kind as tagged ("" when the report is not cooperation)."""

    def to_bytes(self) -> bytes:
        """Compact serialisation: the signature (little-endian uint32), then the anchors as JSON."""
        anchors = {"v": FEATURES_VERSION, "c": sorted(self.countries), "n": sorted(self.numbers),
                   "p": sorted(self.names), "d": sorted(self.dates), "o": sorted(self.organisations),
                   "k": self.kind}
        return self.signature.astype("<u4").tobytes() + json.dumps(anchors, ensure_ascii=False).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryFeatures:
        """Inverse of `to_bytes`; ValueError when `data` is not such a record (or one of another version)."""
        size = NUM_PERM * 4
        try:
            sig = np.frombuffer(data[:size], dtype="<u4").astype(np.uint32)
            if len(sig) != NUM_PERM:
                raise ValueError(f"signature of {len(sig)} values")
            anchors = json.loads(data[size:].decode())
            if not isinstance(anchors, dict) or anchors.get("v") != FEATURES_VERSION:
                raise ValueError(f"record of another version (this is version {FEATURES_VERSION})")
            return cls(sig, frozenset(anchors["c"]), frozenset(anchors["n"]), frozenset(anchors["p"]),
                       frozenset(anchors["d"]), frozenset(anchors["o"]), str(anchors["k"]))
        except (TypeError, KeyError, ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"not a story-features record: {exc}") from None


def shingle_text(text: str) -> str:
    """The folded, space-normalised text that shingles are cut from (safe for any script)."""
    return _SPACES.sub(" ", fold(text)).strip()


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Character n-grams of the folded, space-normalised text (safe for any script)."""
    return shingle_set(shingle_text(text), size)


def names(text: str) -> frozenset[str]:
    """Proper-name anchors of a text (see `anchors.name_anchors`)."""
    return name_anchors(text, tokenize(text))


GROUP_TEXT_CHARS = 4000
"""Body text beyond this is not needed to recognise a story."""
MIN_TEXT_CHARS = 150
"""Reports with less body text (a teaser, a caption, a one-line notice) are never grouped: a few dozen
characters of shingles cannot tell one story from the next ("Photo gallery 12" vs "Photo gallery 13")."""


class GroupingInput(NamedTuple):
    """What grouping reads of a stored report (`grouping_input`)."""

    title: str
    text: str
    key: str | None
    """`feature_key`, None for a text too short to group."""
    language: str | None


def grouping_input(title: object, body_text: str | None, language: str | None) -> GroupingInput:
    """A stored report as grouping reads it: the title on one line, the first `GROUP_TEXT_CHARS` of the body,
    the stored language; the key is None for a text too short to group (`MIN_TEXT_CHARS`)."""
    line = one_line(title)
    text = (body_text or "").strip()[:GROUP_TEXT_CHARS]
    return GroupingInput(line, text, feature_key(line, text, language) if len(text) >= MIN_TEXT_CHARS else None,
                         language)


def features_record(title: object, body_text: str | None, language: str | None) -> tuple[str, bytes] | None:
    """(feature key, `StoryFeatures` bytes) of a report, as `story_signatures` keeps them; None when its text is
    too short to group. Computed by the crawl, where the tagger is loaded anyway, so a publish reads them."""
    line, text, key, _language = grouping_input(title, body_text, language)
    return None if key is None else (key, story_features(line, text, language).to_bytes())


def feature_key(title: str, text: str, language: str | None = None) -> str:
    """A digest of what `story_features` reads (and of FEATURES_VERSION): the key to kept features."""
    data = f"{FEATURES_VERSION}\x00{title}\x00{text}\x00{language or ''}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def story_features(title: str, text: str, language: str | None = None) -> StoryFeatures:
    """Features of one report (the one place they are computed): countries, anchors, MinHash. `language` (the
    stored one; detected when None or not one the tagger reads) chooses the tagger's lexicon."""
    record = tag_record(title, text, language)
    countries = frozenset(record.countries)
    title_tokens, text_tokens = tokenize(title), tokenize(text)
    found = name_anchors(title, title_tokens) | name_anchors(text, text_tokens)
    when = dates(title, title_tokens) | dates(text, text_tokens)
    orgs = frozenset(record.organisations)
    day_numbers = {d.split("-")[1].lstrip("0") for d in when}
    nums = frozenset(n for n in numbers(f"{title}\n{text}") if n not in day_numbers)
    return StoryFeatures(signature(shingle_text(f"{title} {text}")), countries, nums, found, when, orgs,
                         record.primary_kind or "")


def _same_countries(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same countries, or one report naming one more (a neighbour's reaction, a venue) than the other."""
    if not a or not b:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return small <= large and len(large) - len(small) <= 1 and len(small) >= 2


def _frame_keys(f: StoryFeatures) -> set[str]:
    """Blocking keys for the same-event rule: the main kind with each pair of countries (or organisation)."""
    if not f.kind:
        return set()
    codes = sorted(f.countries)
    keys = {f"e:{f.kind}:{a}:{b}" for n, a in enumerate(codes) for b in codes[n + 1:]} if len(codes) <= 6 else set()
    if f.kind == "multilateral":
        keys |= {f"e:{f.kind}:{o}" for o in f.organisations}
    return keys


def _is_year(number: str) -> bool:
    return len(number) == 4 and 1900 <= int(number) <= 2100


@dataclass
class _Batch:
    """The reports being grouped, with anchor weights from their document frequencies."""

    keys: list[Hashable]
    published: list[datetime | None]
    features: list[StoryFeatures]
    params: GroupingParams

    def __post_init__(self) -> None:
        df: dict[str, int] = defaultdict(int)
        self.anchors: list[frozenset[str]] = []
        for f in self.features:
            tagged = (f.dates and {f"d:{d}" for d in f.dates}) or set()
            tagged |= {f"p:{p}" for p in f.names} | {f"n:{n}" for n in f.numbers} | {f"o:{o}" for o in f.organisations}
            self.anchors.append(frozenset(tagged))
            for a in tagged:
                df[a] += 1
        n = max(len(self.features), 1)
        limit = min(max(10, self.params.max_df_share * n), self.params.max_df)
        p = self.params
        kind_weight = {"d": p.date_weight, "p": p.name_weight, "n": p.number_weight, "o": p.org_weight}
        self.weight: dict[str, float] = {}
        for a, count in df.items():
            if count > limit and a[0] != "o":
                continue
            w = kind_weight[a[0]] * (1.0 + math.log((n + 1) / count))
            if a[0] == "n" and _is_year(a[2:]):
                w *= p.year_weight / p.number_weight
            elif a[0] == "n" and len(a) <= 3:
                w *= 0.5  # one-digit numbers are everywhere
            self.weight[a] = w
        self.mass = [sum(self.weight.get(a, 0.0) for a in anchors) for anchors in self.anchors]

    def close_in_time(self, i: int, j: int) -> bool:
        a, b = self.published[i], self.published[j]
        return a is None or b is None or abs(a - b) <= self.params.window

    def similarity(self, i: int, j: int, text: float) -> float:
        """Pair similarity in [0, 1] (see the module docstring)."""
        return self.similarities([(i, j)], [text])[0]

    def similarities(self, pairs: Sequence[tuple[int, int]], texts: Sequence[float]) -> list[float]:
        """`similarity` of every pair (i, j) with its text similarity, in one pass: the per-report and per-batch
        values are read once, not per pair (grouping 10,000 reports scores over 100,000 pairs)."""
        p = self.params
        window, event_window = p.window, p.event_window
        copy_threshold, text_weight, min_anchor, half = p.copy_threshold, p.text_weight, p.min_anchor_weight, \
            p.anchor_half
        kind_bonus, kind_mismatch, event_similarity = p.kind_bonus, p.kind_mismatch, p.event_similarity
        published, features, anchors, get = self.published, self.features, self.anchors, self.weight.get
        out: list[float] = []
        append = out.append
        for (i, j), text in zip(pairs, texts, strict=True):
            ta, tb = published[i], published[j]
            if ta is not None and tb is not None and abs(ta - tb) > window:
                append(0.0)
                continue
            a, b = features[i], features[j]
            ca, cb = a.countries, b.countries
            if ca and cb:
                common = len(ca & cb)
                if not common:
                    append(0.0)  # even a copy of a template: a report about other countries is another story
                    continue
                factor = 0.5 + 0.5 * common / min(len(ca), len(cb))
            elif ca or cb:
                # Templated text about partners beside a text naming none: only anchors can tell.
                factor, text = 0.5, 0.0
            else:
                factor = 1.0
            if text >= copy_threshold:
                append(1.0)
                continue
            shared = sum(get(x, 0.0) for x in anchors[i] & anchors[j])
            anchor = shared / (shared + half) if shared >= min_anchor else 0.0
            kind = a.kind
            if kind and kind == b.kind:
                anchor = min(1.0, anchor + kind_bonus) if anchor else 0.0
                same_frame = _same_countries(ca, cb) or (kind == "multilateral" and a.organisations & b.organisations)
                if same_frame and ta is not None and tb is not None and abs(ta - tb) <= event_window:
                    anchor = max(anchor, event_similarity)
            elif kind and b.kind:
                anchor *= kind_mismatch
            append(min(1.0, factor * max(text_weight * text, anchor)))
        return out

    def within(self, i: int, j: int, window: timedelta) -> bool:
        a, b = self.published[i], self.published[j]
        return a is not None and b is not None and abs(a - b) <= window

    def candidates(self) -> np.ndarray:
        """Pairs sharing an LSH band, a weighted anchor, or a main kind with two countries (or an organisation): an
        (m, 2) array, each pair (i, j), i < j, once, sorted."""
        n = len(self.features)
        sigs = np.stack([f.signature for f in self.features])
        banded = lsh_pairs(sigs, self.params.lsh_threshold)
        pairs: set[tuple[int, int]] = set()
        postings: dict[str, list[int]] = defaultdict(list)
        for i, anchors in enumerate(self.anchors):
            for a in anchors:
                if a in self.weight and a[0] != "o":
                    postings[a].append(i)
        for i, f in enumerate(self.features):
            for key in _frame_keys(f):
                postings[key].append(i)
        for key, members in postings.items():
            if len(members) > self.params.max_df and key.startswith("e:"):
                continue
            pairs.update(itertools.combinations(members, 2))  # members are in ascending order: (i, j), i < j
        codes = np.fromiter((i * n + j for i, j in pairs), dtype=np.intp, count=len(pairs))
        codes = np.unique(np.concatenate([banded[:, 0] * n + banded[:, 1], codes]))
        return np.stack([codes // n, codes % n], axis=1)


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
    feats = []
    for n, (_key, title, text, _published) in enumerate(items):
        known = features[n] if features is not None else None
        feats.append(known if known is not None else story_features(title, text))
    if not items:
        return []
    batch = _Batch([k for k, *_ in items], [p for *_, p in items], feats, params)
    pairs = batch.candidates()  # by (i, j), as sorted() would
    sigs = np.stack([f.signature for f in feats])
    text_sims = pair_jaccard(sigs, pairs).tolist() if len(pairs) else []
    # Average linkage over the sparse similarity graph (a missing pair counts 0).
    links: dict[int, dict[int, float]] = defaultdict(dict)
    pair_list = pairs.tolist()
    for (i, j), s in zip(pair_list, batch.similarities(pair_list, text_sims), strict=True):
        if s > 0:
            links[i][j] = links[j][i] = s
    size = [1] * len(items)
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    span: list[Span] = [(p, p) for p in batch.published]
    heap = [(-s, i, j) for i, row in links.items() for j, s in row.items() if i < j and s >= params.link_threshold]
    heapq.heapify(heap)
    alive = set(range(len(items)))
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in alive or j not in alive:
            continue
        current = links[i].get(j, 0.0) / (size[i] * size[j])
        if abs(current + neg) > 1e-9:
            continue  # stale entry; a fresher one is in the heap
        first, last = _merged_span(span[i], span[j])
        if first is not None and last is not None and last - first > params.window:
            continue
        keep, drop = min(i, j), max(i, j)
        alive.discard(drop)
        members[keep] += members.pop(drop)
        span[keep] = (first, last)
        size[keep] += size[drop]
        for k, s in links.pop(drop).items():
            links[k].pop(drop, None)
            if k == keep:
                continue
            total = links[keep].get(k, 0.0) + s
            links[keep][k] = links[k][keep] = total
        links[keep].pop(keep, None)
        for k, total in links[keep].items():
            avg = total / (size[keep] * size[k])
            if avg >= params.link_threshold:
                heapq.heappush(heap, (-avg, min(keep, k), max(keep, k)))
    groups = sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
    return [[batch.keys[i] for i in group] for group in groups]
