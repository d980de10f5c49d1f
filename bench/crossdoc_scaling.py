"""How cross-document resolution scales: merge 10k, 30k and 100k generated documents.

The documents are synthetic *analysed* Documents (no spaCy), so the bench
measures resolution only: entity resolution, story clustering, event
coreference, corroboration and conflicts. There are 5,000 stories; each
story has a place, a date, a few actors and a few events, and each document
reports two or three of its story's events, with its own spelling of names,
some vague places and some undated mentions (realistic overlap: many reports
of each event, several events in each place and month).

Each size runs in a fresh process, which reports its wall time and peak
resident memory. Printed beside it, measured in the same run: the peer, a
same-type-within-story baseline (group mentions by story and type, one dict
pass), and the growth ratio of time against n log n between sizes.

    .venv/bin/python bench/crossdoc_scaling.py --sizes 10000 30000 100000
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta

from storyline.model import (
    ActorMention,
    Document,
    EventMention,
    Place,
    PlaceMention,
    Published,
    Sentence,
    TimeSpan,
    Timex,
)

STORIES = 5000
TYPES = ("ASSAULT", "RETREAT", "CONSULT", "PROTEST", "COERCE", "AID")
SPELLINGS = ("{}", "{}s", "al-{}")


def story_facts(story: int) -> dict:
    """Return the fixed facts of one generated story."""
    rnd = random.Random(story)
    place = Place(
        f"fac:{story}", f"Site {story}", "facility", rnd.uniform(-50, 60), rnd.uniform(-120, 140)
    )
    day = date(2020, 1, 1) + timedelta(days=rnd.randrange(1500))
    events = [(rnd.choice(TYPES), day + timedelta(days=3 * k)) for k in range(rnd.randint(2, 5))]
    actors = [f"Person{story}x{k}" for k in range(3)]
    return {"place": place, "events": events, "actors": actors}


def make_document(number: int, facts: dict, rnd: random.Random) -> Document:
    """Return one analysed report of two or three of the story's events."""
    chosen = rnd.sample(facts["events"], k=min(len(facts["events"]), rnd.randint(2, 3)))
    sentences, places, actors, timexes, events = [], [], [], [], []
    parts: list[str] = []
    offset = 0
    for i, (etype, day) in enumerate(chosen):
        name = rnd.choice(SPELLINGS).format(rnd.choice(facts["actors"]))
        text = f"{name} took part in the {etype.lower()} at {facts['place'].name} on {day}. "
        sentences.append(Sentence(i, offset, offset + len(text)))
        actors.append(ActorMention(offset, offset + len(name), name, "person", i, name=name))
        at = text.index("Site")
        places.append(PlaceMention(offset + at, offset + at + 10, "Site", i, facts["place"], 1.0))
        dated = rnd.random() < 0.7
        if dated:
            timexes.append(
                Timex(offset, offset + 10, str(day), i, "DATE", str(day), TimeSpan(day, day, "day"))
            )
        events.append(
            EventMention(
                i,
                offset,
                offset + 4,
                etype.lower(),
                etype.lower(),
                etype,
                "completed",
                source=(len(actors) - 1,),
                place=len(places) - 1,
                time=len(timexes) - 1 if dated else None,
            )
        )
        parts.append(text)
        offset += len(text)
    published = max(day for _, day in chosen) + timedelta(days=1)
    return Document(
        id=f"d{number:06d}",
        text="".join(parts),
        published=Published(published),
        sentences=tuple(sentences),
        places=tuple(places),
        actors=tuple(actors),
        timexes=tuple(timexes),
        events=tuple(events),
    )


def generate(n: int) -> list[Document]:
    """Return ``n`` documents spread over the stories."""
    rnd = random.Random(n)
    facts = {}
    docs = []
    for number in range(n):
        story = rnd.randrange(STORIES)
        if story not in facts:
            facts[story] = story_facts(story)
        docs.append(make_document(number, facts[story], rnd))
    return docs


def run_one(n: int, system: str) -> dict:
    """Resolve ``n`` generated documents in this process; return time and peak memory."""
    docs = generate(n)
    start = time.perf_counter()
    if system == "storyline":
        from storyline.resolve.storyline import resolve_storyline

        events = len(resolve_storyline(docs).storyline.events)
    else:
        groups: dict[tuple[str, str], int] = defaultdict(int)
        for doc in docs:
            story = doc.places[0].place.id if doc.places else doc.id
            for event in doc.events:
                groups[(story, event.type)] += 1
        events = len(groups)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "system": system, "seconds": seconds, "events": events, "peak_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    parser.add_argument("--child", nargs=2, metavar=("N", "SYSTEM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(int(args.child[0]), args.child[1])))
        return
    print(
        f"{'docs':>7} {'storyline s':>11} {'peak MB':>8} {'events':>7} {'peer s':>8} "
        f"{'peer events':>11} {'time ratio':>10} {'n log n ratio':>13}"
    )
    previous = None
    for n in args.sizes:
        mine, peer = (_child(n, system) for system in ("storyline", "same-type"))
        ratio = growth = "-"
        if previous is not None:
            ratio = f"{mine['seconds'] / previous['seconds']:.2f}"
            growth = f"{n * math.log(n) / (previous['n'] * math.log(previous['n'])):.2f}"
        print(
            f"{n:>7} {mine['seconds']:>11.1f} {mine['peak_mb']:>8.0f} {mine['events']:>7} "
            f"{peer['seconds']:>8.2f} {peer['events']:>11} {ratio:>10} {growth:>13}",
            flush=True,
        )
        previous = mine


def _child(n: int, system: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(n), system],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


if __name__ == "__main__":
    main()
