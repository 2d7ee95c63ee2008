"""MinHash signatures and LSH banding with numpy.

The values are those of datasketch's `MinHash(num_perm=128, seed=1)` (its default "affine32" scheme)
fed the UTF-8 shingles, so groupings are the same as with datasketch, only faster: each shingle's
32-bit SHA-1 hash is the one step per shingle; the MurmurHash3 finaliser and the 128 affine
permutations `a * h + b (mod 2**32)` run vectorised, in a reused buffer. `tests/test_tagging_stories.py`
checks the equality against datasketch itself.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SEED = 1
SHINGLE = 5
EMPTY = 0xFFFFFFFF
"""Every value of the signature of an empty set."""

_gen = np.random.RandomState(SEED)  # the draw of datasketch's affine32 scheme: odd a, then b
_A = (_gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)).reshape(-1, 1)
_B = _gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32).reshape(-1, 1)
del _gen
_CHUNK = 1024
"""Shingles permuted per step, in a reused per-thread NUM_PERM x _CHUNK buffer (512 kB): fresh temporaries
of that size cost more in page faults than the arithmetic."""
_local = threading.local()
_sha1 = hashlib.sha1


def _buffer() -> np.ndarray:
    buf = getattr(_local, "buf", None)
    if buf is None:
        buf = _local.buf = np.empty((NUM_PERM, _CHUNK), dtype=np.uint32)
    return buf


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_set(norm: str, size: int = SHINGLE) -> set[str]:
    """Character `size`-grams of `norm`; the whole string when it is shorter, none when it is empty."""
    if len(norm) <= size:
        return {norm} if norm else set()
    return {norm[i:i + size] for i in range(len(norm) - size + 1)}


def signature_of(shingles: Iterable[str]) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of a set of strings."""
    digests = b"".join([_sha1(s.encode("utf-8")).digest()[:4] for s in shingles])
    sig = np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    if not digests:
        return sig
    hashes = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    full = _buffer()
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start:start + _CHUNK]
        buf = full[:, :len(chunk)]
        np.multiply(_A, chunk, out=buf)
        np.add(buf, _B, out=buf)
        np.minimum(sig, buf.min(axis=1), out=sig)
    return sig


def signature(norm: str, size: int = SHINGLE) -> np.ndarray:
    """MinHash signature of the `size`-gram set of `norm`."""
    return signature_of(shingle_set(norm, size))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def pair_jaccard(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of each (i, j) row of `pairs` (an (n, 2) index array) over stacked signatures."""
    if not len(pairs):
        return np.empty(0)
    return (signatures[pairs[:, 0]] == signatures[pairs[:, 1]]).sum(axis=1) / signatures.shape[1]


def _trapezoid(ys: np.ndarray, steps: np.ndarray) -> float:
    return float(((ys[1:] + ys[:-1]) * steps).sum() / 2)


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) minimising false positives + false negatives around `threshold`
    (datasketch's MinHashLSH choice with equal weights; the integrals by the trapezoid rule over 201 points, the
    points and their steps made once, not for each of the ~600 choices)."""
    below, above = np.linspace(0.0, threshold, 201), np.linspace(threshold, 1.0, 201)
    below_steps, above_steps = np.diff(below), np.diff(above)
    best, choice = float("inf"), (1, num_perm)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = _trapezoid(1 - (1 - below ** r) ** b, below_steps)
            fn = _trapezoid(1 - (1 - (1 - above ** r) ** b), above_steps)
            if fp + fn < best:
                best, choice = fp + fn, (b, r)
    return choice


_MIX = np.uint64(0x100000001B3)
_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)


def lsh_pairs(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """Pairs (i, j), i < j, of rows of `signatures` (n x NUM_PERM) equal on at least one LSH band: an (m, 2) array,
    each pair once, sorted by (i, j).

    Every band of every row goes into one array, sorted once (stably) by a 64-bit mix of its band and values, so
    the rows sharing a band are runs of equal neighbours, in ascending row order; the pairs of every run are
    taken together, one distance apart at a time. Should two different bands mix alike (never seen; tested by
    forcing it), the bands are bucketed one by one instead. One numpy pass, not one `unique` per band."""
    n = len(signatures) if signatures.ndim == 2 else 0
    if n < 2:
        return np.empty((0, 2), dtype=np.intp)
    bands, rows = lsh_bands(threshold, signatures.shape[1])
    keys = signatures[:, :bands * rows].reshape(n, bands, rows).transpose(1, 0, 2).reshape(bands * n, rows)
    mix = np.repeat(np.arange(bands, dtype=np.uint64), n) * _BAND_MIX  # key k is band k // n of row k % n
    for column in keys.T.astype(np.uint64):
        mix = (mix ^ column) * _MIX
    order = np.argsort(mix, kind="stable")
    mixed = mix[order]
    ordered = keys[order]
    equal = (ordered[1:] == ordered[:-1]).all(axis=1) & (order[1:] // n == order[:-1] // n)
    if (mixed[1:] == mixed[:-1])[~equal].any():  # a run of one mix holding two different bands
        return _band_by_band(signatures, bands, rows)
    members = order % n
    first = np.ones(len(order), dtype=bool)
    first[1:] = ~equal
    starts = np.flatnonzero(first)
    last = np.append(starts[1:], len(order)) - 1  # the last key of each run
    end = last[np.cumsum(first) - 1]  # of each key: the last key of its run
    at = np.flatnonzero(end > np.arange(len(order)))  # keys with a later one in their run
    parts = []
    for gap in range(1, int((last - starts).max()) + 1):
        at = at[at + gap <= end[at]]
        parts.append(members[at] * n + members[at + gap])
    codes = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)
    return np.stack([codes // n, codes % n], axis=1).astype(np.intp)


def _band_by_band(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(signatures[:, band * rows:(band + 1) * rows]):
            buckets.setdefault(sig.tobytes(), []).append(i)
        for members in buckets.values():
            pairs.update(itertools.combinations(members, 2))  # ascending rows: (a, b), a < b
    return np.array(sorted(pairs), dtype=np.intp).reshape(-1, 2)
