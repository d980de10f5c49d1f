"""The alias table and the actors stage."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from storyline.analyse.actors import find_actors
from storyline.analyse.nlp import parse
from storyline.knowledge.actors import clean_name, load_actor_table, skeleton
from storyline.model import Document, PlaceMention
from storyline.pipeline import Context


@pytest.fixture
def actors_of(ctx: Context, make_doc: Callable[..., Document]) -> Callable[..., Document]:
    """Parse a text, optionally mark place spans by their text, and run the actors stage."""

    def run(text: str, *, places: tuple[str, ...] = ()) -> Document:
        doc = parse(make_doc(text), ctx)
        marks = tuple(
            PlaceMention(text.index(p), text.index(p) + len(p), p, 0, None) for p in places
        )
        return find_actors(dataclasses.replace(doc, places=marks), ctx)

    return run


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ISIS", "ISIS"),
        ("IS", "ISIS"),
        ("ISIL", "ISIS"),
        ("Islamic State", "ISIS"),
        ("the Islamic State", "ISIS"),
        ("the Islamic State's", "ISIS"),
        ("Daesh", "ISIS"),
        ("Islamic State of Iraq and Syria", "ISIS"),
        ("SDF", "SDF"),
        ("the Syrian Democratic Forces", "SDF"),
        ("Hashd al-Shaabi", "PMF"),
        ("Hashed al-Shaabi", "PMF"),
        ("hashd shaabi", "PMF"),
        ("the Popular Mobilisation Units", "PMF"),
        ("Kataeb Hezbollah", "KH"),
        ("Kata'ib Hizbullah", "KH"),
        ("U.S.", "USA"),
        ("the United States", "USA"),
        ("Iraqi", "IRQ"),
        ("THE PENTAGON", "USA:defence"),
        ("Operation Solid Determination", "CJTF-OIR"),
        ("al-Azm al-Salb", "CJTF-OIR"),
        ("Al-Azm Steel", "CJTF-OIR"),
        ("the U.S.-led coalition", "CJTF-OIR"),
        ("Islamic Revolution Guards Corps", "IRGC"),
    ],
)
def test_alias_table_matches_every_spelling(text: str, key: str) -> None:
    known = load_actor_table().match(text)
    assert known is not None and known.key == key


@pytest.mark.parametrize("text", ["is", "Is", "us", "Kirkuk", "the", "ISIS forces", "who"])
def test_alias_table_does_not_over_match(text: str) -> None:
    assert load_actor_table().match(text) is None


def test_alias_table_finds_an_alias_inside_a_longer_name() -> None:
    found = load_actor_table().find("the Joint Task Force - Operation Solid Torque Redeployment")
    assert found is not None and found[0].key == "CJTF-OIR"


def test_capital_stands_for_its_state() -> None:
    known = load_actor_table().capital("Tehran")
    assert known is not None and known.key == "IRN"


def test_transliterations_share_a_skeleton() -> None:
    assert (
        skeleton("Qassem Soleimani") == skeleton("Qasim Sulaimani") == skeleton("Kasem Suleimani")
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Brig Gen Vincent Barker", "Vincent Barker"),
        ("Brigadier Jane Roe", "Jane Roe"),
        ("General Omar Haddad's", "Omar Haddad"),
        ("spokesman Tom Reed", "Tom Reed"),
    ],
)
def test_clean_name_strips_titles_and_possessives(text: str, name: str) -> None:
    assert clean_name(text, kind="person") == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("which coalition", "coalition"),
        ("these militias", "militias"),
        ('the " Northern Shield Operation', "Northern Shield Operation"),
    ],
)
def test_clean_name_strips_pointing_words(text: str, name: str) -> None:
    assert clean_name(text, kind="group") == name


def _found(doc: Document) -> dict[str, tuple[str, str]]:
    return {a.text: (a.kind, a.key) for a in doc.actors}


@pytest.mark.parametrize(
    ("text", "span", "kind", "key"),
    [
        ("Iraqi forces took over the airfield on Monday.", "Iraqi forces", "state", "IRQ:military"),
        ("The army said the Iraqi army was ready.", "the Iraqi army", "state", "IRQ:military"),
        ("Iranian-backed groups fired.", "Iranian-backed groups", "armed_group", "IRN:proxy"),
        ("The pro-Iranian militia fired.", "The pro-Iranian militia", "armed_group", "IRN:proxy"),
        ("Iraq's parliament voted.", "Iraq's parliament", "state", "IRQ:legislature"),
        ("The Iraqi Defense Ministry spoke.", "The Iraqi Defense Ministry", "state", "IRQ:defence"),
        ("Washington has transferred the base to Baghdad.", "Washington", "state", "USA"),
        ("The US-led coalition left the base.", "The US-led coalition", "organisation", "CJTF-OIR"),
        ("ISIS militants attacked a village.", "ISIS militants", "armed_group", "ISIS"),
        ("Daesh claimed the attack.", "Daesh", "armed_group", "ISIS"),
        ("The alliance fighting Islamic State spoke.", "Islamic State", "armed_group", "ISIS"),
        ("Kataeb Hezbollah denied it.", "Kataeb Hezbollah", "armed_group", "KH"),
        ("The jihadist group lost the town.", "The jihadist group", "group", ""),
        ("A US drone strike killed the general.", "US", "state", "USA"),
        ("An American drone hit the convoy.", "American", "state", "USA"),
        ("Israeli air strikes pounded the port.", "Israeli", "state", "ISR"),
    ],
)  # fmt: skip
def test_actors_found_with_kind_and_key(
    actors_of: Callable[..., Document], text: str, span: str, kind: str, key: str
) -> None:
    assert _found(actors_of(text))[span] == (kind, key)


def test_country_that_does_not_act_is_no_actor(actors_of: Callable[..., Document]) -> None:
    doc = actors_of("The convoy drove from Iraq into the desert.")
    assert "Iraq" not in _found(doc)
    doc = actors_of("A rocket attack hit the US embassy and killed an Iranian commander.")
    assert not {"US", "Iranian"} & set(_found(doc))


def test_person_with_title_keeps_the_title_out_of_the_name(
    actors_of: Callable[..., Document],
) -> None:
    doc = actors_of("The move was planned, said US Brig Gen Tom Walker on Sunday.")
    people = [a for a in doc.actors if a.kind == "person"]
    assert [(a.text, a.name) for a in people] == [("Brig Gen Tom Walker", "Tom Walker")]


def test_person_labelled_place_is_not_an_actor(actors_of: Callable[..., Document]) -> None:
    text = "Troops left Qayyarah on Monday, said Omar Haddad."
    with_place = actors_of(text, places=("Qayyarah",))
    assert all(a.text != "Qayyarah" for a in with_place.actors)
    assert any(a.name == "Omar Haddad" for a in with_place.actors)


def test_acronym_defined_in_the_text_is_learned(actors_of: Callable[..., Document]) -> None:
    doc = actors_of("The Northern Shield Brigades (NSB) seized a village. Later the NSB withdrew.")
    later = [a for a in doc.actors if a.text == "NSB"]
    assert len(later) == 1 and later[0].name == "Northern Shield Brigades"


def test_bare_coalition_takes_the_key_of_the_named_coalition(
    actors_of: Callable[..., Document],
) -> None:
    doc = actors_of("The US-led coalition handed over the base. The coalition said it was planned.")
    assert [a.key for a in doc.actors if "coalition" in a.text] == ["CJTF-OIR", "CJTF-OIR"]


def test_coordinated_organisations_are_two_actors(actors_of: Callable[..., Document]) -> None:
    doc = actors_of(
        "The airfield served the Iraqi Security Forces and Coalition Forces during the battle."
    )
    found = _found(doc)
    assert found["the Iraqi Security Forces"][1] == "IRQ:military"
    assert "Coalition Forces" in found


def test_a_town_in_front_of_forces_locates_them_without_naming_them(
    analysed: Callable[..., Document],
) -> None:
    doc = analysed("The withdrawal of Tal Afar forces was complete.", upto="actors")
    assert any(p.place is not None and p.place.kind == "city" for p in doc.places)
    assert "forces" in _found(doc)
    assert all("Tal Afar" not in a.name for a in doc.actors)


def test_the_outlet_a_dateline_credits_is_no_actor(analysed: Callable[..., Document]) -> None:
    text = "MOSUL, May 2 (Tigris Wire Service) — Iraqi troops took over the airfield."
    doc = analysed(text, upto="actors", outlet="Tigris Wire Service")
    assert all("Tigris" not in a.text for a in doc.actors)
    assert "Iraqi troops" in _found(doc)


def test_a_country_named_as_a_place_acts_as_subject_or_possessor(
    analysed: Callable[..., Document],
) -> None:
    doc = analysed("Iran fired missiles at two bases, and Iraq's decision surprised Kuwait.")
    assert {"Iran", "Iraq"} <= set(_found(doc))
    assert _found(doc)["Iran"] == ("state", "IRN")
    assert "Kuwait" not in _found(doc)
    left = analysed("The troops left Iraq on Monday, said Iran's foreign minister.")
    assert not {"Iraq", "Iran"} & set(_found(left))


def test_document_without_tokens_passes_through(
    ctx: Context, make_doc: Callable[..., Document]
) -> None:
    doc = make_doc("")
    assert find_actors(doc, ctx) is doc
