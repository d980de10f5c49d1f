"""Median latency of the event-list API over a synthetic 100,000-event store.

    .venv/bin/python bench/api_latency.py [--events 100000] [--repeat 30] [--db PATH]

The store is written through the public Store API (``save_storyline``) with
random but plausible events: PLOVER types, modes, places with coordinates,
actors, dates of every granularity, evidence sentences. ``storyline serve``
runs in its own process and is queried over HTTP on 127.0.0.1, with and without
filters. Beside each query the same page is measured two other ways:

* peer ``raw SQL``: the count and the page's ``SELECT data`` alone, on a fresh
  read-only connection, with no decoding and no HTTP;
* peer ``in-process``: the app called through Starlette's TestClient (no socket).

The target is a median under 100 ms for the event list. Before it answers,
the server builds its search indexes; the time until it is ready is shown.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.model import (
    GRANULARITIES,
    PLOVER_TYPES,
    Entity,
    Event,
    Evidence,
    Place,
    Storyline,
    TimeSpan,
)
from storyline.settings import Settings
from storyline.store import BuildLog, Store
from storyline.web.app import create_app

WORDS = (
    "forces", "troops", "base", "handed", "withdrew", "attacked", "rockets", "airport",
    "convoy", "talks", "ministry", "parliament", "protest", "border", "province", "militia",
    "ceasefire", "airstrike", "officials", "said", "coalition", "army", "police", "town",
    "capital", "district", "checkpoint", "agreement", "aid", "sanctions",
)  # fmt: skip
QUERIES = {
    "no filter": "limit=100",
    "type": "type=ASSAULT&limit=100",
    "type + mode": "type=ASSAULT,COERCE&mode=completed&limit=100",
    "conflicts": "conflicts=true&limit=100",
    "date range": "start=2015-03-01&end=2015-06-30&limit=100",
    "bbox": "bbox=40,30,50,40&limit=100",
    "text q": "q=airport+convoy&limit=100",
    "actor": "actor=e17&limit=100",
    "all filters": "type=ASSAULT&start=2010-01-01&end=2020-12-31&bbox=30,20,60,45&q=troops",
    "deep page": "limit=100&offset=50000",
    "page of 1000": "limit=1000",
}


def _span(rng: random.Random) -> TimeSpan:
    granularity = rng.choice(GRANULARITIES)
    start = date(2000, 1, 1) + timedelta(days=rng.randrange(365 * 25))
    length = {"day": 0, "week": 6, "month": 30, "quarter": 90, "season": 91, "year": 364}
    if granularity == "unknown":
        return TimeSpan(None, start if rng.random() < 0.5 else None, "unknown")
    return TimeSpan(start, start + timedelta(days=length.get(granularity, 3650)), granularity)


def synthetic_storyline(n_events: int, *, seed: int = 7) -> Storyline:
    """Return a storyline of ``n_events`` random events over 500 places and 2,000 actors."""
    rng = random.Random(seed)
    places = tuple(
        Place(f"p{i}", f"Place {i}", "city", rng.uniform(-60, 70), rng.uniform(-180, 180))
        for i in range(500)
    )
    entities = tuple(Entity(f"e{i}", f"Actor {i}", "organisation") for i in range(2000))
    events = []
    for i in range(n_events):
        docs = tuple(f"d{rng.randrange(n_events // 2)}" for _ in range(rng.randint(1, 3)))
        sentence = " ".join(rng.choices(WORDS, k=14)).capitalize() + "."
        events.append(
            Event(
                id=f"ev-{i:07d}",
                type=rng.choice(PLOVER_TYPES),
                label=" ".join(rng.choices(WORDS, k=5)),
                mode=rng.choice(("completed",) * 6 + ("planned", "negated", "hypothetical")),
                source=tuple(f"e{rng.randrange(2000)}" for _ in range(rng.randint(0, 2))),
                target=tuple(f"e{rng.randrange(2000)}" for _ in range(rng.randint(0, 2))),
                place=rng.choice(places).id if rng.random() < 0.8 else None,
                time=_span(rng),
                documents=docs,
                independent_reports=len(set(docs)),
                evidence=tuple(Evidence(d, 0, len(sentence), sentence) for d in docs),
            )
        )
    return Storyline(documents=(), entities=entities, places=places, events=tuple(events))


def make_store(path: Path, n_events: int) -> None:
    """Write the synthetic storyline to a new store at ``path``."""
    with Store(path) as store:
        store.save_storyline(synthetic_storyline(n_events), members={}, build=BuildLog())


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Return the wall times of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return times


def raw_sql(path: Path, query: str) -> Callable[[], object] | None:
    """Return the peer: the page's count and SELECT written plainly on the stored table.

    A fresh read-only connection, the stored TEXT dates and no helper
    indexes; None for free text and actors, which the stored table cannot answer.
    """
    params = dict(urllib.parse.parse_qsl(query))
    if "q" in params or "actor" in params:
        return None
    parts, args = ["1"], []
    for name in ("type", "mode"):
        if name in params:
            values = params[name].split(",")
            parts.append(f"{name} IN ({', '.join('?' * len(values))})")
            args.extend(values)
    if "start" in params:
        parts.append('("end" >= ? OR ("end" IS NULL AND start IS NOT NULL))')
        args.append(params["start"])
    if "end" in params:
        parts.append('(start <= ? OR (start IS NULL AND "end" IS NOT NULL))')
        args.append(params["end"])
    if "bbox" in params:
        west, south, east, north = map(float, params["bbox"].split(","))
        parts.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        args.extend((south, north, west, east))
    if params.get("conflicts") == "true":
        parts.append("json_array_length(data, '$.conflicts') > 0")
    where = " AND ".join(parts)
    limit, offset = int(params.get("limit", 100)), int(params.get("offset", 0))

    def run() -> object:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        conn.execute(f"SELECT count(*) FROM events WHERE {where}", args).fetchone()
        rows = conn.execute(
            f"SELECT data FROM events WHERE {where} "
            'ORDER BY start IS NULL, start, "end", id LIMIT ? OFFSET ?',
            (*args, limit, offset),
        ).fetchall()
        conn.close()
        return rows

    return run


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """Run ``storyline serve`` on a free port in its own process; yield its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("storyline serve did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


class _Client:
    """One kept-alive HTTP connection that asks for gzip, as a browser does."""

    def __init__(self, url: str) -> None:
        host, port = urllib.parse.urlsplit(url).netloc.split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=120)

    def get(self, path: str) -> bytes:
        try:
            self.conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError):
            self.conn.close()  # the server ended the idle kept-alive connection
            self.conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return gzip.decompress(body) if response.getheader("Content-Encoding") else body


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values):8.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Event-list API latency on a large store.")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="reuse or create the store here")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="storyline-bench-")) / "bench.db"
    if not db.exists():
        started = time.perf_counter()
        make_store(db, args.events)
        print(f"wrote {args.events} events to {db} in {time.perf_counter() - started:.1f}s",
              file=sys.stderr)  # fmt: skip
    started = time.perf_counter()
    with serving(db) as url:
        ready = time.perf_counter() - started
        print(f"storyline serve ready in {ready:.1f}s (it builds its search indexes first)\n")
        http = _Client(url)
        print(f"{'query':<14} {'total':>7} {'HTTP ms':>8} {'p90':>7} "
              f"{'in-proc':>8} {'raw SQL':>8}  (medians of {args.repeat})")  # fmt: skip
        with TestClient(create_app(Settings(), db), base_url="http://127.0.0.1") as local:
            local.get("/api/events?limit=1")
            for name, query in QUERIES.items():
                total = json.loads(http.get(f"/api/events?{query}"))["total"]
                over_http = timed(lambda q=query: http.get(f"/api/events?{q}"), args.repeat)
                in_process = timed(lambda q=query: local.get(f"/api/events?{q}"), args.repeat)
                peer = raw_sql(db, query)
                raw = _ms(timed(peer, args.repeat)) if peer else "       –"
                p90 = statistics.quantiles(over_http, n=10)[-1]
                print(f"{name:<14} {total:>7} {_ms(over_http)} {p90:7.1f} "
                      f"{_ms(in_process)} {raw}")  # fmt: skip


if __name__ == "__main__":
    main()
