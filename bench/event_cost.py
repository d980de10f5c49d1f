"""What event coding adds to the per-document analysis time, measured side by side.

Each document of the demo corpus (``examples/*.txt``, plus ``../shared/seeds``
when present) is analysed by the registered pipeline stages in order; the
clock is read before the first stage, after the stage before ``events`` and
after ``events``. So in the same run, on the same documents, it measures:

* peer: the pipeline without the events stage (nlp, time, places, actors, quantities);
* peer: the same plus the rules alone (``events.rule_events``, the v1 events stage);
* storyline: the whole pipeline, whose events stage runs the rules and then the
  learned coder that retypes their mentions (``event_coder.recode``).

Each document is analysed ``--repeat`` times after a warm-up, and the median
is kept. The target is that events add at most 15% to the per-document time.

    .venv/bin/python bench/event_cost.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from storyline.analyse import event_rules
from storyline.analyse.events import rule_events
from storyline.model import Document
from storyline.pipeline import Context, _run_stage, load_stages
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET = 0.15


def corpus() -> list[Document]:
    """Return the demo reports and, when present, the seed reports."""
    paths = sorted((ROOT / "examples").glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    return [Document(id=p.stem, text=p.read_text(encoding="utf-8"), language="en") for p in paths]


def timed(doc: Document, ctx: Context, lexicon: dict) -> tuple[float, float, float]:
    """Return seconds for the stages before events, for the rules alone, and for events."""
    stages = load_stages()
    start = time.perf_counter()
    for current in stages:
        if current.name == "events":
            before = time.perf_counter()
            rule_events(doc, event_rules.build_tree(doc), lexicon)
            ruled = time.perf_counter()
        doc = _run_stage(current, doc, ctx)
    after = time.perf_counter()
    return before - start, ruled - before, after - ruled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ctx = Context(Settings(n_process=1))
    lexicon = ctx.resource("plover_lexicon", event_rules.load_lexicon)
    docs = corpus()
    for doc in docs:  # warm-up: load spaCy, the gazetteer, the lexicon and the model
        timed(doc, ctx, lexicon)
    without, rules, events = [], [], []
    for _ in range(args.repeat):
        runs = [timed(doc, ctx, lexicon) for doc in docs]
        without.append(sum(r[0] for r in runs) / len(docs))
        rules.append(sum(r[1] for r in runs) / len(docs))
        events.append(sum(r[2] for r in runs) / len(docs))
    base, ruled, extra = (statistics.median(x) for x in (without, rules, events))
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(f"{len(docs)} documents (mean {chars:.0f} characters), median of {args.repeat} runs")
    print(f"{'pipeline':<50}{'ms/doc':>10}{'vs peer':>10}")
    for name, ms in (
        ("without the events stage (peer)", base),
        ("with events by the rules alone (v1 stage, peer)", base + ruled),
        ("with the events stage: rules + coder (storyline)", base + extra),
    ):
        print(f"{name:<50}{ms * 1000:>10.1f}{ms / base:>10.3f}")
    verdict = "met" if extra / base <= TARGET else "NOT met"
    print(f"events add {extra / base:.1%} per document (target <= {TARGET:.0%}: {verdict})")


if __name__ == "__main__":
    main()
