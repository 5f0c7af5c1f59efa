"""Themes of a unit's comments: TF-IDF on Vietnamese syllables, k-means, the comments nearest
each centre as its representatives.

- **Vectors**: scikit-learn's ``TfidfVectorizer`` over syllables and pairs of syllables
  (Vietnamese writes a word of two syllables as two space-separated tokens: "ngân sách"),
  case folded but diacritics kept ("thu" and "thủ" are different words), function words
  dropped, sublinear term frequency. One vector per duplicate group (its first text), so a
  campaign of 3,000 copies does not become a theme of its own by weight alone; the theme's
  count still holds every copy.
- **Clusters**: the vectors reduced to their 100 main directions (``TruncatedSVD``: latent
  semantic analysis, so k-means works on a small dense matrix) and normalised again, then
  k-means on them, i.e. spherical k-means by cosine:
  scikit-learn's ``KMeans`` with four starts up to ``FULL_KMEANS`` distinct comments (a unit's
  usual size: milliseconds), ``MiniBatchKMeans`` beyond (linear: 100,000 vectors in seconds,
  in bounded memory). ``k`` grows with the
  square root of the distinct comments, at most ``MAX_THEMES``; fewer than ``MIN_FOR_THEMES``
  distinct comments make one theme.
- **Labels**: the heaviest terms of the members' mean TF-IDF vector, a pair of syllables
  preferred to its syllables.
- **Representatives**: the members nearest the centre (cosine), largest duplicate group first
  among equals.

The random state is fixed, so the same comments give the same themes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

MAX_THEMES = 8
MIN_FOR_THEMES = 6
DIMENSIONS = 100
FULL_KMEANS = 2000  # up to this many distinct comments, full k-means (4 starts)
REPRESENTATIVES = 3
LABEL_TERMS = 3
_TOKEN = r"(?u)\b[^\W\d_]{1,12}\b"
_NUMBERS = re.compile(r"\d+")
# Function words that carry no theme (syllables, case folded).
STOP_WORDS = frozenset(
    """và của là có cho các những được trong với về để này đó thì mà như khi từ đến theo
    một hai ba nên cần đã sẽ đang rất cũng vì do bởi tại trên dưới hoặc hay nếu không
    chưa phải tôi chúng ta em anh chị ông bà họ nó này kia ấy đây việc điều phần mục
    đề nghị ý kiến góp dự thảo thêm nữa lại ra vào thật hơn nhất""".split()
)


@dataclass(frozen=True)
class Cluster:
    label: str
    members: list[int]  # indexes into the texts given, nearest the centre first


def _vectoriser(n: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        lowercase=True,
        token_pattern=_TOKEN,
        ngram_range=(1, 2),
        stop_words=sorted(STOP_WORDS),
        sublinear_tf=True,
        min_df=2 if n >= 50 else 1,
        max_df=0.6 if n >= 20 else 1.0,
        max_features=50_000,
        dtype=np.float32,
    )


def theme_count(n: int) -> int:
    if n < MIN_FOR_THEMES:
        return 1
    return max(2, min(MAX_THEMES, round(math.sqrt(n / 4))))


def _label(centre: np.ndarray, terms: np.ndarray) -> str:
    top = [str(terms[i]) for i in np.argsort(-centre)[: LABEL_TERMS * 5] if centre[i] > 0]
    pairs = [t for t in top if " " in t]
    chosen: list[str] = []
    covered: set[str] = set()
    for term in top:
        if " " not in term:
            # A syllable that heads a pair among the top terms reads better as the pair.
            term = next((p for p in pairs if term in p.split()), term)
        words = set(term.split())
        if words <= covered:
            continue
        chosen.append(term)
        covered |= words
        if len(chosen) == LABEL_TERMS:
            break
    return " · ".join(chosen)


def _reduced(matrix):
    """The TF-IDF rows projected on their ``DIMENSIONS`` main directions (latent semantic
    analysis, randomised SVD), normalised again: k-means on a dense matrix of a hundred
    columns instead of a sparse one of thousands, and synonyms that co-occur drawn together."""
    dims = min(DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dims < 2:
        return normalize(matrix).toarray()
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=4, random_state=0)
    return normalize(svd.fit_transform(matrix))


def cluster(texts: Sequence[str], weights: Sequence[int] | None = None) -> list[Cluster]:
    """Themes of ``texts`` (one per duplicate group; ``weights``: each group's size), the
    heaviest first."""
    n = len(texts)
    if n == 0:
        return []
    weight = np.asarray(weights if weights is not None else [1] * n, dtype=np.float64)
    cleaned = [_NUMBERS.sub(" ", t) for t in texts]
    vectoriser = _vectoriser(n)
    try:
        matrix = vectoriser.fit_transform(cleaned)
    except ValueError:  # no term left (every text a function word or a number)
        return [Cluster(label="", members=sorted(range(n), key=lambda i: -weight[i]))]
    terms = vectoriser.get_feature_names_out()
    k = min(theme_count(n), n)
    if k == 1:
        labels = np.zeros(n, dtype=np.int64)
        points = normalize(matrix)
        centres = normalize(np.asarray(points.mean(axis=0)))
    else:
        points = _reduced(matrix)
        model = (
            KMeans(n_clusters=k, random_state=0, n_init=4)
            if n <= FULL_KMEANS
            else MiniBatchKMeans(
                n_clusters=k, random_state=0, batch_size=2048, n_init=3, max_iter=50
            )
        )
        labels = model.fit_predict(points, sample_weight=weight)
        centres = normalize(model.cluster_centers_)
    similarity = np.asarray(points @ centres.T)
    found: list[tuple[float, Cluster]] = []
    for c in range(centres.shape[0]):
        members = np.flatnonzero(labels == c)
        if members.size == 0:
            continue
        order = sorted(members.tolist(), key=lambda i: (-round(similarity[i, c], 3), -weight[i]))
        # The label from the members' mean in term space (the reduced space has no words).
        centre = np.asarray(matrix[members].multiply(weight[members][:, None]).sum(axis=0))
        found.append(
            (
                float(weight[members].sum()),
                Cluster(label=_label(centre.ravel(), terms), members=order),
            )
        )
    found.sort(key=lambda pair: -pair[0])
    return [c for _, c in found]
