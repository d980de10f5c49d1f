"""Story clustering: group documents that report the same evolving situation.

Clustering is online: documents arrive one at a time and each joins the story
it is most similar to, or opens a new one. A document is a weighted bag of
terms (entities and places it names, months it dates, content words), scored
TF-IDF and compared by cosine. Blocking keeps the cost near-linear: a new
document is compared only with the stored documents that share one of its
:data:`BLOCK_TERMS` most heavily weighted terms (an inverted index; a term
carried by more than :data:`MAX_BLOCK` documents is too common to block on),
and only the :data:`MAX_CANDIDATES` that share the most weight are scored.

A document's affinity to a story is the mean of its :data:`TOP_K` best
similarities to members of that story (fewer when the story is smaller: a
k-nearest-neighbour link): robust to one stray member, and cheap because
only blocked candidates are scored.

:func:`cluster_bags` (used by the build and by the ``crossdoc`` task) runs the
online pass under the lenient :data:`COARSE_THRESHOLD`, which keeps the reports
of one kind of event together, and then splits each story into incidents with
:func:`storyline.resolve.story_split.split_group`.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from storyline.model import Document
from storyline.resolve.story_split import split_group

# The online pass is lenient: the split pass then tells incidents apart.
COARSE_THRESHOLD = 0.08
TOP_K = 3
MAX_BLOCK = 200
MAX_CANDIDATES = 60
# Only a document's most telling terms look for candidates, so the work per
# document is bounded (BLOCK_TERMS x MAX_BLOCK postings) however large the corpus.
BLOCK_TERMS = 20
# Entities and places say more about which situation a report is about than words do.
NAME_WEIGHT = 2.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
# Function words and reporting verbs: frequent in every story, telling of none.
STOPWORDS = frozenset(
    [
        "also",
        "about",
        "after",
        "again",
        "against",
        "among",
        "around",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "could",
        "does",
        "during",
        "each",
        "from",
        "have",
        "having",
        "here",
        "into",
        "just",
        "many",
        "more",
        "most",
        "much",
        "must",
        "near",
        "only",
        "other",
        "over",
        "said",
        "says",
        "should",
        "since",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "within",
        "would",
        "your",
        "year",
        "years",
        "week",
        "weeks",
        "told",
        "according",
        "report",
        "reported",
        "reports",
    ]
)

Terms = Mapping[str, float]


class StoryIndex:
    """Online story clustering over sparse TF-IDF vectors with inverted-index blocking.

    ``document_frequency`` and ``documents`` fix the IDF statistics in advance
    (a batch whose documents are all known); otherwise they grow with each
    document added.
    """

    def __init__(
        self,
        *,
        threshold: float = COARSE_THRESHOLD,
        document_frequency: Mapping[str, int] | None = None,
        documents: int = 0,
    ) -> None:
        self.threshold = threshold
        self._fixed = document_frequency is not None
        self._df: Counter[str] = Counter(document_frequency or {})
        self._n = documents
        self._vectors: dict[str, dict[str, float]] = {}
        self._postings: dict[str, list[str]] = defaultdict(list)
        self.story_of: dict[str, str] = {}
        self.scores: dict[str, float] = {}

    def add(self, doc_id: str, terms: Terms) -> str:
        """File ``doc_id`` under the best story (or a new one) and return the story id."""
        if not self._fixed:
            self._n += 1
            self._df.update(terms.keys())
        vector = self._vector(terms)
        story, score = self._best_story(vector)
        if story is None:
            story = story_id(doc_id)
        self.story_of[doc_id] = story
        self.scores[doc_id] = score
        self._vectors[doc_id] = vector
        for term in vector:
            self._postings[term].append(doc_id)
        return story

    def _vector(self, terms: Terms) -> dict[str, float]:
        n = max(self._n, 1)
        raw = {
            term: (1 + math.log(count)) * math.log(1 + n / self._df[term])
            for term, count in terms.items()
            if count > 0 and self._df.get(term, 0) > 0
        }
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        return {term: w / norm for term, w in raw.items()}

    def _best_story(self, vector: Mapping[str, float]) -> tuple[str | None, float]:
        overlap: Counter[str] = Counter()
        telling = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:BLOCK_TERMS]
        for term, weight in telling:
            docs = self._postings.get(term, ())
            if len(docs) <= MAX_BLOCK:
                for other in docs:
                    overlap[other] += weight
        by_story: dict[str, list[float]] = defaultdict(list)
        for other, _ in overlap.most_common(MAX_CANDIDATES):
            theirs = self._vectors[other]
            sim = sum(w * theirs.get(term, 0.0) for term, w in vector.items())
            by_story[self.story_of[other]].append(sim)
        best, best_score = None, self.threshold
        for story in sorted(by_story):
            sims = sorted(by_story[story], reverse=True)[:TOP_K]
            score = sum(sims) / len(sims)
            if score > best_score:
                best, best_score = story, score
        return best, (best_score if best else 0.0)


def story_id(first_doc: str) -> str:
    """Return the id of a story opened by ``first_doc``."""
    return "s-" + hashlib.sha1(first_doc.encode()).hexdigest()[:10]


def word_terms(text: str) -> Counter[str]:
    """Return the content words of ``text`` (lower-cased, stop words dropped)."""
    words = (w.lower().strip("'-") for w in _WORD.findall(text))
    return Counter(f"w:{w}" for w in words if w not in STOPWORDS)


def document_terms(doc: Document, mention_entity: Mapping[tuple[str, int], str]) -> Counter[str]:
    """Return the weighted story terms of ``doc``: its places, entities, months and words."""
    terms = word_terms(doc.text)
    for m in doc.places:
        if m.place is not None and m.place.kind != "country":
            terms[f"p:{m.place.id}"] += NAME_WEIGHT
    for i in range(len(doc.actors)):
        entity = mention_entity.get((doc.id, i))
        if entity is not None:
            terms[f"e:{entity}"] += NAME_WEIGHT
    for t in doc.timexes:
        if t.span.start is not None and t.span.granularity in ("day", "week", "month"):
            terms[f"t:{t.span.start:%Y-%m}"] += 1
    return terms


def document_frequencies(bags: Iterable[Terms]) -> tuple[Counter[str], int]:
    """Count in how many bags each term occurs, and the bags."""
    df: Counter[str] = Counter()
    n = 0
    for bag in bags:
        df.update(bag.keys())
        n += 1
    return df, n


def cluster_bags(bags: Mapping[str, Terms], order: Sequence[str]) -> dict[str, str]:
    """Map each document id to a story id: the online pass, then each story split.

    Documents are added to a :class:`StoryIndex` in ``order`` under the lenient
    :data:`COARSE_THRESHOLD`; then each story it opened is split into incidents
    by :func:`storyline.resolve.story_split.split_group`. A story's id is the id
    opened by its first document in ``order``.
    """
    df, n = document_frequencies(bags.values())
    index = StoryIndex(document_frequency=df, documents=n)
    for doc_id in order:
        index.add(doc_id, bags[doc_id])
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in order:
        groups[index.story_of[doc_id]].append(doc_id)
    stories = {}
    for members in groups.values():
        for part in split_group(members, bags):
            stories.update(dict.fromkeys(part, story_id(part[0])))
    return stories


def cluster_stories(
    docs: Sequence[Document],
    mention_entity: Mapping[tuple[str, int], str],
    *,
    order: Sequence[str] | None = None,
) -> dict[str, str]:
    """Map each document id to a story id, adding documents in ``order`` (default: as given)."""
    bags = {doc.id: document_terms(doc, mention_entity) for doc in docs}
    return cluster_bags(bags, order or [doc.id for doc in docs])
