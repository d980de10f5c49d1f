"""Build throughput and memory against a bare spaCy ``nlp.pipe``, side by side.

Generates N distinct reports from the demo corpus (each copy gets its own
numbers, names and a closing line, so no two are byte-identical), then runs in
fresh processes:

* peer: ``nlp.pipe(texts, n_process=2)`` with the same spaCy model;
* storyline: the full ``build`` (ingest, analysis, store, resolution) with 2 workers.

It prints documents per second for both, the ratio, and the peak resident
memory of each process tree, sampled every 50 ms. Run it at two corpus sizes
(``--sizes 500 1000``) to see that memory stays flat as the corpus grows.

    python bench/throughput.py --sizes 500 1000
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Karim Haddad", "Leila Nasser", "Omar Farouk", "Sara Mansour", "Yusuf Aziz"]


def generate(out: Path, n: int, *, seed: int = 7) -> list[str]:
    """Write ``n`` distinct .txt reports derived from the demo corpus; return their texts."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    texts = []
    for i in range(n):
        text = sources[i % len(sources)]
        text = text.replace("800", str(rng.randint(300, 1500)))
        closing = f"\n\n{rng.choice(NAMES)} contributed reporting, update {i}.\n"
        texts.append(text + closing)
        (out / f"gen_{i:05d}.txt").write_text(text + closing, encoding="utf-8")
    return texts


def run_peer(texts: list[str]) -> None:
    from storyline.analyse.nlp import load_nlp

    nlp = load_nlp("en_core_web_sm")
    for _ in nlp.pipe(texts, n_process=2, batch_size=32):
        pass


def run_build(folder: str, db: str) -> None:
    from storyline.build import build
    from storyline.settings import Settings

    build([folder], db, settings=Settings(n_process=2))


def measure(target, *args) -> tuple[float, float]:  # noqa: ANN001
    """Run ``target(*args)`` in a fresh process; return (seconds, peak RSS of its tree in MB)."""
    proc = multiprocessing.get_context("spawn").Process(target=target, args=args)
    peak = 0.0
    started = time.perf_counter()
    proc.start()
    watched = psutil.Process(proc.pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.join()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.exitcode != 0:
        sys.exit(f"{target.__name__} failed with exit code {proc.exitcode}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    print(f"{'docs':>6} {'system':<22} {'docs/s':>8} {'peak RSS MB':>12}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            folder.mkdir()
            texts = generate(folder, n)
            peer_s, peer_mb = measure(run_peer, texts)
            ours_s, ours_mb = measure(run_build, str(folder), str(Path(tmp) / "bench.db"))
        print(f"{n:>6} {'spaCy nlp.pipe (peer)':<22} {n / peer_s:>8.1f} {peer_mb:>12.0f}")
        print(f"{n:>6} {'storyline build':<22} {n / ours_s:>8.1f} {ours_mb:>12.0f}")
        print(f"{n:>6} {'ratio build / peer':<22} {peer_s / ours_s:>8.2f}")


if __name__ == "__main__":
    main()
