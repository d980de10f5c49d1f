"""Story clustering: group documents that report the same evolving situation.

Each document is reduced to the places and entities it names. Documents are
compared only when they share a term that few documents share (an inverted
index is the blocking step), and two documents join one story when the
IDF-weighted overlap coefficient of their terms passes a threshold.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from storyline.model import Document
from storyline.resolve.corroboration import UnionFind

THRESHOLD = 0.3
MIN_SHARED = 2
# A term carried by more than this many documents is too common to block on.
MAX_BLOCK = 200


def document_terms(doc: Document, mention_entity: Mapping[tuple[str, int], str]) -> set[str]:
    """Return the salient places and entities of ``doc`` as story terms."""
    terms = {
        f"p:{m.place.id}" for m in doc.places if m.place is not None and m.place.kind != "country"
    }
    terms.update(
        f"e:{mention_entity[(doc.id, i)]}"
        for i in range(len(doc.actors))
        if (doc.id, i) in mention_entity
    )
    return terms


def cluster_stories(
    docs: Sequence[Document], mention_entity: Mapping[tuple[str, int], str]
) -> dict[str, str]:
    """Map each document id to a story id."""
    terms = {doc.id: document_terms(doc, mention_entity) for doc in docs}
    postings: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        for term in terms[doc.id]:
            postings[term].append(doc.id)
    idf = {t: math.log(1 + len(docs) / len(ids)) for t, ids in postings.items()}
    weight = {doc.id: sum(idf[t] for t in terms[doc.id]) for doc in docs}
    stories = UnionFind()
    for doc in docs:
        stories.find(doc.id)
        for other in _candidates(doc.id, terms[doc.id], postings):
            if stories.find(other) == stories.find(doc.id):
                continue
            smaller = min(weight[doc.id], weight[other])
            if _similar(terms[doc.id], terms[other], idf, smaller):
                stories.union(doc.id, other)
    return {doc.id: _story_id(stories.find(doc.id)) for doc in docs}


def _candidates(doc_id: str, doc_terms: set[str], postings: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    for term in doc_terms:
        ids = postings[term]
        if len(ids) <= MAX_BLOCK:
            found.update(i for i in ids if i < doc_id)
    return found


def _similar(a: set[str], b: set[str], idf: Mapping[str, float], smaller: float) -> bool:
    """Use the overlap coefficient, so a short report can join a long one."""
    shared = a & b
    if len(shared) < MIN_SHARED:
        return False
    return sum(idf[t] for t in shared) / smaller >= THRESHOLD


def _story_id(root: str) -> str:
    return "s-" + hashlib.sha1(root.encode()).hexdigest()[:10]
