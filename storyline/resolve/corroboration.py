"""Corroboration: fold syndicated copies and near-duplicates into independent reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from storyline.ingest.dedup import NearDuplicateIndex, similarity
from storyline.model import Document


class UnionFind:
    """Disjoint sets over hashable items, with deterministic representatives."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def syndication_groups(docs: Sequence[Document], *, threshold: float) -> dict[str, str]:
    """Map each document id to the id that stands for its group of copies.

    Candidates come from MinHash LSH, so grouping never compares all pairs;
    each candidate pair is then confirmed on the estimated Jaccard similarity.
    """
    groups = UnionFind()
    index = NearDuplicateIndex(threshold=threshold)
    signatures: dict[str, np.ndarray] = {}
    for doc in docs:
        groups.find(doc.id)
        if not doc.minhash:
            continue
        mine = np.asarray(doc.minhash)
        for other in index.query(doc.minhash):
            if (
                groups.find(other) != groups.find(doc.id)
                and similarity(mine, signatures[other]) >= threshold
            ):
                groups.union(doc.id, other)
        index.add(doc.id, doc.minhash)
        signatures[doc.id] = mine
    return {doc.id: groups.find(doc.id) for doc in docs}


def independent_reports(documents: Iterable[str], groups: dict[str, str]) -> int:
    """Count the distinct syndication groups among ``documents``."""
    return len({groups.get(doc_id, doc_id) for doc_id in documents})
