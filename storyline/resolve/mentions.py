"""Pairwise event-mention features, a learned pair score, and average-link clustering.

The features are those a reader would check: the trigger's lemma or its stem
(*shooting* / *shot* / *shoot*), whether the two triggers name the same kind of
happening (an event-synonym class of ``event_synonyms.csv``: *kill* / *death*,
*quake* / *temblor*; or the same PLOVER type in the trigger lexicon), whether a
phrasal verb's particle differs (*check in* / *check out*), whether the two
triggers share a subject or an object in the parse, how alike the two sentences
are, which names, numbers and times they share near the trigger and in the
sentence, whether both sit in one report or one sentence, and whether a trigger
is a light or reporting verb (*say*, *make*) or a pronoun-like event noun
(*the incident*).

The score is a logistic regression over those features, fitted on the mention
pairs within each ECB+ train subtopic by ``training/train_coref.py`` and read
from ``coref_weights.csv``: every decision can be shown term by term
(:meth:`PairModel.terms`).
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from storyline.errors import StorylineError

DATA = Path(__file__).resolve().parents[1] / "knowledge" / "data"
SYNONYMS_PATH = DATA / "event_synonyms.csv"
WEIGHTS_PATH = DATA / "coref_weights.csv"
# Verbs that carry little event meaning of their own (general English usage).
LIGHT_VERBS = frozenset(
    [
        "be",
        "have",
        "do",
        "make",
        "take",
        "give",
        "get",
        "go",
        "come",
        "say",
        "tell",
        "report",
        "add",
        "state",
        "note",
        "claim",
    ]
)
# Nouns that refer back to an event without naming its kind.
VAGUE_NOUNS = frozenset(
    [
        "it",
        "this",
        "that",
        "incident",
        "event",
        "episode",
        "situation",
        "case",
        "matter",
        "affair",
        "thing",
        "one",
        "which",
        "what",
        "they",
    ]
)
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
_SUFFIXES += ("ate", "es", "s", "e")
_MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class MentionFeatures:
    """What pairwise scoring needs of one event mention."""

    key: Hashable
    lemma: str
    stem: str
    words: Mapping[str, int] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    arguments: frozenset[str] = frozenset()
    document: str = ""
    sentence: int = -1
    verbal: bool = False
    context: frozenset[str] = frozenset()
    particle: str = ""
    subjects: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()


def stem(lemma: str) -> str:
    """Return a crude derivational stem: *nomination*, *nominee*, *nominated* -> *nominat*."""
    lemma = IRREGULAR.get(lemma, lemma)
    for suffix in _SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= _MIN_STEM:
            return lemma[: -len(suffix)]
    return lemma


@functools.cache
def synonym_classes(path: Path = SYNONYMS_PATH) -> dict[str, frozenset[str]]:
    """Map each word of the event-synonym table to the classes it belongs to."""
    classes: dict[str, set[str]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for word in row["words"].split("|"):
                    classes.setdefault(word.strip().lower(), set()).add(row["class"])
    except (OSError, KeyError) as e:
        raise StorylineError(f"cannot read the event-synonym table {path}: {e}") from e
    return {word: frozenset(found) for word, found in classes.items()}


@dataclass(frozen=True, slots=True)
class PairModel:
    """A logistic pair model: feature weights, a bias, and the link threshold of clustering."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5

    def terms(self, a: MentionFeatures, b: MentionFeatures) -> dict[str, float]:
        """Return each feature's contribution (weight times value) to the pair's log-odds."""
        features = pair_features(a, b)
        return {name: self.weights.get(name, 0.0) * v for name, v in features.items() if v}

    def score(self, a: MentionFeatures, b: MentionFeatures) -> float:
        """Return the probability that ``a`` and ``b`` report the same event."""
        return 1.0 / (1.0 + math.exp(-(self.bias + sum(self.terms(a, b).values()))))


@functools.cache
def load_model(path: Path = WEIGHTS_PATH) -> PairModel:
    """Read the pair model that ``training/train_coref.py`` wrote."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = {row["feature"]: float(row["weight"]) for row in csv.DictReader(handle)}
    except (OSError, KeyError, ValueError) as e:
        raise StorylineError(f"cannot read the coreference weights {path}: {e}") from e
    bias, threshold = rows.pop("bias", 0.0), rows.pop("threshold", 0.5)
    return PairModel(rows, bias, threshold)


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
    same_particle = a.particle == b.particle  # *check in* is not *check out*
    same_lemma = same_particle and a.lemma == b.lemma
    same_stem = same_particle and not same_lemma and a.stem == b.stem
    same_class = not (same_lemma or same_stem) and bool(a.classes & b.classes)
    same_doc = bool(a.document) and a.document == b.document
    return {
        "same_lemma": float(same_lemma),
        "same_stem": float(same_stem),
        "same_class": float(same_class),
        "same_type": float(not (same_lemma or same_stem or same_class) and bool(a.types & b.types)),
        "sentence": cosine(a.words, b.words),
        "participants": overlap(a.names, b.names),
        "arguments": overlap(a.arguments, b.arguments),
        "shared_role": float(bool(a.subjects & b.subjects or a.objects & b.objects)),
        "same_document": float(same_doc),
        "same_lemma_in_document": float(same_doc and same_lemma),
        "same_sentence": float(same_doc and a.sentence == b.sentence),
        "verb_and_noun": float(a.verbal != b.verbal),
        "documents_alike": overlap(a.context, b.context),
        "light_verb": float(_light(a) or _light(b)),
        "vague_noun": float(a.lemma in VAGUE_NOUNS or b.lemma in VAGUE_NOUNS),
    }


def _light(m: MentionFeatures) -> bool:
    """A light or reporting verb; with a particle it has a meaning of its own (*make off*)."""
    return m.lemma in LIGHT_VERBS and not m.particle


def pair_score(a: MentionFeatures, b: MentionFeatures) -> float:
    """Return the shipped model's probability that ``a`` and ``b`` report the same event."""
    return load_model().score(a, b)


def cluster_average_link(
    items: Sequence[MentionFeatures],
    score: Callable[[MentionFeatures, MentionFeatures], float],
    *,
    threshold: float | None = None,
) -> list[list[MentionFeatures]]:
    """Cluster ``items`` bottom-up, always merging the two clusters of best mean pair score.

    ``threshold`` defaults to the one chosen with the weights. Quadratic in
    ``len(items)``: callers pass one block (a story's mentions).
    """
    if threshold is None:
        threshold = load_model().threshold
    n = len(items)
    if n < 2:
        return [list(items)]
    sims = np.full((n, n), -np.inf)
    for i in range(n):
        for j in range(i + 1, n):
            sims[i, j] = sims[j, i] = score(items[i], items[j])
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
