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
   sets (≥ ``NEAR``) against the first texts of the bucket's groups (at most ``HEADS``). A
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
HEADS = 4  # texts of different groups a bucket keeps to compare the next ones with
ROWS = PERMUTATIONS // BANDS
NEAR = 0.6  # Jaccard similarity of the shingle sets from which two texts are one group
_PRIME = np.uint64((1 << 61) - 1)
_RNG = np.random.default_rng(20261207)  # fixed: the same texts always group alike
_A = _RNG.integers(1, 1 << 32, PERMUTATIONS, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64)
_PUNCT = re.compile(r"[^\w\s]+|_")


def normalise(text: str) -> str:
    """Folded case and diacritics, punctuation dropped, whitespace collapsed."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def shingles(normalised: str) -> frozenset[int]:
    words = normalised.split()
    if len(words) < SHINGLE:
        return frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(len(words) - SHINGLE + 1)
    )


def signature(shingle_set: frozenset[int]) -> np.ndarray:
    """The MinHash signature: for each hash function, the least hash of the set."""
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    # (a·x + b) mod p over 32-bit x, a and b: the sum stays below 2⁶⁴, nothing wraps.
    hashed = (_A[:, None] * values[None, :] + _B[:, None]) % _PRIME
    return hashed.min(axis=1)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


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


def group_texts(texts: Sequence[str]) -> Grouping:
    """Group identical and near-identical texts (see the module's docstring)."""
    distinct: dict[str, int] = {}
    of_text: list[int] = []
    for text in texts:
        of_text.append(distinct.setdefault(normalise(text), len(distinct)))
    keys = list(distinct)
    sets = _Sets(len(keys))
    shingled = [shingles(k) for k in keys]
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i, shingle_set in enumerate(shingled):
        if not shingle_set:
            continue
        sig = signature(shingle_set)
        for band in range(BANDS):
            key = (band, sig[band * ROWS : (band + 1) * ROWS].tobytes())
            heads = buckets.setdefault(key, [])
            joined = False
            for head in heads:
                if sets.find(head) == sets.find(i):
                    joined = True
                    break
                if jaccard(shingled[head], shingle_set) >= NEAR:
                    sets.union(head, i)
                    joined = True
                    break
            if not joined and len(heads) < HEADS:
                heads.append(i)
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
