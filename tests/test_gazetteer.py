"""The name keys, the shipped facility table and lookups in the built gazetteer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from storyline.knowledge import Gazetteer, fold, load_gazetteer, name_key
from storyline.knowledge.gazetteer import DATA
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
