"""The learned PLOVER coder: a linear model over named sparse features.

The weights are a CSV table (``feature, type, weight``; the ``__bias__``
feature holds the intercepts) written by ``training/train_events.py``, a
multinomial logistic regression over the features of
:mod:`storyline.analyse.event_features`. Inference is a sum of weights in
plain Python, and each decision keeps the features that pushed it most.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import StorylineError
from storyline.model import PLOVER_TYPES

MODEL_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "event_model.csv"
BIAS = "__bias__"
EXPLAINED = 4
# The model's class for a text that reports no event.
NO_EVENT = "NONE"
CLASSES = (*PLOVER_TYPES, NO_EVENT)


@dataclass(frozen=True, slots=True)
class Coding:
    """A coded type (or ``NO_EVENT``), its probability, and the features that argued for it."""

    type: str
    probability: float
    evidence: tuple[str, ...]

    def explain(self) -> str:
        """Return the decision as one line: type, probability and top features."""
        return f"model: {self.type} p={self.probability:.2f} ({', '.join(self.evidence)})"


@dataclass(frozen=True, slots=True)
class Model:
    """Intercepts and per-feature weights, one column per PLOVER type and one for no event."""

    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]

    def code(self, features: Iterable[str]) -> Coding:
        """Return the most probable type for ``features`` and why."""
        scores = list(self.bias)
        fired = [f for f in features if f in self.weights]
        for feature in fired:
            for column, weight in self.weights[feature]:
                scores[column] += weight
        best = max(range(len(scores)), key=scores.__getitem__)
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        pushes = sorted(
            ((w, f) for f in fired for c, w in self.weights[f] if c == best and w > 0),
            reverse=True,
        )
        evidence = tuple(f for _, f in pushes[:EXPLAINED])
        return Coding(CLASSES[best], 1.0 / total, evidence)


def load_model(path: Path = MODEL_PATH) -> Model:
    """Load the weights table at ``path``."""
    column = {t: i for i, t in enumerate(CLASSES)}
    bias = [0.0] * len(CLASSES)
    weights: dict[str, list[tuple[int, float]]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as e:
        raise StorylineError(f"cannot read the event model {path}: {e}") from e
    for row in rows:
        if row.get("type") not in column:
            raise StorylineError(f"{path}: unknown class in row {row}")
        try:
            weight = float(row["weight"])
        except (TypeError, ValueError) as e:
            raise StorylineError(f"{path}: bad weight in row {row}") from e
        if row["feature"] == BIAS:
            bias[column[row["type"]]] = weight
        else:
            weights.setdefault(row["feature"], []).append((column[row["type"]], weight))
    return Model(tuple(bias), {f: tuple(w) for f, w in weights.items()})
