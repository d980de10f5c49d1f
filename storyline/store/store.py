"""The SQLite store: analysed documents in, one resolved storyline out.

One file in WAL mode. Documents are appended, each in its own transaction
with its sentences and mentions, so a killed process leaves every document
either fully stored or absent. The resolved storyline is replaced as a whole
in one transaction per build, and the build is appended to a change log.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import (
    Document,
    Entity,
    Event,
    Place,
    Published,
    Storyline,
)
from storyline.store.changes import (
    EventChange,
    diff_events,
    insert_changes,
    insert_decisions,
    read_changes,
    read_decisions,
)
from storyline.store.records import (
    decode_conflict,
    decode_document,
    decode_event,
    decode_published,
    dumps,
    encode_document,
    encode_record,
    event_row,
    mention_rows,
)
from storyline.store.tables import insert_storyline

log = logging.getLogger(__name__)

APPLICATION = "storyline"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0
_BATCH = 256
_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts "
    "USING fts5(title, text, content='documents', content_rowid='seq')"
)
_DOC_COLUMNS = "id, content_hash, path, title, outlet, url, language, published, text"


@dataclass(frozen=True, slots=True)
class BuildLog:
    """One build in the change log: what it added and what it changed.

    Times are seconds since the epoch (``time.time()``). :meth:`Store.save_storyline`
    fills in the event counts from the difference with the previous storyline,
    and the id from the log's sequence.
    """

    id: int = 0
    started: float | None = None
    finished: float | None = None
    documents_added: int = 0
    events_total: int = 0
    events_new: int = 0
    events_changed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    events_removed: int = 0


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """A storyline database on disk; one writer at a time, any number of readers."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._conn = _connect(self.path, readonly=readonly)
        try:
            self.fts = self._prepare()
        except StoreError:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, readonly={self.readonly})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The open SQLite connection, for query modules that read tables directly (web)."""
        return self._conn

    # -- opening ---------------------------------------------------------

    def _prepare(self) -> bool:
        tables = self._tables()
        if tables:
            self._check_meta(tables)  # before any pragma touches a foreign file
        elif self.readonly:
            raise StoreError(f"{self.path} is empty, not a storyline database")
        if not self.readonly:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        if not tables:
            self._create()
            tables = self._tables()
        elif not self.readonly and not {"merge_decisions", "event_changes"} <= tables:
            self._create_missing()
        return "documents_fts" in tables

    def _tables(self) -> set[str]:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        try:
            return {row[0] for row in self._conn.execute(sql)}
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"{self.path} is not a storyline database ({e}); "
                "give --db a new file name or an existing storyline database"
            ) from e

    def _create(self) -> None:
        with self._transaction() as conn:
            _run_schema(conn)
            meta = [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))]
            conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", meta)
            self._create_fts(conn)

    def _create_missing(self) -> None:
        """Add the tables a newer release added to schema 1 (every statement is IF NOT EXISTS)."""
        with self._transaction() as conn:
            _run_schema(conn)

    def _create_fts(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute(_FTS)
        except sqlite3.OperationalError as e:
            log.info("full-text search is unavailable in this SQLite build: %s", e)

    def _check_meta(self, tables: set[str]) -> None:
        meta = dict(self._conn.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
        if meta.get("application") != APPLICATION:
            raise StoreError(
                f"{self.path} is a SQLite database but not a storyline database; "
                "give --db a new file name or an existing storyline database"
            )
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this storyline "
                f"understands ({SCHEMA_VERSION}); upgrade storyline to open it"
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only; open it without readonly to write")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot write to {self.path}: {e}; is another build running?") from e
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- documents -------------------------------------------------------

    def has_hash(self, content_hash: str) -> bool:
        """Return whether a document with this content hash is stored."""
        sql = "SELECT 1 FROM documents WHERE content_hash = ?"
        return self._conn.execute(sql, (content_hash,)).fetchone() is not None

    def document_ids(self) -> set[str]:
        """Return the ids of every stored document."""
        return {row[0] for row in self._conn.execute("SELECT id FROM documents")}

    def count_documents(self) -> int:
        """Return how many documents are stored."""
        return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def add_document(self, doc: Document) -> bool:
        """Store an analysed document with its sentences and mentions, in one transaction.

        Return False, writing nothing, when a document with the same content is
        already stored. A document whose id is taken by different content is
        stored under ``<id>~2`` (or ``~3``, ...).
        """
        if not doc.content_hash:
            doc = dataclasses.replace(doc, content_hash=_content_hash(doc.text))
        with self._transaction() as conn:
            if self.has_hash(doc.content_hash):
                return False
            doc = self._free_id(doc)
            self._insert_document(conn, doc)
            self._insert_parts(conn, doc)
            _set_resolved(conn, resolved=False)
        return True

    def _free_id(self, doc: Document) -> Document:
        ids = {
            row[0]
            for row in self._conn.execute(
                "SELECT id FROM documents WHERE id = ? OR id LIKE ? ESCAPE '\\'",
                (doc.id, _like_prefix(doc.id) + "~%"),
            )
        }
        if doc.id not in ids:
            return doc
        number = 2
        while f"{doc.id}~{number}" in ids:
            number += 1
        new_id = f"{doc.id}~{number}"
        log.warning("document id %r is taken by other content; storing it as %r", doc.id, new_id)
        return dataclasses.replace(doc, id=new_id)

    def _insert_document(self, conn: sqlite3.Connection, doc: Document) -> None:
        published = dumps(encode_record(doc.published)) if doc.published else None
        row = (doc.id, doc.content_hash, doc.path, doc.title, doc.outlet, doc.url, doc.language)
        cur = conn.execute(
            f"INSERT INTO documents ({_DOC_COLUMNS}, analysis, tokens, added) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, published, doc.text, *encode_document(doc), _now()),
        )
        if self.fts:
            conn.execute(
                "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                (cur.lastrowid, doc.title or "", doc.text),
            )

    def _insert_parts(self, conn: sqlite3.Connection, doc: Document) -> None:
        text, id = doc.text, doc.id
        sentences = [(id, s.index, s.start, s.end, text[s.start : s.end]) for s in doc.sentences]
        conn.executemany(
            'INSERT INTO sentences (document, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)',
            sentences,
        )
        conn.executemany(
            'INSERT INTO mentions (document, kind, idx, start, "end", text, label, ref) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            mention_rows(doc),
        )
        events = [
            (doc.id, i, e.sentence, e.start, e.end, e.type, e.mode, e.trigger)
            for i, e in enumerate(doc.events)
        ]
        conn.executemany(
            "INSERT INTO event_mentions "
            '(document, idx, sentence, start, "end", type, mode, trigger) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )

    def update_published(self, doc_id: str, published: Published) -> None:
        """Set a stored document's publication date, e.g. once it has been inferred."""
        with self._transaction() as conn:
            row = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise StoreError(f"no document {doc_id!r} in {self.path}")
            analysis = json.loads(row[0])
            analysis["published"] = encode_record(published)
            conn.execute(
                "UPDATE documents SET published = ?, analysis = ? WHERE id = ?",
                (dumps(analysis["published"]), dumps(analysis), doc_id),
            )
            _set_resolved(conn, resolved=False)

    def documents(self, *, tokens: bool = True) -> Iterator[Document]:
        """Yield every stored analysed document, in insertion order, a batch at a time.

        With ``tokens=False`` the documents come without their tokens, which is
        several times faster for steps that need only the mentions.
        """
        column = "tokens" if tokens else "NULL"
        last = -1
        while True:
            rows = self._conn.execute(
                f"SELECT seq, analysis, {column} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, _BATCH),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for _, analysis, token_rows in rows:
                yield decode_document(analysis, token_rows)

    def document(self, doc_id: str, *, tokens: bool = True) -> Document | None:
        """Return the stored analysed document ``doc_id``, or None."""
        column = "tokens" if tokens else "NULL"
        sql = f"SELECT analysis, {column} FROM documents WHERE id = ?"
        row = self._conn.execute(sql, (doc_id,)).fetchone()
        return decode_document(*row) if row else None

    # -- the storyline ---------------------------------------------------

    def needs_resolution(self) -> bool:
        """Return whether documents changed since the storyline was last saved.

        True after a build that stored documents but died before resolving them.
        """
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'resolved'").fetchone()
        return row is not None and row[0] == "0"

    def event_members(self) -> dict[tuple[str, int], str]:
        """Return (document id, event-mention index) -> event id from the last resolution."""
        rows = self._conn.execute("SELECT document, idx, event FROM event_members")
        return {(document, idx): event for document, idx, event in rows}

    def save_storyline(
        self,
        storyline: Storyline,
        *,
        members: Mapping[tuple[str, int], str],
        build: BuildLog,
        decisions: Iterable[Any] = (),
    ) -> BuildLog:
        """Replace the stored storyline with ``storyline`` and log the build, atomically.

        Return the build log as stored: its id, finish time and event counts
        (new, changed, removed) computed against the previous storyline. Each
        event's change (new, changed, removed, merged, split) goes to the change
        log, and ``decisions`` (the resolver's merge decisions) replace the old ones.
        """
        coords = {p.id: (p.lat, p.lon) for p in storyline.places}
        rows = [event_row(event, coords) for event in storyline.events]
        with self._transaction() as conn:
            previous = dict(conn.execute("SELECT id, data FROM events"))
            old_members = self.event_members()
            self._clear_storyline(conn)
            try:
                insert_storyline(conn, storyline, rows, members)
            except sqlite3.IntegrityError as e:
                raise StoreError(f"the storyline does not hang together: {e}") from e
            insert_decisions(conn, decisions)
            current = {row[0]: row[-1] for row in rows}
            build = _count_changes(build, previous, current)
            build = self._insert_build(conn, build)
            insert_changes(conn, build.id, diff_events(previous, current, old_members, members))
            _set_resolved(conn, resolved=True)
        return build

    def changes(self, *, since: int = 0) -> list[EventChange]:
        """Return the event changes logged by the builds after build ``since``."""
        return read_changes(self._conn, since=since)

    def decisions(
        self, *, event: str | None = None, apart_from: str | None = None
    ) -> list[dict[str, Any]]:
        """Return the merge decisions of ``event``'s mentions, or of those kept apart from it."""
        return read_decisions(self._conn, event=event, apart_from=apart_from)

    def event(self, event_id: str) -> Event | None:
        """Return the stored event ``event_id``, or None."""
        row = self._conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        return decode_event(json.loads(row[0])) if row else None

    def _clear_storyline(self, conn: sqlite3.Connection) -> None:
        for table in (
            "event_members",
            "event_documents",
            "evidence",
            "conflicts",
            "merge_decisions",
            "events",
        ):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM entities")
        conn.execute("DELETE FROM places")

    def _insert_build(self, conn: sqlite3.Connection, build: BuildLog) -> BuildLog:
        finished = build.finished or time.time()
        cur = conn.execute(
            "INSERT INTO builds (started, finished, documents_added, events_total, events_new, "
            "events_changed, events_removed, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                build.started,
                finished,
                build.documents_added,
                build.events_total,
                build.events_new,
                build.events_changed,
                build.events_removed,
                dumps(dict(sorted(build.skipped.items()))),
            ),
        )
        return dataclasses.replace(build, id=cur.lastrowid, finished=finished)

    def storyline(self) -> Storyline:
        """Return the stored storyline, as the export sees it.

        Its documents carry their metadata and text, not their analysis
        (:meth:`documents` decodes that).
        """
        places, aliases = self._places()
        return Storyline(
            documents=tuple(self._light_documents()),
            entities=tuple(
                Entity(id, name, kind, tuple(json.loads(names)))
                for id, name, kind, names in self._conn.execute(
                    "SELECT id, name, kind, aliases FROM entities ORDER BY rowid"
                )
            ),
            places=places,
            events=tuple(
                decode_event(json.loads(data))
                for (data,) in self._conn.execute("SELECT data FROM events ORDER BY rowid")
            ),
            conflicts=tuple(
                decode_conflict(json.loads(data))
                for (data,) in self._conn.execute("SELECT data FROM conflicts ORDER BY idx")
            ),
            place_aliases=aliases,
        )

    def _light_documents(self) -> Iterator[Document]:
        rows = self._conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY seq")
        for id, content_hash, path, title, outlet, url, language, published, text in rows:
            yield Document(
                id=id,
                text=text,
                title=title,
                outlet=outlet,
                url=url,
                language=language,
                published=decode_published(json.loads(published)) if published else None,
                path=path,
                content_hash=content_hash,
            )

    def _places(self) -> tuple[tuple[Place, ...], dict[str, tuple[str, ...]]]:
        places, aliases = [], {}
        rows = self._conn.execute(
            "SELECT id, name, kind, lat, lon, country, geonameid, source, aliases "
            "FROM places ORDER BY rowid"
        )
        for *columns, names in rows:
            places.append(Place(*columns))
            if names := tuple(json.loads(names)):
                aliases[columns[0]] = names
        return tuple(places), aliases

    def builds(self) -> list[BuildLog]:
        """Return the change log, oldest build first."""
        rows = self._conn.execute(
            "SELECT id, started, finished, documents_added, events_total, events_new, "
            "events_changed, skipped, events_removed FROM builds ORDER BY id"
        )
        # The columns are in BuildLog's field order.
        return [BuildLog(*row[:7], json.loads(row[7]), row[8]) for row in rows]


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly and not path.is_file():
        raise StoreError(f"database {path} does not exist; create it with `storyline build`")
    if not readonly:
        path.parent.mkdir(parents=True, exist_ok=True)
    target = path.resolve().as_uri() + "?mode=ro" if readonly else str(path)
    try:
        return sqlite3.connect(
            target,
            uri=readonly,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as e:
        raise StoreError(f"cannot open database {path}: {e}") from e


def _run_schema(conn: sqlite3.Connection) -> None:
    schema = resources.files("storyline.store").joinpath("schema.sql").read_text("utf-8")
    for statement in schema.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _set_resolved(conn: sqlite3.Connection, *, resolved: bool) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('resolved', ?)", (str(int(resolved)),)
    )


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _count_changes(build: BuildLog, previous: dict[str, str], current: dict[str, str]) -> BuildLog:
    return dataclasses.replace(
        build,
        events_total=len(current),
        events_new=sum(1 for id in current if id not in previous),
        events_changed=sum(1 for id, data in current.items() if previous.get(id, data) != data),
        events_removed=sum(1 for id in previous if id not in current),
    )
