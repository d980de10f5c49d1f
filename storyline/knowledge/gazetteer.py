"""The gazetteer: continents, countries, regions, counties, cities, airfields, facilities.

It is built once from package-shipped data (see ``data/SOURCES.md``) into a
versioned SQLite file in ``settings.cache_dir`` and read from there lazily.
Only the set of matching keys (:func:`~storyline.knowledge.names.name_key`)
lives in memory, for fast detection. Each key's candidates are ranked at build
time and stored packed (marshal) in one row, so a lookup is one primary-key read
and one ``marshal.loads``, and the places are made without the frozen dataclass's
slow ``__init__`` (see :class:`_NewPlace`).
"""

from __future__ import annotations

import fcntl
import logging
import marshal
import operator
import os
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator
from itertools import groupby, islice, starmap
from pathlib import Path
from typing import NamedTuple

from storyline.errors import StorylineError
from storyline.knowledge.geo_sources import (
    ABBREVIATION,
    DATA,
    DEMONYM,
    FACILITY_ONLY,
    REGION_ONLY,
    Entry,
    data_fingerprint,
    entries,
)
from storyline.knowledge.names import name_key
from storyline.model import Place
from storyline.settings import Settings

__all__ = ["CONTEXT_FLAGS", "DATA", "Candidate", "Gazetteer", "gazetteer_path", "load_gazetteer"]

log = logging.getLogger(__name__)

VERSION = 4
PRIMARY = 1  # flag: the key is the entry's own name, not an alternate
# A key keeps a context flag only when every name that gives it needs that context.
CONTEXT_FLAGS = FACILITY_ONLY | REGION_ONLY | ABBREVIATION | DEMONYM
_MAX_CANDIDATES = 150
_CACHE_LIMIT = 50_000

_SCHEMA = """
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT, geonameid INTEGER, source TEXT NOT NULL,
    population INTEGER NOT NULL, detail TEXT NOT NULL, admin1 TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE lookup (key TEXT PRIMARY KEY, packed BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE known (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TEMP TABLE names (
    key TEXT NOT NULL, place TEXT NOT NULL, flags INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
"""
# A key's candidates in lookup order, as the build ranks them: most populous first,
# ties by place id; the lookup table stores the first _MAX_CANDIDATES of each key.
_RANKED = (
    "SELECT n.key, p.*, n.flags FROM names n JOIN places p ON p.id = n.place "
    "ORDER BY n.key, p.population DESC, n.place"
)


class Candidate(NamedTuple):
    """A gazetteer entry that a key matched, with what ranking needs to know.

    A named tuple, so that a lookup builds all of its candidates in one C loop.
    """

    place: Place
    population: int
    detail: str
    admin1: str
    flags: int

    @property
    def primary(self) -> bool:
        """Tell whether the matched key is the entry's own name, not an alternate."""
        return bool(self.flags & PRIMARY)

    def needs(self, flag: int) -> bool:
        """Tell whether the matched name needs the context ``flag`` names (FACILITY_ONLY, ...)."""
        return bool(self.flags & flag)


class Gazetteer:
    """Read access to a built gazetteer file; cheap to create, loads on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._keys: frozenset[str] | None = None
        self._cache: dict[str, tuple[Candidate, ...]] = {}

    def candidates(self, name: str, *, kinds: Collection[str] | None = None) -> list[Place]:
        """Return the places ``name`` may refer to, most populous first."""
        found = self.lookup(name_key(name))
        return [c.place for c in found if kinds is None or c.place.kind in kinds]

    def lookup(self, key: str) -> tuple[Candidate, ...]:
        """Return the entries whose names include the matching key ``key``, most populous first."""
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            row = (
                self._connection()
                .execute("SELECT packed FROM lookup WHERE key = ?", (key,))
                .fetchone()
            )
            hit = self._cache[key] = () if row is None else _unpack(row[0])
        return hit

    def get(self, place_id: str) -> Place | None:
        """Return the place with id ``place_id``, or None."""
        row = (
            self._connection()
            .execute("SELECT *, 0 FROM places WHERE id = ?", (place_id,))
            .fetchone()
        )
        return None if row is None else _candidate(*row).place

    def is_known(self, key: str) -> bool:
        """Tell whether ``key`` names some place without needing a facility or region word."""
        if self._keys is None:
            rows = self._connection().execute("SELECT key FROM known")
            self._keys = frozenset(row[0] for row in rows)
        return key in self._keys

    def _connection(self) -> sqlite3.Connection:
        # A connection must not cross a fork, so each process opens its own.
        if self._conn is None or self._pid != os.getpid():
            uri = f"file:{self.path}?mode=ro"
            try:
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error as e:
                raise StorylineError(f"cannot open gazetteer {self.path}: {e}") from e
            self._pid = os.getpid()
        return self._conn


def _candidate(
    pid: str, name: str, kind: str, lat: float, lon: float, country: str | None,
    geonameid: int | None, source: str, population: int, detail: str, admin1: str, flags: int,
) -> Candidate:  # fmt: skip
    """Make the candidate of one stored row: a places row and the key's flags."""
    place = _NewPlace(pid, name, kind, lat, lon, country, geonameid, source)
    return _new_tuple(Candidate, (place, population, detail, admin1, flags))


class _NewPlace:
    """A fast constructor of :class:`Place`: ``_NewPlace(*fields)`` is ``Place(*fields)``.

    Place is a frozen dataclass, whose ``__init__`` sets each field through
    ``object.__setattr__``; a lookup makes many places, and that dominated its cost.
    This class has the same slots, sets them directly, then becomes a Place
    (``__class__`` assignment between classes of the same layout).
    """

    __slots__ = Place.__slots__

    def __init__(
        self, id: str, name: str, kind: str, lat: float, lon: float, country: str | None,
        geonameid: int | None, source: str,
    ) -> None:  # fmt: skip
        self.id = id
        self.name = name
        self.kind = kind
        self.lat = lat
        self.lon = lon
        self.country = country
        self.geonameid = geonameid
        self.source = source
        self.__class__ = Place  # type: ignore[assignment]


_new_tuple = tuple.__new__


def _pack(rows: Iterable[tuple]) -> bytes:
    """Pack a key's candidate rows (a places row and the key's flags each).

    Equal strings of the rows are made one object first, so that marshal writes
    each once and refers back to it: a smaller row that loads faster.
    """
    shared: dict[str, str] = {}
    return marshal.dumps(
        [tuple(shared.setdefault(v, v) if isinstance(v, str) else v for v in row) for row in rows]
    )


def _unpack(packed: bytes) -> tuple[Candidate, ...]:
    """Return the candidates that :func:`_pack` stored, in their stored order."""
    return tuple(starmap(_candidate, marshal.loads(packed)))


def gazetteer_path(settings: Settings) -> Path:
    """Return where the gazetteer of this version lives for ``settings``.

    The name carries the marshal format of the packed candidates and a hash of
    the shipped data as well, so new data or a new format builds a new file.
    """
    name = f"gazetteer-v{VERSION}m{marshal.version}-{data_fingerprint()}.sqlite"
    return Path(settings.cache_dir) / name


def load_gazetteer(settings: Settings) -> Gazetteer:
    """Return the gazetteer, building it into ``settings.cache_dir`` on first use."""
    path = gazetteer_path(settings)
    if not path.is_file():
        _build_locked(path)
    return Gazetteer(path)


def _build_locked(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_suffix(".lock"), "w")  # noqa: SIM115 - held across the build
    except OSError as e:
        raise StorylineError(f"cannot write the gazetteer cache in {path.parent}: {e}") from e
    with lock:
        # Another process may have built it while this one waited for the lock.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            build_gazetteer(path)
            _remove_stale(path)


def _remove_stale(current: Path) -> None:
    """Delete gazetteers (and their locks) built from older data or formats beside ``current``."""
    keep = {current, current.with_suffix(".lock")}
    for old in current.parent.glob("gazetteer-v*"):
        if old not in keep and old.suffix in (".sqlite", ".lock"):
            old.unlink(missing_ok=True)


def build_gazetteer(path: Path, sources: Iterable[Entry] | None = None) -> None:
    """Build the gazetteer file at ``path`` atomically from ``sources`` (default: shipped)."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        count = _fill(conn, entries() if sources is None else sources)
        conn.execute("INSERT INTO meta VALUES ('version', ?)", (str(VERSION),))
        conn.commit()
        conn.execute("VACUUM")  # packs the pages that the id-ordered inserts left half full
    finally:
        conn.close()
    os.replace(tmp, path)
    log.info("built gazetteer %s: %d places in %.1fs", path, count, time.perf_counter() - started)


def _fill(conn: sqlite3.Connection, entries: Iterable[Entry]) -> int:
    """Store ``entries``; an id seen before keeps its first entry (curated facilities win)."""
    seen: set[str] = set()
    for batch in _batches(entries, 5000):
        fresh = [e for e in batch if e.place.id not in seen]
        seen.update(e.place.id for e in fresh)
        conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", map(_row, fresh))
        conn.executemany(
            "INSERT INTO names VALUES (?,?,?)",
            [(key, e.place.id, flags) for e in fresh for key, flags in _keys_of(e).items()],
        )
    ranked = groupby(conn.execute(_RANKED), key=operator.itemgetter(0))
    conn.executemany(
        "INSERT INTO lookup VALUES (?,?)",
        ((key, _pack(row[1:] for row in islice(rows, _MAX_CANDIDATES))) for key, rows in ranked),
    )
    conn.execute(
        "INSERT INTO known SELECT DISTINCT key FROM names WHERE flags & ? = 0", (CONTEXT_FLAGS,)
    )
    conn.execute("DROP TABLE names")
    return len(seen)


def _row(entry: Entry) -> tuple:
    place = entry.place
    return (
        place.id, place.name, place.kind, place.lat, place.lon, place.country,
        place.geonameid, place.source, entry.population, entry.detail, entry.admin1,
    )  # fmt: skip


def _keys_of(entry: Entry) -> dict[str, int]:
    """Return the entry's keys, each flagged primary if any name gives it as the own name,
    and with a context flag if every name giving it needs that context."""
    own = name_key(entry.place.name)
    keys: dict[str, int] = {}
    for name, context in entry.names:
        key = name_key(name)
        if len(key) < 2:
            continue
        flags = (PRIMARY if key == own else 0) | context
        seen = keys.get(key, flags)
        keys[key] = ((seen | flags) & PRIMARY) | (seen & flags & CONTEXT_FLAGS)
    return keys


def _batches(items: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
