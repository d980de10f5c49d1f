"""Rows of the resolved storyline: the tables one build replaces as a whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from storyline.model import Event, Place, Storyline
from storyline.store.records import dumps, encode_record


def insert_storyline(
    conn: sqlite3.Connection,
    storyline: Storyline,
    rows: list[tuple[Any, ...]],
    members: Mapping[tuple[str, int], str],
) -> None:
    """Insert a resolved storyline: entities, places, events and their parts, members, conflicts."""
    conn.executemany(
        "INSERT INTO entities (id, name, kind, aliases) VALUES (?, ?, ?, ?)",
        [(e.id, e.name, e.kind, dumps(list(e.aliases))) for e in storyline.entities],
    )
    conn.executemany(
        "INSERT INTO places (id, name, kind, lat, lon, country, geonameid, source, aliases) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (*_place_columns(p), dumps(list(storyline.place_aliases.get(p.id, ()))))
            for p in storyline.places
        ],
    )
    conn.executemany(
        'INSERT INTO events (id, type, mode, start, "end", granularity, place, lat, lon, '
        "label, independent_reports, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    _insert_event_parts(conn, storyline.events)
    conn.executemany(
        "INSERT INTO event_members (document, idx, event) VALUES (?, ?, ?)",
        [(document, idx, event) for (document, idx), event in members.items()],
    )
    conn.executemany(
        "INSERT INTO conflicts (idx, field, entity, event, data) VALUES (?, ?, ?, ?, ?)",
        [
            (i, c.field, c.entity, c.event, dumps(encode_record(c)))
            for i, c in enumerate(storyline.conflicts)
        ],
    )


def _place_columns(p: Place) -> tuple[Any, ...]:
    return (p.id, p.name, p.kind, p.lat, p.lon, p.country, p.geonameid, p.source)


def _insert_event_parts(conn: sqlite3.Connection, events: tuple[Event, ...]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO event_documents (event, document) VALUES (?, ?)",
        [(event.id, document) for event in events for document in event.documents],
    )
    conn.executemany(
        'INSERT INTO evidence (event, idx, document, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
        [
            (event.id, i, ev.document, ev.start, ev.end, ev.text)
            for event in events
            for i, ev in enumerate(event.evidence)
        ],
    )
