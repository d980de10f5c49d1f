"""Time-expression tagging and normalisation speed, beside dateparser, on one core.

Splits news text into sentences (the TempEval-3 texts in ``../shared/benchmarks``
when present, else the demo corpus in ``examples/``), each with its document's
creation date, then times on the same sentences:

* storyline: ``find_timexes(sentence, anchor=dct)``, tagging and normalising every
  expression (tense from the surface, as without a parse);
* peer: ``dateparser.search.search_dates(sentence, settings={"RELATIVE_BASE": dct})``,
  on the first ``--peer-sentences`` sentences (it is far slower).

It prints sentences per second for both and the ratio. The process is pinned to
one core where the platform allows it. Rates come from CPU time (the process's
own time on its core), so other work on the machine slows them less than wall
time would; on a shared or throttled machine, compare the ratio to the peer and
the reference line, which times a fixed pure-Python loop on the same core.

    python bench/timex_speed.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from datetime import date, datetime
from pathlib import Path

from storyline.analyse.time import find_timexes

ROOT = Path(__file__).resolve().parents[1]
TEMPEVAL = ROOT.parent / "shared" / "benchmarks" / "tempeval3_train.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'])|\n\s*\n")


def load_sentences() -> tuple[str, list[tuple[str, date]]]:
    """Return where the sentences come from and the (sentence, creation date) pairs."""
    if TEMPEVAL.is_file():
        docs = []
        for line in TEMPEVAL.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            docs.append((record["text"], date.fromisoformat(record["dct"])))
        source = str(TEMPEVAL.relative_to(ROOT.parent))
    else:
        docs = [(p.read_text(encoding="utf-8"), date(2020, 3, 30)) for p in
                sorted((ROOT / "examples").glob("*.txt"))]  # fmt: skip
        source = "examples/*.txt"
    pairs = [
        (sentence.strip(), dct)
        for text, dct in docs
        for sentence in SENTENCE_END.split(text)
        if sentence.strip()
    ]
    return source, pairs


def time_storyline(pairs: list[tuple[str, date]], repeat: int) -> tuple[float, int]:
    """Return the best sentences/s over ``repeat`` passes and the expressions found."""
    best, found = float("inf"), 0
    for _ in range(repeat):
        began = time.process_time()
        found = sum(len(find_timexes(sentence, anchor=dct)) for sentence, dct in pairs)
        best = min(best, time.process_time() - began)
    return len(pairs) / best, found


def reference_us(repeat: int) -> float:
    """Return the best CPU microseconds of ``sum(range(1000))``: this core's speed now."""
    best = float("inf")
    for _ in range(repeat * 200):
        began = time.process_time_ns()
        sum(range(1000))
        best = min(best, (time.process_time_ns() - began) / 1000)
    return best


def time_dateparser(pairs: list[tuple[str, date]]) -> tuple[float, int]:
    """Return dateparser's sentences/s on ``pairs`` and the expressions it found."""
    from dateparser.search import search_dates

    search_dates("warm up on Monday", languages=["en"])
    found = 0
    began = time.process_time()
    for sentence, dct in pairs:
        base = datetime.combine(dct, datetime.min.time())
        found += len(
            search_dates(sentence, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        )
    return len(pairs) / (time.process_time() - began), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes of storyline; best kept")
    parser.add_argument("--peer-sentences", type=int, default=1000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    source, pairs = load_sentences()
    ours, our_found = time_storyline(pairs, args.repeat)
    peer_pairs = pairs[: args.peer_sentences]
    peer, peer_found = time_dateparser(peer_pairs)
    ours_on_peer, _ = time_storyline(peer_pairs, args.repeat)
    print(f"{len(pairs)} sentences from {source}, one core")
    print(f"{'system':<34}{'sentences':>10}{'expressions':>13}{'sentences/s':>14}")
    print(f"{'storyline find_timexes':<34}{len(pairs):>10}{our_found:>13}{ours:>14,.0f}")
    print(f"{'storyline find_timexes (peer set)':<34}{len(peer_pairs):>10}{'':>13}"
          f"{ours_on_peer:>14,.0f}")  # fmt: skip
    print(f"{'dateparser search_dates (peer)':<34}{len(peer_pairs):>10}{peer_found:>13}"
          f"{peer:>14,.0f}")  # fmt: skip
    print(f"speed-up over the peer on the same sentences: {ours_on_peer / peer:.0f}x")
    print(f"storyline CPU time per sentence: {1e6 / ours:.1f} us")
    reference = reference_us(args.repeat)
    print(f"reference: sum(range(1000)) takes {reference:.1f} us of CPU on this core")


if __name__ == "__main__":
    main()
