"""Train the learned PLOVER coder and write its weights table.

Training data:

- ``training/event_sentences.tsv``: sentences written for this project in news
  style, each labelled with its PLOVER type and mode; the label learned is the
  type an event coder gives it (intent to cooperate is AGREE, refusal REJECT,
  intent to coerce THREATEN: ``event_rules.coded``), and
  ``training/no_event_sentences.txt``: news sentences that report no event;
- ``training/cameo_sentences.tsv``: sentences written for this project, two or
  three for each CAMEO code of the CAMEO-to-PLOVER table (its descriptions in
  ``CAMEO2PLOVER-2021.txt``), labelled with that code; the type learned is the
  code's PLOVER type (``event_mappings.cameo_to_plover``);
- ``petrarch2_validation.jsonl`` from the shared benchmarks, when present: each
  record whose expected CAMEO codes map (longest prefix, ``cameo_plover.csv``)
  to exactly one PLOVER type. It is read at training time and never copied.

Each sentence goes through the storyline pipeline; its features are those of
its main event (``event_features.event_features``). A multinomial logistic
regression is fitted with scikit-learn (training only; the runtime reads the
CSV in plain Python). The regularisation, and the probability at which the
model overrides the rules (``event_coder.OVERRIDE_AT``), are chosen by
stratified k-fold cross-validation on the training data. ``plover_dev.jsonl``, when present, is
only scored, never trained on.

    .venv/bin/python training/train_events.py            # CV report, then write the model
    .venv/bin/python training/train_events.py --dry-run  # CV report only
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from storyline.analyse import event_rules
from storyline.analyse.event_coder import OVERRIDE_AT, coded_type, main_event
from storyline.analyse.event_features import event_features
from storyline.analyse.event_mappings import cameo_to_plover
from storyline.analyse.event_model import BIAS, MODEL_PATH, NO_EVENT
from storyline.analyse.event_rules import coded
from storyline.analyse.events import rule_events
from storyline.model import MODES, PLOVER_TYPES, Document
from storyline.pipeline import Context, analyse
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "training" / "event_sentences.tsv"
NO_EVENTS = ROOT / "training" / "no_event_sentences.txt"
CAMEO_SENTENCES = ROOT / "training" / "cameo_sentences.tsv"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
C_GRID = (0.3, 1.0, 3.0, 10.0)
# Override thresholds tried; above 1.0 the rules always win where they fired.
OVERRIDE_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
# A CV accuracy gain below this is noise and does not call for a new threshold.
NOISE = 0.005
MIN_WEIGHT = 0.01


def own_sentences(path: Path = SENTENCES) -> list[tuple[str, str]]:
    """Return (text, coded type) for the project's own labelled sentences."""
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["type"] not in PLOVER_TYPES or row["mode"] not in MODES:
                sys.exit(f"{path}: bad row {row}")
            examples.append((row["text"], coded(row["type"], row["mode"])))
    with CAMEO_SENTENCES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            type_ = cameo_to_plover(row["cameo"])
            if type_ is None or not row["text"].strip():
                sys.exit(f"{CAMEO_SENTENCES}: bad row {row}")
            examples.append((row["text"], type_))
    lines = NO_EVENTS.read_text(encoding="utf-8").splitlines()
    return examples + [(line, NO_EVENT) for line in lines if line.strip()]


def petrarch_sentences(bench: Path) -> list[tuple[str, str]]:
    """Return (text, type) for PETRARCH-2 records whose codes map to one PLOVER type.

    Records that expect no event at all are examples of ``NO_EVENT``; records whose
    only codes have no PLOVER type (01 statements, 02 appeals) are left out.
    """
    records = bench / "petrarch2_validation.jsonl"
    if not records.is_file():
        return []
    examples = []
    for line in records.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        types = {cameo_to_plover(code) for code in record["cameo"]} - {None}
        if len(types) == 1:
            examples.append((record["text"], types.pop()))
        elif not record["cameo"]:
            examples.append((record["text"], NO_EVENT))
    return examples


def featurise(texts: list[str]) -> tuple[list[dict[str, int]], list[str | None]]:
    """Run the pipeline over each text; return its main event's features and coded type.

    The rules' own mentions (``events.rule_events``, before the learned coder)
    give both, so the model never learns from its own earlier output.
    """
    ctx = Context(Settings(n_process=1))
    lexicon = event_rules.load_lexicon()
    rows, ruled = [], []
    for n, text in enumerate(texts):
        doc = analyse(Document(id=f"t{n}", text=text, language="en"), ctx)
        if not doc.tokens:
            rows.append({"rule=none": 1})
            ruled.append(None)
            continue
        tree = event_rules.build_tree(doc)
        doc = dataclasses.replace(doc, events=tuple(rule_events(doc, tree, lexicon)))
        event = main_event(doc, tree)
        ruled.append(coded_type(event) if event is not None else None)
        rows.append(dict.fromkeys(event_features(doc, tree, event, lexicon), 1))
        print(f"\rfeatures {n + 1}/{len(texts)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return rows, ruled


def combine(
    ruled: list[str | None], guesses: list[tuple[str, float]], at: float = OVERRIDE_AT
) -> list[str]:
    """Decide as ``event_coder.code_text`` does: the model when sure, else the rules."""
    return [
        (g if p >= at and g != NO_EVENT else r) if r else g
        for r, (g, p) in zip(ruled, guesses, strict=True)
    ]


def guess(vectoriser: DictVectorizer, model: LogisticRegression, rows: list) -> list:
    """Return (type, probability) of the model for each row."""
    probabilities = model.predict_proba(vectoriser.transform(rows))
    return [(model.classes_[p.argmax()], float(p.max())) for p in probabilities]


def fit(rows: list[dict[str, int]], labels: list[str], c: float):
    """Fit the vectoriser and the regression on ``rows``."""
    vectoriser = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(vectoriser.fit_transform(rows), labels)
    return vectoriser, model


def cross_validate(rows: list[dict[str, int]], labels: list[str], c: float, folds: int):
    """Return out-of-fold (type, probability) of a k-fold split stratified by label."""
    predicted: list[tuple[str, float]] = [("", 0.0)] * len(rows)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(rows, labels):
        vectoriser, model = fit([rows[i] for i in train], [labels[i] for i in train], c)
        for i, pair in zip(test, guess(vectoriser, model, [rows[i] for i in test]), strict=True):
            predicted[i] = pair
    return predicted


def scores(gold: list[str], predicted: list[str]) -> str:
    present = sorted(set(gold) - {NO_EVENT})  # macro F1 over the PLOVER types in the gold
    macro = f1_score(gold, predicted, labels=present, average="macro", zero_division=0)
    return f"accuracy {accuracy_score(gold, predicted):.3f}  macro F1 {macro:.3f}"


def confusions(gold: list[str], predicted: list[str], top: int = 12) -> str:
    """Return the most frequent (gold, predicted) errors, one per line."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return "\n".join(f"  {n:3d} {g:>9} coded {p}" for (g, p), n in pairs.most_common(top))


def write_weights(vectoriser: DictVectorizer, model: LogisticRegression, path: Path) -> int:
    """Write the non-negligible weights as ``feature, type, weight`` rows."""
    names = vectoriser.get_feature_names_out()
    rows = [(BIAS, t, float(b)) for t, b in zip(model.classes_, model.intercept_, strict=True)]
    for k, type_ in enumerate(model.classes_):
        rows += [
            (names[j], type_, float(w))
            for j, w in enumerate(model.coef_[k])
            if abs(w) >= MIN_WEIGHT
        ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("feature", "type", "weight"))
        writer.writerows((f, t, f"{w:.4f}") for f, t, w in sorted(rows))
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=BENCHMARKS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = parser.parse_args()

    own, petrarch = own_sentences(), petrarch_sentences(args.benchmarks)
    examples = own + petrarch
    print(f"training texts: {len(own)} own + {len(petrarch)} PETRARCH-2 mapped")
    rows, ruled = featurise([text for text, _ in examples])
    labels = [label for _, label in examples]

    results = {}
    for c in C_GRID:
        results[c] = [g for g, _ in cross_validate(rows, labels, c, args.folds)]
        print(f"C={c:<5} {args.folds}-fold CV, model alone: {scores(labels, results[c])}")
    best = max(C_GRID, key=lambda c: accuracy_score(labels, results[c]))
    guesses = cross_validate(rows, labels, best, args.folds)
    for at in OVERRIDE_GRID:
        print(f"override at {at:<4} CV of the coder: {scores(labels, combine(ruled, guesses, at))}")
    cv = {at: accuracy_score(labels, combine(ruled, guesses, at)) for at in OVERRIDE_GRID}
    chosen = max(OVERRIDE_GRID, key=cv.__getitem__)
    if cv[chosen] - accuracy_score(labels, combine(ruled, guesses)) > NOISE:
        print(f"note: CV prefers OVERRIDE_AT = {chosen}; event_coder.py has {OVERRIDE_AT}")
    coder = combine(ruled, guesses)
    n = len(own)
    print(f"chosen C={best}; CV of the coder (rules + model) on all: {scores(labels, coder)}")
    print(f"  on own sentences: {scores(labels[:n], coder[:n])}")
    if petrarch:
        print(f"  on PETRARCH-2 mapped: {scores(labels[n:], coder[n:])}")
    print(f"rules alone on all: {scores(labels, [r or NO_EVENT for r in ruled])}")
    print(f"most frequent CV errors of the coder:\n{confusions(labels, coder)}")

    vectoriser, model = fit(rows, labels, best)
    dev = args.benchmarks / "plover_dev.jsonl"
    if dev.is_file():
        records = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines()]
        dev_rows, dev_ruled = featurise([r["text"] for r in records])
        coded_dev = combine(dev_ruled, guess(vectoriser, model, dev_rows))
        gold = [r["event"] for r in records]
        print(f"plover_dev (never trained on), coder: {scores(gold, coded_dev)}")
    if not args.dry_run:
        count = write_weights(vectoriser, model, MODEL_PATH)
        print(f"wrote {count} weights to {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
