"""What event coding adds to the per-document analysis time, measured side by side.

Each document of the demo corpus (``examples/*.txt``, plus ``../shared/seeds``
when present) is analysed by the registered pipeline stages in order; the
clock is read before the first stage, after the stage before ``events`` and
after ``events``. So in the same run, on the same documents, it measures:

* peer: the pipeline without the events stage (nlp, time, places, actors, quantities);
* storyline: the whole pipeline, events included;

and, beside them, the learned coder that ``eventtype`` runs on top of the
events (:func:`storyline.analyse.event_coder.code_text`). Each document is
analysed ``--repeat`` times after a warm-up, and the median is kept. The
target is that events add at most 15% to the per-document time.

    .venv/bin/python bench/event_cost.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from storyline.analyse import event_rules
from storyline.analyse.event_coder import code_text
from storyline.analyse.event_model import load_model
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


def timed(doc: Document, ctx: Context, lexicon: dict, model: object) -> tuple[float, float, float]:
    """Return seconds for the stages before events, for events, and for the coder."""
    stages = load_stages()
    start = time.perf_counter()
    for current in stages:
        if current.name == "events":
            before = time.perf_counter()
        doc = _run_stage(current, doc, ctx)
    after = time.perf_counter()
    code_text(doc, lexicon, model)
    coded = time.perf_counter()
    return before - start, after - before, coded - after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ctx = Context(Settings(n_process=1))
    lexicon = ctx.resource("plover_lexicon", event_rules.load_lexicon)
    model = load_model()
    docs = corpus()
    for doc in docs:  # warm-up: load spaCy, the gazetteer and the lexicon
        timed(doc, ctx, lexicon, model)
    without, events, coder = [], [], []
    for _ in range(args.repeat):
        runs = [timed(doc, ctx, lexicon, model) for doc in docs]
        without.append(sum(r[0] for r in runs) / len(docs))
        events.append(sum(r[1] for r in runs) / len(docs))
        coder.append(sum(r[2] for r in runs) / len(docs))
    base, extra, code = (statistics.median(x) for x in (without, events, coder))
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(f"{len(docs)} documents (mean {chars:.0f} characters), median of {args.repeat} runs")
    print(f"{'pipeline':<42}{'ms/doc':>10}{'vs peer':>10}")
    print(f"{'without the events stage (peer)':<42}{base * 1000:>10.1f}{'1.00':>10}")
    print(f"{'with the events stage (storyline)':<42}{(base + extra) * 1000:>10.1f}"
          f"{(base + extra) / base:>10.3f}")  # fmt: skip
    print(f"{'  + learned coder (eventtype task)':<42}{(base + extra + code) * 1000:>10.1f}"
          f"{(base + extra + code) / base:>10.3f}")  # fmt: skip
    verdict = "met" if extra / base <= TARGET else "NOT met"
    print(f"events add {extra / base:.1%} per document (target <= {TARGET:.0%}: {verdict})")


if __name__ == "__main__":
    main()
