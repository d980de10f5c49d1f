"""Pairwise event-mention features and average-link clustering of mentions.

The features are those a reader would check: the trigger's lemma or its stem
(*shooting* / *shot* / *shoot*), how alike the two sentences are (cosine of
their content lemmas), and which named participants they share. The score is
a plain weighted sum, so every decision can be shown term by term.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

LINK_THRESHOLD = 0.45
WEIGHTS = {"same_lemma": 0.5, "same_stem": 0.5, "sentence": 0.3, "participants": 0.1}
# Irregular forms a suffix rule cannot reach (general English morphology).
IRREGULAR = {
    "death": "die",
    "dead": "die",
    "shot": "shoot",
    "fled": "flee",
    "sold": "sell",
    "bought": "buy",
    "struck": "strike",
    "won": "win",
    "lost": "lose",
    "held": "hold",
    "left": "leave",
    "met": "meet",
    "told": "tell",
    "thrown": "throw",
    "seized": "seize",
}
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ees", "ee", "ers", "er", "ed")
_SUFFIXES += ("es", "s", "e")
_MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class MentionFeatures:
    """What pairwise scoring needs of one event mention."""

    key: Hashable
    lemma: str
    stem: str
    words: Mapping[str, int] = field(default_factory=dict)
    names: frozenset[str] = frozenset()


def stem(lemma: str) -> str:
    """Return a crude derivational stem: *nomination*, *nominee*, *nominated* -> *nominat*."""
    lemma = IRREGULAR.get(lemma, lemma)
    for suffix in _SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= _MIN_STEM:
            return lemma[: -len(suffix)]
    return lemma


def cosine(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """Return the cosine similarity of two bags of words."""
    dot = sum(n * b.get(w, 0) for w, n in a.items())
    norm = math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))
    return dot / norm if norm else 0.0


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the overlap coefficient of two sets, 0 when either is empty."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def pair_features(a: MentionFeatures, b: MentionFeatures) -> dict[str, float]:
    """Return the named features of a pair of mentions, each in [0, 1]."""
    same_lemma = a.lemma == b.lemma
    return {
        "same_lemma": float(same_lemma),
        "same_stem": float(not same_lemma and a.stem == b.stem),
        "sentence": cosine(a.words, b.words),
        "participants": overlap(a.names, b.names),
    }


def pair_score(a: MentionFeatures, b: MentionFeatures) -> float:
    """Return the weighted sum of :func:`pair_features`."""
    return sum(WEIGHTS[name] * value for name, value in pair_features(a, b).items())


def cluster_average_link(
    items: Sequence[MentionFeatures],
    score: Callable[[MentionFeatures, MentionFeatures], float],
    *,
    threshold: float = LINK_THRESHOLD,
) -> list[list[MentionFeatures]]:
    """Cluster ``items`` bottom-up, always merging the two clusters of best mean pair score.

    Quadratic in ``len(items)``: callers pass one block (a story's mentions).
    """
    n = len(items)
    if n < 2:
        return [list(items)]
    sims = np.array([[score(a, b) if a is not b else -np.inf for b in items] for a in items])
    size = np.ones(n)
    members = {i: [i] for i in range(n)}
    while True:
        flat = int(np.argmax(sims))
        a, b = divmod(flat, n)
        if sims[a, b] <= threshold:
            break
        # Lance-Williams update: the mean link of the merged cluster to every other.
        merged = (sims[a] * size[a] + sims[b] * size[b]) / (size[a] + size[b])
        sims[a, :], sims[:, a] = merged, merged
        sims[a, a] = -np.inf
        sims[b, :], sims[:, b] = -np.inf, -np.inf
        size[a] += size[b]
        members[a].extend(members.pop(b))
    return [[items[i] for i in sorted(group)] for _, group in sorted(members.items())]
