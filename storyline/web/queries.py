"""Read-only queries over a storyline store, for the web API.

The store is opened with SQLite's ``mode=ro`` URI, so nothing here can write to
it. Filters that the stored columns cannot answer quickly (actors, free text,
conflicts) are served from indexes in the connection's TEMP schema, which a
read-only connection may create; they are rebuilt whenever a build has saved a
new storyline. One connection serves every request, behind a lock.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Conflict, Document, Entity, Event, Place
from storyline.store import Store
from storyline.store.records import decode_conflict, decode_event, decode_published

_DOC_COLUMNS = "id, title, outlet, url, language, published"
_WORD = re.compile(r"\w+", re.UNICODE)
# A compact copy of the events' query columns with their rank in the export
# order (``ord``), the actors of each event, and a full-text index of labels
# and evidence. Filters and sorting run on these; only the page's rows are
# then read from the stored events.
_TEMP_INDEX = (
    "DROP TABLE IF EXISTS temp.ev",
    "DROP TABLE IF EXISTS temp.event_actor",
    "DROP TABLE IF EXISTS temp.event_text",
    "CREATE TEMP TABLE ev (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT, mode TEXT, "
    "s INTEGER, e INTEGER, place TEXT, lat REAL, lon REAL, conflicts INTEGER NOT NULL, "
    "ord INTEGER NOT NULL)",
    # s and e are Julian day numbers; an interval open at one end is unbounded there.
    "INSERT INTO temp.ev SELECT rowid, id, type, mode, "
    'CASE WHEN start IS NULL AND "end" IS NOT NULL THEN -1 '
    "ELSE CAST(julianday(start) AS INTEGER) END, "
    'CASE WHEN "end" IS NULL AND start IS NOT NULL THEN 99999999 '
    'ELSE CAST(julianday("end") AS INTEGER) END, place, lat, lon, '
    "json_array_length(data, '$.conflicts'), "
    'row_number() OVER (ORDER BY start IS NULL, start, "end", id) FROM events',
    "CREATE INDEX temp.ev_ord ON ev(ord)",
    "CREATE INDEX temp.ev_type ON ev(type, mode, ord)",
    "CREATE INDEX temp.ev_conflicts ON ev(conflicts) WHERE conflicts > 0",
    "CREATE INDEX temp.ev_place ON ev(place)",
    "CREATE INDEX temp.ev_lat ON ev(lat)",
    "CREATE TEMP TABLE event_actor (rid INTEGER NOT NULL, entity TEXT NOT NULL)",
    "INSERT INTO temp.event_actor SELECT e.rowid, j.value FROM events e, "
    "json_each(e.data, '$.source') j UNION SELECT e.rowid, j.value FROM events e, "
    "json_each(e.data, '$.target') j",
    "CREATE INDEX temp.event_actor_entity ON event_actor(entity, rid)",
    "CREATE VIRTUAL TABLE temp.event_text USING fts5(label, evidence)",
    "INSERT INTO temp.event_text (rowid, label, evidence) SELECT e.rowid, e.label, "
    "(SELECT group_concat(v.text, ' ') FROM evidence v WHERE v.event = e.id) FROM events e",
)


_UNBUILT = object()  # no index built yet: differs from any build id, None included


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the event list keeps; every part is optional and they combine with AND.

    ``start``/``end`` keep events whose interval overlaps them (an open end
    counts as unbounded); ``bbox`` is (west, south, east, north) in degrees.
    """

    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    actor: str | None = None
    place: str | None = None
    start: date | None = None
    end: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    conflicted: bool = False

    def where(self) -> tuple[str, list[Any]]:
        """Return the SQL condition on ``temp.ev ev`` and its parameters.

        The sets of events matching the free text or the actor are computed
        once, so SQLite can start from them or test membership, as it judges best.
        """
        parts, params = ["1"], []
        if self.q:
            parts.append("ev.rid IN (SELECT rowid FROM temp.event_text WHERE event_text MATCH ?)")
            params.append(fts_query(self.q))
        if self.actor:
            parts.append("ev.rid IN (SELECT rid FROM temp.event_actor WHERE entity = ?)")
            params.append(self.actor)
        for column, values in (("type", self.types), ("mode", self.modes)):
            if values:
                parts.append(f"ev.{column} IN ({_marks(values)})")
                params.extend(values)
        if self.place:
            parts.append("ev.place = ?")
            params.append(self.place)
        if self.start:  # days as integers: an open end was stored as unbounded
            parts.append("ev.e >= CAST(julianday(?) AS INTEGER)")
            params.append(self.start.isoformat())
        if self.end:
            parts.append("ev.s <= CAST(julianday(?) AS INTEGER)")
            params.append(self.end.isoformat())
        if self.bbox:
            west, south, east, north = self.bbox
            parts.append("ev.lat BETWEEN ? AND ? AND ev.lon BETWEEN ? AND ?")
            params.extend((south, north, west, east))
        if self.conflicted:
            parts.append("ev.conflicts > 0")
        return " AND ".join(parts), params


def fts_query(text: str) -> str:
    """Return an FTS5 query matching every word of ``text``, the last one as a prefix.

    Each word is quoted, so no user input is read as FTS5 syntax.
    """
    words = _WORD.findall(text)
    if not words:
        raise ValueError("the search text has no words")
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class Reader:
    """A read-only view of one store, safe to share between request threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store = Store(path, readonly=True)
        self._conn = self._store.connection
        self._conn.execute("PRAGMA temp_store = MEMORY")
        self._lock = threading.Lock()
        self._version: object = _UNBUILT

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._store.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[sqlite3.Connection]:
        """Hold the connection, with indexes that match the stored storyline."""
        with self._lock:
            version = self._conn.execute("SELECT max(id) FROM builds").fetchone()
            if version != self._version:
                for statement in _TEMP_INDEX:
                    self._conn.execute(statement)
                self._version = version
            yield self._conn

    def warm(self) -> None:
        """Build the connection's indexes now (they take seconds on a large store)."""
        with self.session():
            pass

    def store(self) -> Store:
        """Return the read-only :class:`Store` this reader queries (call inside :meth:`session`)."""
        return self._store

    # -- events ----------------------------------------------------------

    def events(self, flt: EventFilter, *, limit: int, offset: int) -> tuple[int, list[Event]]:
        """Return how many events match and one page of them, by start date."""
        where, params = flt.where()
        with self.session() as conn:
            if where == "1":  # walk the ord index; the count is the table's
                total = conn.execute("SELECT count(*) FROM temp.ev").fetchone()[0]
                sql = "SELECT rid, NULL FROM temp.ev ORDER BY ord LIMIT ? OFFSET ?"
                page = conn.execute(sql, (limit, offset)).fetchall()
            else:  # one scan gives the count and the top rows ("+" keeps off the index)
                sql = (
                    f"SELECT ev.rid, count(*) OVER () FROM temp.ev ev WHERE {where} "
                    "ORDER BY +ev.ord LIMIT ? OFFSET ?"
                )
                page = conn.execute(sql, (*params, limit, offset)).fetchall()
                total = page[0][1] if page else self._count(conn, where, params)
            rids = [rid for rid, _ in page]
            data = dict(
                conn.execute(
                    f"SELECT rowid, data FROM events WHERE rowid IN ({_marks(rids)})", rids
                )
            )
        return total, [decode_event(json.loads(data[rid])) for rid in rids]

    @staticmethod
    def _count(conn: sqlite3.Connection, where: str, params: list[Any]) -> int:
        return conn.execute(f"SELECT count(*) FROM temp.ev ev WHERE {where}", params).fetchone()[0]

    def event(self, event_id: str) -> Event | None:
        """Return one event, or None."""
        with self.session() as conn:
            row = conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        return decode_event(json.loads(row[0])) if row else None

    def triggers(self, event_id: str) -> list[tuple[str, int, int, str]]:
        """Return (document, start, end, trigger) of each mention merged into the event."""
        with self.session() as conn:
            rows = conn.execute(
                'SELECT m.document, m.start, m."end", m.trigger FROM event_members x '
                "JOIN event_mentions m ON m.document = x.document AND m.idx = x.idx "
                "WHERE x.event = ?",
                (event_id,),
            )
            return [tuple(row) for row in rows]

    def facets(self) -> dict[str, Any]:
        """Return counts by type and mode, and the range of known dates."""
        with self.session() as conn:
            types = dict(conn.execute("SELECT type, count(*) FROM events GROUP BY type"))
            modes = dict(conn.execute("SELECT mode, count(*) FROM events GROUP BY mode"))
            first, last, total = conn.execute(
                'SELECT min(start), max("end"), count(*) FROM events'
            ).fetchone()
            documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            conflicts = conn.execute("SELECT count(*) FROM temp.ev WHERE conflicts > 0")
            conflicts = conflicts.fetchone()[0]
        return {
            "events": total,
            "documents": documents,
            "events_with_conflicts": conflicts,
            "types": types,
            "modes": modes,
            "dates": {"start": first, "end": last},
        }

    # -- documents -------------------------------------------------------

    def documents(self, ids: Sequence[str]) -> dict[str, Document]:
        """Return the metadata (no text) of the documents with these ids."""
        with self.session() as conn:
            rows = conn.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({_marks(ids)})",
                tuple(ids),
            ).fetchall()
        return {row[0]: _document(*row, text="") for row in rows}

    def document(self, doc_id: str) -> Document | None:
        """Return one document with its text, or None."""
        with self.session() as conn:
            row = conn.execute(
                f"SELECT {_DOC_COLUMNS}, text FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        return _document(*row[:-1], text=row[-1]) if row else None

    def mentions(self, doc_id: str, *, start: int = 0, end: int | None = None) -> list[dict]:
        """Return the mentions of a document inside [start, end), in text order."""
        with self.session() as conn:
            rows = conn.execute(
                'SELECT kind, start, "end", text, label, ref FROM mentions '
                'WHERE document = ? AND start >= ? AND "end" <= ? ORDER BY start, "end"',
                (doc_id, start, end if end is not None else 2**62),
            )
            keys = ("kind", "start", "end", "text", "label", "ref")
            return [dict(zip(keys, row, strict=True)) for row in rows]

    def sentences(self, doc_id: str, *, start: int, end: int) -> list[tuple[int, int, int]]:
        """Return (index, start, end) of the document's sentences overlapping [start, end)."""
        with self.session() as conn:
            rows = conn.execute(
                'SELECT idx, start, "end" FROM sentences WHERE document = ? '
                'AND "end" > ? AND start < ? ORDER BY idx',
                (doc_id, start, end),
            )
            return [tuple(row) for row in rows]

    def sentence_range(self, doc_id: str, first: int, last: int) -> tuple[int, int] | None:
        """Return the character span from sentence ``first`` to sentence ``last``."""
        with self.session() as conn:
            row = conn.execute(
                'SELECT min(start), max("end") FROM sentences '
                "WHERE document = ? AND idx BETWEEN ? AND ?",
                (doc_id, first, last),
            ).fetchone()
        return None if row[0] is None else (row[0], row[1])

    def cited_by(self, doc_id: str) -> list[tuple[str, str, str, int, int]]:
        """Return (event, type, label, start, end) of each evidence sentence from the document."""
        with self.session() as conn:
            rows = conn.execute(
                'SELECT e.id, e.type, e.label, v.start, v."end" FROM evidence v '
                "JOIN events e ON e.id = v.event WHERE v.document = ? ORDER BY v.start",
                (doc_id,),
            )
            return [tuple(row) for row in rows]

    def search(self, text: str, *, limit: int, offset: int) -> tuple[int, list[dict]]:
        """Return how many documents match ``text`` and a page of them with a snippet.

        The snippet marks hits with U+E000 and U+E001, characters that no HTML
        parser reads as markup; the API turns them into segments.
        """
        query = fts_query(text)
        with self.session() as conn:
            if not self._store.fts:
                raise StoreError(f"{self.path} has no full-text index (SQLite without FTS5)")
            total = conn.execute(
                "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (query,)
            ).fetchone()[0]
            rows = conn.execute(
                "SELECT d.id, d.title, d.outlet, d.published, "
                "snippet(documents_fts, 1, char(57344), char(57345), '…', 24) "
                "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (query, limit, offset),
            ).fetchall()
        keys = ("id", "title", "outlet", "published", "snippet")
        hits = [dict(zip(keys, row, strict=True)) for row in rows]
        for hit in hits:
            hit["published"] = json.loads(hit["published"]) if hit["published"] else None
        return total, hits

    # -- entities, places, conflicts ----------------------------------------

    def entities(self, *, q: str | None, limit: int, offset: int) -> tuple[int, list[dict]]:
        """Return how many entities match and a page of them with their event counts."""
        where, params = "1", []
        if q:
            where = "(n.name LIKE ? ESCAPE '\\' OR n.aliases LIKE ? ESCAPE '\\')"
            params = [f"%{_like(q)}%"] * 2
        with self.session() as conn:
            total = conn.execute(f"SELECT count(*) FROM entities n WHERE {where}", params)
            total = total.fetchone()[0]
            rows = conn.execute(
                "SELECT n.id, n.name, n.kind, n.aliases, "
                "(SELECT count(*) FROM temp.event_actor a WHERE a.entity = n.id) c "
                f"FROM entities n WHERE {where} ORDER BY c DESC, n.name LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return total, [_entity_row(*row) for row in rows]

    def entity(self, entity_id: str) -> Entity | None:
        """Return one entity, or None."""
        with self.session() as conn:
            row = conn.execute(
                "SELECT id, name, kind, aliases FROM entities WHERE id = ?", (entity_id,)
            ).fetchone()
        return Entity(*row[:3], tuple(json.loads(row[3]))) if row else None

    def entity_names(self, ids: Sequence[str]) -> dict[str, Entity]:
        """Return the entities with these ids."""
        with self.session() as conn:
            rows = conn.execute(
                f"SELECT id, name, kind, aliases FROM entities WHERE id IN ({_marks(ids)})",
                tuple(ids),
            ).fetchall()
        return {row[0]: Entity(*row[:3], tuple(json.loads(row[3]))) for row in rows}

    def places(self, ids: Sequence[str] | None = None) -> list[tuple[Place, tuple[str, ...], int]]:
        """Return (place, aliases, event count) for these ids, or for every place."""
        where, params = ("1", ()) if ids is None else (f"p.id IN ({_marks(ids)})", tuple(ids))
        with self.session() as conn:
            rows = conn.execute(
                "SELECT p.id, p.name, p.kind, p.lat, p.lon, p.country, p.geonameid, p.source, "
                "p.aliases, (SELECT count(*) FROM temp.ev e WHERE e.place = p.id) c "
                f"FROM places p WHERE {where} ORDER BY c DESC, p.name",
                params,
            ).fetchall()
        return [(Place(*row[:8]), tuple(json.loads(row[8])), row[9]) for row in rows]

    def conflicts(self, *, entity: str | None = None) -> list[Conflict]:
        """Return the storyline's conflicts (entity names) and every event's conflicts."""
        with self.session() as conn:
            stored = conn.execute(
                "SELECT data FROM conflicts WHERE ? IS NULL OR entity = ? ORDER BY idx",
                (entity, entity),
            ).fetchall()
            events = conn.execute(
                "SELECT e.data FROM events e JOIN temp.ev v ON v.rid = e.rowid "
                "WHERE v.conflicts > 0 AND ? IS NULL ORDER BY v.ord",
                (entity,),
            ).fetchall()
        found = [decode_conflict(json.loads(data)) for (data,) in stored]
        for (data,) in events:
            found.extend(decode_event(json.loads(data)).conflicts)
        return found


def _marks(values: Sequence[Any]) -> str:
    """Return the ``?, ?, ?`` placeholders for an IN list."""
    return ", ".join("?" * len(values))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _document(
    id: str,
    title: str | None,
    outlet: str | None,
    url: str | None,
    language: str | None,
    published: str | None,
    *,
    text: str,
) -> Document:
    pub = decode_published(json.loads(published)) if published else None
    return Document(
        id=id, text=text, title=title, outlet=outlet, url=url, language=language, published=pub
    )


def _entity_row(id: str, name: str, kind: str, aliases: str, events: int) -> dict[str, Any]:
    return {"id": id, "name": name, "kind": kind, "aliases": json.loads(aliases), "events": events}
