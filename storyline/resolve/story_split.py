"""Split a coarse story into incidents: recursive spectral bipartition.

The online pass (:class:`storyline.resolve.stories.StoryIndex`) files reports
under a lenient threshold, so a story it opens may hold two incidents of the
same kind: two earthquakes, two arrests of players of one team. Within such a
group the words of the kind (earthquake, magnitude, arrest) are everywhere and
tell nothing; what tells the incidents apart is what only part of the group
shares: names of participants and places, dates and years.

So each group is re-weighted on its own: a term's IDF is computed *within the
group*, terms that occur in one member only are dropped, and names and dates
weigh :data:`NAME_WEIGHT` times a word. The members are linked to their
:data:`NEIGHBOURS` most similar members (fewer in a small group: a
k-nearest-neighbour graph, weighted by cosine), and the graph is cut in two
where the normalised cut (Shi and Malik, 2000) is smallest along the Fiedler
vector. A cut cheaper than :data:`MAX_NCUT`
means two incidents: each side is split again in the same way; otherwise the
group is one incident.

A cut along the Fiedler vector may strand a member on the wrong side, so one
k-means-like sweep follows: each member moves to the incident whose centroid
(without the member itself) it is most similar to, when that beats its own
incident's by :data:`MOVE_MARGIN`.

The cost is cubic in a group's size, so groups larger than :data:`MAX_GROUP`
are kept as the online pass made them; with groups of bounded size the pass is
linear in the number of documents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

NEIGHBOURS = 8
MAX_NCUT = 0.5
# A member moves to another incident only when clearly closer to it: ties stay put.
MOVE_MARGIN = 0.01
MAX_GROUP = 400
# Names, places and dates tell incidents apart better than words do.
NAME_WEIGHT = 2.0

Terms = Mapping[str, float]


def split_group(members: Sequence[str], bags: Mapping[str, Terms]) -> list[list[str]]:
    """Return ``members`` split into incidents, each in the order given."""
    if len(members) > MAX_GROUP:
        return [list(members)]
    # Fewer links than half the group, so that each half of an even split can hold its own.
    neighbours = min(NEIGHBOURS, max(2, (len(members) - 1) // 2))
    whole = _local_vectors(members, bags)
    done: list[list[str]] = []
    todo = [(list(members), whole)]
    while todo:
        group, vectors = todo.pop()
        side = _cheapest_cut(vectors, neighbours) if len(group) > 1 else None
        if side is None:
            done.append(group)
            continue
        for keep in (True, False):
            part = [m for m, s in zip(group, side, strict=True) if s == keep]
            todo.append((part, _local_vectors(part, bags)))
    if len(done) > 1:
        done = _reassigned(members, whole, done)
    return sorted(done, key=lambda g: members.index(g[0]))


def term_weight(term: str) -> float:
    """Return how much ``term`` counts: a word 1, a name, place or date more."""
    return 1.0 if term.startswith("w:") else NAME_WEIGHT


def _local_vectors(group: Sequence[str], bags: Mapping[str, Terms]) -> np.ndarray:
    """Return unit TF-IDF rows for ``group``, IDF counted within the group."""
    df: Counter[str] = Counter()
    for member in group:
        df.update(t for t, c in bags[member].items() if c > 0)
    vocab = {t: i for i, t in enumerate(sorted(t for t, k in df.items() if k > 1))}
    n = len(group)
    rows = np.zeros((n, len(vocab)))
    for r, member in enumerate(group):
        for term, count in bags[member].items():
            col = vocab.get(term)
            if col is not None and count > 0:
                idf = math.log(1 + n / df[term])
                rows[r, col] = term_weight(term) * (1 + math.log(count)) * idf
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def _reassigned(
    members: Sequence[str], vectors: np.ndarray, parts: list[list[str]]
) -> list[list[str]]:
    """Move each member to the part whose centroid it is clearly closest to (one sweep)."""
    row = {m: i for i, m in enumerate(members)}
    label = np.empty(len(members), dtype=int)
    for k, part in enumerate(parts):
        label[[row[m] for m in part]] = k
    onehot = np.eye(len(parts))[label]
    sums = onehot.T @ vectors
    # Each member's similarity to every part's centroid, itself left out of its own part.
    cross = vectors @ sums.T
    itself = onehot * np.sum(vectors * vectors, axis=1, keepdims=True)
    # |sum - v|^2 = |sum|^2 - 2 sum.v + |v|^2 for the member's own part.
    sq = np.sum(sums * sums, axis=1)[None, :] - 2 * onehot * cross + itself
    others = onehot.sum(axis=0)[None, :] - onehot
    sims = np.where(others > 0, (cross - itself) / np.sqrt(np.clip(sq, 1e-12, None)), -np.inf)
    mine = sims[np.arange(len(members)), label]
    best = np.argmax(sims, axis=1)
    moved = np.where(sims.max(axis=1) > mine + MOVE_MARGIN, best, label)
    out = [[m for m in members if moved[row[m]] == k] for k in range(len(parts))]
    return [part for part in out if part]


def _knn_graph(sims: np.ndarray, neighbours: int) -> np.ndarray:
    """Keep each member's links to its ``neighbours`` most similar members (symmetrised)."""
    n = len(sims)
    ranked = sims.copy()
    np.fill_diagonal(ranked, -np.inf)
    nearest = np.argsort(-ranked, axis=1, kind="stable")[:, : min(neighbours, n - 1)]
    keep = np.zeros((n, n), dtype=bool)
    keep[np.arange(n)[:, None], nearest] = True
    keep |= keep.T
    return np.where(keep, np.clip(sims, 0.0, None), 0.0)


def _cheapest_cut(vectors: np.ndarray, neighbours: int) -> np.ndarray | None:
    """Return the side mask of the cheapest normalised cut, or None when it is too dear."""
    graph = _knn_graph(vectors @ vectors.T, neighbours)
    degree = graph.sum(axis=1) + 1e-9
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(graph)) - graph * scale[:, None] * scale[None, :]
    _, eigvecs = np.linalg.eigh(laplacian)
    order = np.argsort(eigvecs[:, 1] * scale, kind="stable")
    # Sweep the members along the Fiedler vector, moving one at a time to side A.
    volume = degree.sum()
    cut = vol_a = 0.0
    in_a = np.zeros(len(graph), dtype=bool)
    best, best_k = MAX_NCUT, None
    for k, v in enumerate(order[:-1]):
        cut += graph[v, ~in_a].sum() - graph[v, v] - graph[v, in_a].sum()
        in_a[v] = True
        vol_a += degree[v]
        ncut = cut / vol_a + cut / (volume - vol_a)
        if ncut < best:
            best, best_k = ncut, k
    if best_k is None:
        return None
    side = np.zeros(len(graph), dtype=bool)
    side[order[: best_k + 1]] = True
    return side
