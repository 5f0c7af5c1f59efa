"""Near-duplicate and campaign detection: identical or near-identical comments grouped, each
group counted once.

Two passes, both linear in the number of comments:

1. **Identical after normalising**: case and diacritics folded (``backend.core.text.fold``,
   the search's folding), punctuation dropped, whitespace collapsed. "Đồng ý!!" and "dong y"
   are one text. A dict of the normalised texts, so 100,000 comments cost one pass.
2. **Near-identical**: MinHash signatures of each distinct normalised text's word pairs
   (2-shingles: one word inserted in a comment of twelve keeps 10 of its 12 pairs; 128 hash
   functions, numpy), banded for locality-sensitive hashing (32 bands of 4 rows: two texts
   whose shingle sets have Jaccard similarity 0.7 share a band with probability 0.9998, 0.6
   with 0.99, 0.3 with 0.23); each candidate is checked with the exact Jaccard of the shingle
   sets (≥ ``NEAR``) against the first two texts of its bucket, each pair once whatever
   the bands it shares (the pairs are gathered with numpy, per band, then made unique). A
   campaign that edits one word of a template lands in one group without comparing every
   pair of texts.

Why MinHash rather than TF-IDF cosine: cosine over all pairs is quadratic (10¹⁰ pairs for
100,000 comments), and a nearest-neighbour index over sparse vectors is too; MinHash + LSH
finds the pairs that matter in one pass, one signature (128 × 8 bytes) at a time.
Texts of one word have no pair; they group only when identical after normalising.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backend.core.text import fold

SHINGLE = 2
PERMUTATIONS = 128
BANDS = 32
CHUNK = 50_000  # shingles hashed at once (× 128 × 8 bytes: 51 MB)
ROWS = PERMUTATIONS // BANDS
NEAR = 0.6  # Jaccard similarity of the shingle sets from which two texts are one group
# Multiply-shift hashing of 64-bit shingles: (a·x + b mod 2⁶⁴) >> 32, a odd (numpy's uint64
# arithmetic wraps, which is the mod); no division, so a chunk hashes in one pass.
_EMPTY = np.uint64(1 << 32)  # above every hash: the signature of an empty set
_RNG = np.random.default_rng(20261207)  # fixed: the same texts always group alike
_A = _RNG.integers(0, 1 << 62, PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _RNG.integers(0, 1 << 62, PERMUTATIONS, dtype=np.uint64)
_SHIFT = np.uint64(32)
_PUNCT = re.compile(r"[^\w\s]+|_")


def normalise(text: str) -> str:
    """Folded case and diacritics, punctuation dropped, whitespace collapsed."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def shingles(normalised: str, words: dict[str, int] | None = None) -> frozenset[int]:
    """The text's word pairs, each as one 64-bit number (the two words' CRC-32s side by
    side); ``words`` caches the CRCs across texts."""
    cache = words if words is not None else {}
    codes = []
    for w in normalised.split():
        code = cache.get(w)
        if code is None:
            code = cache[w] = zlib.crc32(w.encode())
        codes.append(code)
    if len(codes) < SHINGLE:
        return frozenset()
    return frozenset((a << 32) | b for a, b in zip(codes, codes[1:], strict=False))


def signature(shingle_set: frozenset[int]) -> np.ndarray:
    """The MinHash signature: for each hash function, the least hash of the set."""
    return signatures([shingle_set])[0]


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


class _Sets:
    """Union-find over distinct texts."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class Grouping:
    """``group[i]``: the group of comment ``i`` (numbered from 0 in the order of the first
    comment of each group); ``sizes[g]``: how many comments group ``g`` holds."""

    group: list[int]
    sizes: list[int]
    first: list[int]  # the index of each group's first comment

    @property
    def count(self) -> int:
        return len(self.sizes)


def signatures(shingled: Sequence[frozenset[int]]) -> np.ndarray:
    """The MinHash signatures of many sets at once (rows of ``PERMUTATIONS``; an empty set's
    row is ``_EMPTY`` throughout): the shingles flattened, hashed in chunks, the least of
    each set's columns taken with ``minimum.reduceat``."""
    out = np.full((len(shingled), PERMUTATIONS), _EMPTY, dtype=np.uint64)
    chunk: list[int] = []
    owners: list[int] = []
    sizes = [len(s) for s in shingled]

    def flush() -> None:
        if not chunk:
            return
        values = np.asarray(chunk, dtype=np.uint64)
        hashed = (values[:, None] * _A[None, :] + _B[None, :]) >> _SHIFT
        docs = np.asarray(owners, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        out[docs[starts]] = np.minimum.reduceat(hashed, starts, axis=0)
        chunk.clear()
        owners.clear()

    for i, shingle_set in enumerate(shingled):
        if sizes[i] == 0:
            continue
        chunk.extend(shingle_set)
        owners.extend([i] * sizes[i])
        if len(chunk) >= CHUNK:
            flush()
    flush()
    return out


def _band_keys(sigs: np.ndarray) -> np.ndarray:
    """One 64-bit key per text and band, mixing the band's rows (equal rows, equal keys)."""
    bands = sigs.reshape(len(sigs), BANDS, ROWS)
    keys = np.zeros((len(sigs), BANDS), dtype=np.uint64)
    for r in range(ROWS):
        keys = (keys * np.uint64(0x100000001B3)) ^ bands[:, :, r]
    return keys


def group_texts(texts: Sequence[str]) -> Grouping:
    """Group identical and near-identical texts (see the module's docstring)."""
    distinct: dict[str, int] = {}
    of_text: list[int] = []
    for text in texts:
        of_text.append(distinct.setdefault(normalise(text), len(distinct)))
    keys = list(distinct)
    sets = _Sets(len(keys))
    words: dict[str, int] = {}
    shingled = [shingles(k, words) for k in keys]
    has = np.asarray([bool(s) for s in shingled], dtype=bool)
    band_keys = _band_keys(signatures(shingled))
    ids = np.flatnonzero(has)
    pairs = []
    for band in range(BANDS):
        column = band_keys[ids, band]
        order = np.argsort(column, kind="stable")  # each bucket in text order
        ordered, members = column[order], ids[order]
        is_start = np.r_[True, ordered[1:] != ordered[:-1]]
        starts = np.flatnonzero(is_start)
        bucket_start = starts[np.cumsum(is_start) - 1]
        position = np.arange(len(members))
        # Each text against the first two of its bucket (the heads).
        for offset in (0, 1):
            head = bucket_start + offset
            valid = position > head
            pairs.append(members[head[valid]] * len(keys) + members[valid])
    candidates = np.unique(np.concatenate(pairs)) if pairs else np.empty(0, dtype=np.int64)
    for pair in candidates.tolist():
        a, b = divmod(pair, len(keys))
        if sets.find(a) != sets.find(b) and jaccard(shingled[a], shingled[b]) >= NEAR:
            sets.union(a, b)
    numbering: dict[int, int] = {}
    group: list[int] = []
    sizes: list[int] = []
    first: list[int] = []
    for index, d in enumerate(of_text):
        root = sets.find(d)
        g = numbering.get(root)
        if g is None:
            g = numbering[root] = len(sizes)
            sizes.append(0)
            first.append(index)
        sizes[g] += 1
        group.append(g)
    return Grouping(group=group, sizes=sizes, first=first)
