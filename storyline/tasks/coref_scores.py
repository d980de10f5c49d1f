"""Coreference scores: MUC, B-cubed and CEAF-e, and their mean, the CoNLL F1.

Both clusterings are given as ``{item: cluster label}`` over the same items
(gold mentions, so singletons count). The definitions follow Pradhan et al.
(2014), "Scoring coreference partitions of predicted mentions: a reference
implementation": MUC counts links, B-cubed averages per item, CEAF-e aligns
clusters one to one with the entity similarity phi4.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

from storyline.tasks.scoring import f1

Clusters = list[frozenset[Hashable]]


def clusters_of(labels: Mapping[Hashable, Hashable]) -> Clusters:
    """Return the clusters of a labelling as sets of items, in a fixed order."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return [frozenset(groups[label]) for label in sorted(groups, key=str)]


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Return MUC precision, recall and F1."""
    recall = _muc_side(key, response)
    precision = _muc_side(response, key)
    return precision, recall, f1(precision, recall)


def _muc_side(key: Clusters, response: Clusters) -> float:
    where = {item: i for i, cluster in enumerate(response) for item in cluster}
    found = missing = 0
    for cluster in key:
        parts = {where.get(item, ("alone", item)) for item in cluster}
        found += len(cluster) - len(parts)
        missing += len(cluster) - 1
    return found / missing if missing else 0.0


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1."""
    recall = _b_cubed_side(key, response)
    precision = _b_cubed_side(response, key)
    return precision, recall, f1(precision, recall)


def _b_cubed_side(key: Clusters, response: Clusters) -> float:
    where = {item: cluster for cluster in response for item in cluster}
    items = sum(len(cluster) for cluster in key)
    total = 0.0
    for cluster in key:
        for item in cluster:
            total += len(cluster & where.get(item, frozenset((item,)))) / len(cluster)
    return total / items if items else 0.0


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Return CEAF-e precision, recall and F1 (entity-based, phi4 similarity)."""
    score = 0.0
    for keys, responses in _components(key, response):
        weights = [
            [2 * len(key[k] & response[r]) / (len(key[k]) + len(response[r])) for r in responses]
            for k in keys
        ]
        score += max_assignment(weights)
    precision = score / len(response) if response else 0.0
    recall = score / len(key) if key else 0.0
    return precision, recall, f1(precision, recall)


def _components(key: Clusters, response: Clusters) -> list[tuple[list[int], list[int]]]:
    """Split the key/response overlap graph into independent parts for the alignment."""
    of_item = {item: r for r, cluster in enumerate(response) for item in cluster}
    parent = list(range(len(key)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for k, cluster in enumerate(key):
        for item in cluster:
            r = of_item.get(item)
            if r is None:
                continue
            if r in owner:
                parent[find(k)] = find(owner[r])
            else:
                owner[r] = k
    parts: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for k in range(len(key)):
        parts[find(k)][0].append(k)
    for r, k in owner.items():
        parts[find(k)][1].append(r)
    return [part for part in parts.values() if part[1]]


def max_assignment(weights: Sequence[Sequence[float]]) -> float:
    """Return the largest total weight of a one-to-one matching (Hungarian algorithm)."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return 0.0
    size = max(rows, cols)
    # Minimise the negated weights on a square matrix padded with zeros.
    cost = [
        [-weights[i][j] if i < rows and j < cols else 0.0 for j in range(size)] for i in range(size)
    ]
    u, v = [0.0] * (size + 1), [0.0] * (size + 1)
    match, way = [0] * (size + 1), [0] * (size + 1)
    for i in range(1, size + 1):
        match[0], j0 = i, 0
        low, used = [float("inf")] * (size + 1), [False] * (size + 1)
        while match[j0]:
            used[j0], i0, delta, j1 = True, match[j0], float("inf"), 0
            for j in range(1, size + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < low[j]:
                        low[j], way[j] = cur, j0
                    if low[j] < delta:
                        delta, j1 = low[j], j
            for j in range(size + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    low[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return -sum(cost[match[j] - 1][j - 1] for j in range(1, size + 1) if match[j])


def conll(key: Clusters, response: Clusters) -> dict[str, tuple[float, float, float]]:
    """Return MUC, B-cubed and CEAF-e, and the CoNLL F1 (their F1 mean) as a 1-tuple."""
    scores = {"MUC": muc(key, response), "B3": b_cubed(key, response)}
    scores["CEAF-e"] = ceaf_e(key, response)
    mean = sum(s[2] for s in scores.values()) / 3
    return {**scores, "CoNLL": (mean, mean, mean)}
