"""The places stage: detection beyond spaCy's labels and context-aware resolution."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.analyse.places import resolve_name, resolve_offsets
from storyline.knowledge import load_gazetteer
from storyline.model import Document, Place, PlaceMention
from storyline.settings import Settings

Q_WEST = (35.77, 43.12)
KIRKUK = (35.47, 44.39)


def km(place: Place, point: tuple[float, float]) -> float:
    lat1, lat2 = math.radians(place.lat), math.radians(point[0])
    dlat, dlon = lat2 - lat1, math.radians(point[1] - place.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


@pytest.fixture
def places(analysed: Callable[..., Document]) -> Callable[[str], tuple[PlaceMention, ...]]:
    return lambda text: analysed(text, upto="places").places


def only(found: tuple[PlaceMention, ...], text: str) -> Place:
    matches = [p for p in found if text in p.text]
    assert len(matches) == 1, found
    assert matches[0].place is not None
    return matches[0].place


def test_facility_word_resolves_to_the_airfield(places: Callable) -> None:
    place = only(places("The troops left Qayyarah air base on Monday."), "Qayyarah")
    assert place.kind == "facility" and km(place, Q_WEST) < 5


def test_bare_town_name_resolves_to_the_town(places: Callable) -> None:
    place = only(places("Fighting went on in Qayyarah, south of Mosul."), "Qayyarah")
    assert place.kind == "city"


@pytest.mark.parametrize(
    "text", ["Officials in Kirkuk Province met.", "Rain fell on Nineveh governorate."]
)
def test_region_word_resolves_to_the_region(places: Callable, text: str) -> None:
    found = places(text)
    assert [p.place.kind for p in found if p.place] == ["region"]


def test_named_base_resolves_to_the_facility_near_its_city(places: Callable) -> None:
    found = places("Rockets struck the K1 Base in Kirkuk on Friday.")
    place = only(found, "K1")
    assert place.kind == "facility" and km(place, KIRKUK) < 30


@pytest.mark.parametrize(
    "text", ["The convoy withdrew from Al-Qaim on Sunday.", "Troops moved to Qayyarah."]
)
def test_place_names_the_model_misses_are_still_found(places: Callable, text: str) -> None:
    assert any(p.place is not None and p.place.country == "IQ" for p in places(text))


@pytest.mark.parametrize(
    "text", ["Iraqi forces took over the base.", "US officials said the base was quiet."]
)
def test_demonyms_and_bare_generic_words_yield_no_place(places: Callable, text: str) -> None:
    assert all(p.place is None or p.place.kind == "country" for p in places(text))
    assert not [p for p in places(text) if "Iraqi" in p.text or p.text.lower() == "base"]


@pytest.mark.parametrize(
    "text",
    ["IS fighters ambushed an army patrol.", "NO DEAL IN SIGHT AS IT STALLS", "The IS attack"],
)
def test_two_letter_country_codes_are_not_places(places: Callable, text: str) -> None:
    assert not [p for p in places(text) if p.place is not None and p.place.kind == "country"]


def test_nearby_places_pick_the_namesake_in_the_same_region(places: Callable) -> None:
    place = only(places("Clashes were reported near Samarra and Tikrit in Iraq."), "Samarra")
    assert place.country == "IQ"


def test_mention_offsets_match_the_text(analysed: Callable[..., Document]) -> None:
    doc = analysed("Aid reached Mosul and the Ain al-Asad air base in Anbar.", upto="places")
    assert len(doc.places) == 3
    for mention in doc.places:
        assert doc.text[mention.start : mention.end] == mention.text
        assert 0.0 < mention.score <= 1.0


def test_resolve_name_uses_the_other_names_as_context(settings: Settings) -> None:
    gazetteer = load_gazetteer(settings)
    place = resolve_name("Samarra", ["Tikrit", "Baghdad"], gazetteer=gazetteer)
    assert place is not None and place.country == "IQ"
    assert resolve_name("Nowhereville Qxz", [], gazetteer=gazetteer) is None


def test_a_seat_of_government_resolves_to_the_building(settings: Settings) -> None:
    gazetteer = load_gazetteer(settings)
    alone = resolve_name("White House", [], gazetteer=gazetteer)
    assert alone is not None and alone.id == "fac:white-house"
    # The namesake town still wins where the document is about its own state.
    town = resolve_name("White House", ["Tennessee"], gazetteer=gazetteer)
    assert town is not None and town.kind == "city"


SITES = {
    "Qaim": (34.37, 41.09),
    "Qayyarah": Q_WEST,
    "K1": KIRKUK,
    "Baghdad": (33.34, 44.40),
    "Mosul": (36.34, 43.12),
    "Kirkuk": KIRKUK,
    "Nineveh": (36.34, 43.12),
}


def test_seed_places_resolve_near_their_real_sites(
    seeds: Path, analysed: Callable[..., Document]
) -> None:
    checked = 0
    for path in sorted(seeds.glob("*.txt")):
        doc = analysed(path.read_text(encoding="utf-8"), upto="places")
        for mention in doc.places:
            site = next((SITES[k] for k in SITES if k.lower() in mention.text.lower()), None)
            if site is not None:
                assert mention.place is not None, mention
                assert km(mention.place, site) < 120, mention
                checked += 1
    assert checked >= 10


def _resolved(text: str, names: list[str], settings: Settings) -> list[Place | None]:
    offsets = [(text.index(n), text.index(n) + len(n)) for n in names]
    return [p for p, _ in resolve_offsets(text, offsets, load_gazetteer(settings))]


@pytest.mark.parametrize(
    "text, name, point",
    [
        ("The mayor of Athens, Ga., spoke.", "Athens", (33.96, -83.38)),
        ("The mayor of Paris, Texas, spoke.", "Paris", (33.66, -95.56)),
        ("Flooding hit Springfield, Ill., overnight.", "Springfield", (39.80, -89.64)),
    ],
)
def test_a_state_after_a_comma_picks_the_namesake_in_that_state(
    settings: Settings, text: str, name: str, point: tuple[float, float]
) -> None:
    place = _resolved(text, [name], settings)[0]
    assert place is not None and km(place, point) < 30


def test_places_of_one_document_pull_each_other_together(settings: Settings) -> None:
    text = "Deputies from Huntsville searched Walker County and Conroe for the suspect."
    huntsville, walker, _ = _resolved(text, ["Huntsville", "Walker County", "Conroe"], settings)
    assert walker is not None and walker.kind == "region" and walker.country == "US"
    assert huntsville is not None and km(huntsville, (30.72, -95.55)) < 30  # Texas, not Alabama


def test_a_bare_county_name_resolves_to_the_county_when_context_agrees(
    settings: Settings,
) -> None:
    text = "Schools in Oconee and Athens reopened; Watkinsville officials agreed."
    place = _resolved(text, ["Oconee", "Athens", "Watkinsville"], settings)[0]
    assert place is not None and place.kind == "region" and km(place, (33.83, -83.44)) < 40


@pytest.mark.parametrize(
    "name, kind", [("Iraq", "country"), ("Georgia", "country"), ("Africa", "region")]
)
def test_every_resolved_place_carries_its_precision(
    settings: Settings, name: str, kind: str
) -> None:
    place = _resolved(f"Talks on {name} resumed with Russia.", [name], settings)[0]
    assert place is not None and place.kind == kind


def test_a_country_beats_a_small_namesake_town(settings: Settings) -> None:
    text = "Officials in Texas said Iran had not replied."
    place = _resolved(text, ["Iran"], settings)[0]
    assert place is not None and place.kind == "country" and place.country == "IR"


def test_names_listed_after_a_place_are_places_too(places: Callable) -> None:
    # The small model labels the later items of such a list PERSON.
    found = places("Cells remain active in the provinces of Diyala, Salahaddin and Nineveh.")
    named = {p.text for p in found if p.place is not None and p.place.country == "IQ"}
    assert {"Diyala", "Salahaddin", "Nineveh"} <= named
