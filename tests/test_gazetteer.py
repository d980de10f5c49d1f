"""The name keys, the shipped facility table and lookups in the built gazetteer."""

from __future__ import annotations

import csv
import math
from dataclasses import fields
from pathlib import Path

import pytest

from storyline.knowledge import Gazetteer, fold, load_gazetteer, name_key
from storyline.knowledge.gazetteer import DATA, build_gazetteer
from storyline.knowledge.geo_sources import (
    ABBREVIATION,
    DEMONYM,
    REGION_ONLY,
    Entry,
    data_fingerprint,
)
from storyline.model import Place
from storyline.settings import Settings


@pytest.fixture(scope="session")
def gazetteer(settings: Settings) -> Gazetteer:
    return load_gazetteer(settings)


@pytest.mark.parametrize(
    "variants",
    [
        ("Qayyarah", "Al Qayara", "al-Qayyarah", "Al-Qayyarah", "Qayara"),
        ("Al Qaim", "Al-Qaim", "al-Qa'im", "Al Qa\u2019im", "Qaim"),
        ("Salah ad Din", "Salahaddin", "Salah al-Din"),
        ("Ain al-Asad", "Ayn al Asad", "Ain Al Asad"),
        ("As Sulaymaniyah", "Sulaymaniyah", "Sulaimaniya"),
        ("K-1", "K1"),
    ],
)
def test_name_key_maps_spelling_variants_to_one_key(variants: tuple[str, ...]) -> None:
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize("a, b", [("Kirkuk", "Karbala"), ("Mosul", "Basra"), ("Iraq", "Iran")])
def test_name_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_fold_strips_diacritics_quotes_and_spaces() -> None:
    assert fold("  Kirk\u016bk \u2013 Al\u2019s  ") == "kirkuk - al's"


def _facility_rows() -> list[dict[str, str]]:
    with (DATA / "facilities.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_facility_table_rows_have_a_source_and_valid_coordinates() -> None:
    rows = _facility_rows()
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["source"].strip(), row["id"]
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        assert len(row["country"]) == 2


@pytest.mark.parametrize(
    "name, kind, place_id",
    [
        ("Iraq", "country", "cc:IQ"),
        ("Kirkuk Province", "region", "adm1:IQ.13"),
        ("Nineveh", "region", "adm1:IQ.15"),
        ("Mosul", "city", "gn:99072"),
        ("Q-West", "facility", "fac:qayyarah-west"),
    ],
)
def test_candidates_find_each_kind(
    gazetteer: Gazetteer, name: str, kind: str, place_id: str
) -> None:
    assert place_id in [p.id for p in gazetteer.candidates(name, kinds=(kind,))]


def test_get_returns_the_place_by_id(gazetteer: Gazetteer) -> None:
    place = gazetteer.get("gn:99072")
    assert place is not None and place.name == "Mosul" and place.geonameid == 99072
    assert gazetteer.get("gn:0") is None


def test_airfield_names_are_known_only_with_a_facility_word(gazetteer: Gazetteer) -> None:
    assert gazetteer.is_known(name_key("Kirkuk"))
    assert not gazetteer.is_known(name_key("Qayyarah South"))
    assert "oa:IQ-0037" in [p.id for p in gazetteer.candidates("Qayyarah South")]


def test_load_gazetteer_reuses_the_built_file(settings: Settings, gazetteer: Gazetteer) -> None:
    before = Path(gazetteer.path).stat().st_mtime_ns
    assert load_gazetteer(settings).path == gazetteer.path
    assert Path(gazetteer.path).stat().st_mtime_ns == before


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    "place_id, point",
    [
        ("cc:US", (39.8, -98.6)),  # centre of the contiguous states, not of all territory
        ("cc:IQ", (33.0, 44.0)),
        ("adm1:US.GA", (32.7, -83.4)),
        ("adm1:CA.08", (49.3, -84.5)),  # Ontario: its airfields reach the thinly peopled north
    ],
)
def test_countries_and_regions_sit_near_their_centres(
    gazetteer: Gazetteer, place_id: str, point: tuple[float, float]
) -> None:
    place = gazetteer.get(place_id)
    assert place is not None and _km((place.lat, place.lon), point) < 161


def test_counties_are_regions_inside_their_state(gazetteer: Gazetteer) -> None:
    found = [c for c in gazetteer.lookup(name_key("Fulton County")) if c.admin1 == "US.GA"]
    assert len(found) == 1 and found[0].place.kind == "region"
    assert _km((found[0].place.lat, found[0].place.lon), (33.79, -84.47)) < 40
    bare = [c for c in gazetteer.lookup(name_key("Fulton")) if c.place.id == found[0].place.id]
    assert bare and bare[0].needs(REGION_ONLY)


@pytest.mark.parametrize("text", ["Ga.", "GA", "Fla.", "B.C."])
def test_region_abbreviations_match_only_as_abbreviations(gazetteer: Gazetteer, text: str) -> None:
    found = [c for c in gazetteer.lookup(name_key(text)) if c.place.kind == "region"]
    assert found and all(c.needs(ABBREVIATION) for c in found)
    assert not gazetteer.is_known(name_key("Ga."))


def test_demonyms_resolve_only_when_asked(gazetteer: Gazetteer) -> None:
    found = [c for c in gazetteer.lookup(name_key("Iraqi")) if c.place.id == "cc:IQ"]
    assert found and found[0].needs(DEMONYM)
    assert not gazetteer.is_known(name_key("Iraqi"))


def test_continents_and_capitals_are_marked(gazetteer: Gazetteer) -> None:
    assert "ct:AF" in [p.id for p in gazetteer.candidates("Africa", kinds=("region",))]
    capital = [c for c in gazetteer.lookup(name_key("Baghdad")) if c.place.kind == "city"]
    assert capital[0].detail == "capital"


def _entry(pid: str, population: int, *names: str) -> Entry:
    place = Place(pid, names[0], "city", 1.5, -2.25, "ZZ", None, "test")
    return Entry(place, population, "city", tuple((n, 0) for n in names), "ZZ.01")


def test_lookup_ranks_by_population_then_id_and_caps_the_list(tmp_path: Path) -> None:
    many = [_entry(f"t:{i:03d}", i, "Crowded") for i in range(200)]
    tied = [_entry("t:b", 5, "Twin"), _entry("t:a", 5, "Twin", "Alias"), _entry("t:c", 9, "Twin")]
    path = tmp_path / "small.sqlite"
    build_gazetteer(path, [*many, *tied])
    gazetteer = Gazetteer(path)
    assert [c.place.id for c in gazetteer.lookup(name_key("Twin"))] == ["t:c", "t:a", "t:b"]
    crowded = gazetteer.lookup(name_key("Crowded"))
    assert [c.population for c in crowded] == list(range(199, 49, -1))
    alias = gazetteer.lookup(name_key("Alias"))
    assert [(c.place, c.primary) for c in alias] == [(tied[1].place, False)]
    assert gazetteer.lookup(name_key("Nowhere")) == ()
    assert gazetteer.get("t:a") == tied[1].place and gazetteer.is_known(name_key("Alias"))


def test_looked_up_places_are_plain_places_equal_to_the_stored_ones(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup(name_key("Mosul"))
    assert found and all(type(c.place) is Place for c in found)
    for cand in found:
        assert cand.place == gazetteer.get(cand.place.id)
        assert hash(cand.place) == hash(
            Place(*(getattr(cand.place, f.name) for f in fields(Place)))
        )


def test_a_gazetteer_from_older_data_is_rebuilt_and_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = [tmp_path / "gazetteer-v4m4.sqlite", tmp_path / "gazetteer-v4m4.lock"]
    for path in stale:
        path.write_bytes(b"built from older data")
    monkeypatch.setattr(
        "storyline.knowledge.gazetteer.build_gazetteer",
        lambda path: build_gazetteer(path, [_entry("t:a", 5, "Twin")]),
    )
    gazetteer = load_gazetteer(Settings(cache_dir=str(tmp_path)))
    assert data_fingerprint() in Path(gazetteer.path).name
    assert gazetteer.get("t:a") is not None
    assert not any(path.exists() for path in stale)
