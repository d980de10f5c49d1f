"""How well a report's own dates bound its publication date, beside a naive peer.

Each TempEval-3 document (``../shared/benchmarks/tempeval3_train.jsonl``; the bench
skips when it is absent) is parsed and tagged as if undated: its creation date is
hidden. Then, on the same documents, in the same run:

* storyline: ``resolve.dates.text_bounds``, the interval that the report's full dates
  allow, read with their tense (no older than the latest date in a past-tense clause,
  no newer than the earliest in a future-tense one; scheduled dates such as a bond
  "due Oct. 15, 1999" bound nothing);
* peer: the naive rule that a report is no older than the latest full date it names.

For each it prints how many documents get a bound and how many of those bounds hold
the hidden creation date. A bound that misses it would mislead every relative date
of the report, so the share that holds matters more than the share bounded.

    .venv/bin/python bench/pubdate_bounds.py
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from storyline.analyse.nlp import parse_many
from storyline.analyse.time import find_timexes
from storyline.model import Document
from storyline.pipeline import Context
from storyline.resolve.dates import BOUNDING, text_bounds
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TEMPEVAL = ROOT.parent / "shared" / "benchmarks" / "tempeval3_train.jsonl"

Bounds = tuple[date | None, date | None]


def undated_documents() -> list[tuple[Document, date]]:
    """Return each document parsed and tagged without its date, with the hidden date."""
    records = [json.loads(line) for line in TEMPEVAL.read_text(encoding="utf-8").splitlines()]
    docs = [Document(id=r["id"], text=r["text"], language="en") for r in records]
    parsed = parse_many(docs, Context(Settings(n_process=1)))
    out = []
    for record, doc in zip(records, parsed, strict=True):
        timexes = find_timexes(doc.text, anchor=None, sentences=doc.sentences, tokens=doc.tokens)
        out.append((dataclasses.replace(doc, timexes=timexes), date.fromisoformat(record["dct"])))
    return out


def latest_date_named(doc: Document) -> Bounds:
    """The peer: no older than the latest full date the report names, in any tense."""
    days = [
        t.span.start
        for t in doc.timexes
        if not t.relative and t.type == "DATE" and t.span.granularity in BOUNDING
    ]
    return (max(days) if days else None), None


def holds(bounds: Bounds, day: date) -> bool:
    low, high = bounds
    return (low is None or low <= day) and (high is None or day <= high)


def main() -> None:
    if not TEMPEVAL.is_file():
        print(f"skipped: {TEMPEVAL} is absent")
        return
    docs = undated_documents()
    print(f"{len(docs)} TempEval-3 documents, creation dates hidden")
    print(f"{'system':<44}{'bounded':>9}{'holds':>7}{'share held':>12}")
    for name, bound in [
        ("storyline text_bounds (tense, schedules)", text_bounds),
        ("latest full date named (peer)", latest_date_named),
    ]:
        results = [(bound(doc), day) for doc, day in docs]
        bounded = [(b, day) for b, day in results if b != (None, None)]
        held = sum(holds(b, day) for b, day in bounded)
        share = held / len(bounded) if bounded else 0.0
        print(f"{name:<44}{len(bounded):>9}{held:>7}{share:>12.3f}")


if __name__ == "__main__":
    main()
