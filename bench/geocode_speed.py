"""Gazetteer lookup rate, per-document resolution time and memory, beside two peers.

Reads the toponyms of a geocode benchmark file (``../shared/benchmarks/lgl.jsonl`` by
default) and measures, in this one process:

* lookups: names per second through ``Gazetteer.lookup``: each distinct name once
  on a freshly opened gazetteer (every one a SQLite read of the key's packed
  candidates, unpacked into new objects), then every name with its cache warm;
  peer: a plain ``dict`` from key to candidates, built from the same answers;
* resolution: milliseconds per document for ``resolve_offsets`` on the gold spans
  (all context scoring included), first on a fresh gazetteer (every new name a SQLite
  query), then with its cache warm; peer: the most-populous-match baseline, warm;
* memory: resident set size before and after loading the gazetteer (its key set
  and SQLite pages) and after the runs.

    python bench/geocode_speed.py [--input FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "benchmarks" / "lgl.jsonl"


def rss_mb() -> float:
    """Return this process's resident set size in MiB."""
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.input.is_file():
        sys.exit(f"no benchmark file at {args.input}; pass --input FILE (geocode JSONL)")
    records = [json.loads(line) for line in args.input.open(encoding="utf-8") if line.strip()]

    from storyline.analyse.places import resolve_offsets
    from storyline.knowledge.gazetteer import Gazetteer, load_gazetteer
    from storyline.knowledge.names import name_key
    from storyline.settings import load_settings
    from storyline.tasks.geocode import most_populous_resolver

    before = rss_mb()
    started = time.perf_counter()
    path = load_gazetteer(load_settings()).path
    gazetteer = Gazetteer(path)
    gazetteer.is_known("")  # loads the in-memory key set used by detection
    load_s = time.perf_counter() - started
    loaded = rss_mb()

    names = [t["text"] for r in records for t in r.get("toponyms", [])]
    keys = [name_key(n) for n in names]
    distinct = sorted(set(keys))
    fresh = Gazetteer(path)
    cold = _rate(lambda: [fresh.lookup(k) for k in distinct], len(distinct), 1)
    warm = _rate(lambda: [gazetteer.lookup(k) for k in keys], len(keys), args.repeat)
    table = {k: gazetteer.lookup(k) for k in set(keys)}
    plain = _rate(lambda: [table.get(k, ()) for k in keys], len(keys), args.repeat)

    def ours(used: Gazetteer = gazetteer) -> None:
        for r in records:
            resolve_offsets(r["text"], [(t["start"], t["end"]) for t in r["toponyms"]], used)

    def peer() -> None:
        for r in records:
            most_populous_resolver(r, gazetteer)

    first_ms = _per_doc_ms(lambda: ours(Gazetteer(path)), len(records), 1)
    ours_ms = _per_doc_ms(ours, len(records), args.repeat)
    peer_ms = _per_doc_ms(peer, len(records), args.repeat)
    after = rss_mb()

    print(f"input: {args.input.name}, {len(records)} documents, {len(names)} toponyms")
    size = path.stat().st_size / 2**20
    print(f"gazetteer: {path} ({size:.1f} MiB on disk), opened in {load_s:.2f}s")
    print()
    print(f"{'lookups':<48}{'names/s':>12}")
    print(f"{'storyline Gazetteer.lookup, distinct, uncached':<48}{cold:>12,.0f}")
    print(f"{'storyline Gazetteer.lookup, cache warm':<48}{warm:>12,.0f}")
    print(f"{'plain dict lookup (peer)':<48}{plain:>12,.0f}")
    print()
    print(f"{'resolution of a document on its gold spans':<48}{'ms/doc':>12}")
    print(f"{'storyline resolve_offsets, fresh gazetteer':<48}{first_ms:>12.2f}")
    print(f"{'storyline resolve_offsets, cache warm':<48}{ours_ms:>12.2f}")
    print(f"{'most-populous match (peer)':<48}{peer_ms:>12.2f}")
    print()
    print(f"RSS: {before:.0f} MiB before loading, {loaded:.0f} MiB loaded, {after:.0f} MiB after")
    print(f"gazetteer's share: {loaded - before:.0f} MiB loaded, {after - before:.0f} MiB after")


def _rate(run, count: int, repeat: int) -> float:  # noqa: ANN001
    best = min(_timed(run) for _ in range(repeat))
    return count / best if best else float("inf")


def _per_doc_ms(run, docs: int, repeat: int) -> float:  # noqa: ANN001
    return 1000 * min(_timed(run) for _ in range(repeat)) / docs


def _timed(run) -> float:  # noqa: ANN001
    # Collect the setup's garbage first (importing spaCy leaves a full collection due),
    # so that no run is billed for it; collections during the run still count.
    gc.collect()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
