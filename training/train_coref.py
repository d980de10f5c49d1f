"""Train the event-mention pair model of ``storyline.resolve.mentions`` and write its weights.

Training data: ``ecbplus_train.jsonl`` from the shared benchmarks (ECB+ train
topics, gold event mentions). It is read at training time and never copied;
dev and test topics are never read here.

Each pair of mentions within one gold document cluster (an ECB+ subtopic, one
incident) is an example, labelled by whether the two share a gold event
cluster. Those are the pairs the task scores, since it clusters mentions only
within a document cluster; pairs across a topic's two subtopics (the same kind
of event, another incident) are left to document clustering, and training on
them too taught the model to lean on report similarity where it cannot help
(train CoNLL cross-validated by topic, 5 folds: 0.801 with them, 0.807 without,
before the particle and role features). The features are
:func:`storyline.resolve.mentions.pair_features`. A logistic regression is
fitted with scikit-learn (training only; the runtime reads the CSV in plain
Python). The link threshold of average-link clustering is then chosen as the
one that gives the best CoNLL F1 on train, clustering within the gold document
clusters.

    .venv/bin/python training/train_coref.py             # fit, report, write the weights
    .venv/bin/python training/train_coref.py --dry-run   # fit and report only
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from storyline.resolve import mentions
from storyline.settings import Settings
from storyline.tasks import crossdoc
from storyline.tasks.coref_scores import clusters_of, conll

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "ecbplus_train.jsonl"
THRESHOLDS = [round(t, 2) for t in np.arange(0.2, 0.81, 0.05)]
SOURCE = "logistic regression on ECB+ train pairs within a subtopic (training/train_coref.py)"


def examples(records: Sequence[dict], parsed: Sequence) -> tuple[list[dict], list[int]]:
    """Return the feature dicts and labels of every mention pair within a gold subtopic."""
    gold = crossdoc.gold_clusters(records)
    by_subtopic = defaultdict(list)
    for r, p in zip(records, parsed, strict=True):
        by_subtopic[r["subtopic"]].extend(p.mentions)
    rows, labels = [], []
    for subtopic in sorted(by_subtopic):
        for a, b in itertools.combinations(by_subtopic[subtopic], 2):
            rows.append(mentions.pair_features(a, b))
            labels.append(int(gold[a.key] == gold[b.key]))
    return rows, labels


def fit(rows: list[dict], labels: list[int], c: float = 1.0) -> tuple[dict[str, float], float]:
    """Fit the pair model; return its weights by feature name and its bias."""
    names = list(rows[0])
    x = np.array([[row[n] for n in names] for row in rows])
    model = LogisticRegression(C=c, max_iter=2000).fit(x, labels)
    return dict(zip(names, model.coef_[0].tolist(), strict=True)), float(model.intercept_[0])


def conll_f1(
    records: Sequence[dict],
    parsed: Sequence,
    subtopics: dict,
    model: mentions.PairModel,
    threshold: float,
) -> float:
    """CoNLL F1 of average-link clustering at ``threshold`` within ``subtopics``."""
    labels = crossdoc._cluster_mentions(
        records, parsed, subtopics, score=model.score, threshold=threshold
    )
    return conll(clusters_of(crossdoc.gold_clusters(records)), clusters_of(labels))["CoNLL"][2]


def write(path: Path, weights: dict[str, float], bias: float, threshold: float) -> None:
    """Write the weights table that :func:`storyline.resolve.mentions.load_model` reads."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["feature", "weight", "source"])
        out.writerow(["bias", f"{bias:.4f}", SOURCE])
        out.writerow(
            ["threshold", f"{threshold:.2f}", "best CoNLL F1 on ECB+ train, gold documents"]
        )
        out.writerows([name, f"{w:.4f}", SOURCE] for name, w in weights.items())


def train(records: Sequence[dict], parsed: Sequence, path: Path | None) -> float:
    """Fit, choose the threshold, print a report and write the table when ``path`` is given."""
    rows, labels = examples(records, parsed)
    weights, bias = fit(rows, labels)
    print(f"{len(rows)} pairs, {sum(labels)} coreferent")
    for name, w in weights.items():
        print(f"  {name:24} {w:+.3f}")
    print(f"  {'bias':24} {bias:+.3f}")
    model = mentions.PairModel(weights, bias)
    subtopics = {r["id"]: r["subtopic"] for r in records}
    scores = {t: conll_f1(records, parsed, subtopics, model, t) for t in THRESHOLDS}
    best = max(scores, key=lambda t: (scores[t], -abs(t - 0.5)))
    print("threshold  " + "  ".join(f"{t:.2f}:{s:.3f}" for t, s in scores.items()))
    print(f"chosen threshold {best:.2f} (train CoNLL {scores[best]:.3f}, gold documents)")
    if path is not None:
        write(path, weights, bias, best)
        mentions.load_model.cache_clear()
        print(f"wrote {path}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN)
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.train.open(encoding="utf-8") if line.strip()]
    parsed = crossdoc._parse(records, Settings())
    train(records, parsed, None if args.dry_run else mentions.WEIGHTS_PATH)


if __name__ == "__main__":
    main()
