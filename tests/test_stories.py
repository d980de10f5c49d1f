"""Story clustering: the online pass, then each story split into incidents."""

from __future__ import annotations

import random

import pytest

from storyline.resolve import story_split
from storyline.resolve.stories import cluster_bags, story_id
from storyline.resolve.story_split import split_group, term_weight

QUAKE = ["w:earthquake", "w:magnitude", "w:tremor", "w:rescue", "w:collapse", "w:aftershock"]
ROBBERY = ["w:bank", "w:robbery", "w:teller", "w:getaway", "w:police", "w:cash"]


def _reports(prefix: str, kind: list[str], names: list[str], n: int, seed: int) -> dict:
    """Return ``n`` reports of one incident: the words of its kind, and some of its names."""
    rnd = random.Random(seed)
    return {
        f"{prefix}{i}": {
            **dict.fromkeys(rnd.sample(kind, 4), 2),
            **dict.fromkeys(rnd.sample(names, 3), 1),
        }
        for i in range(n)
    }


CHILE = ["GPE:chile", "GPE:concepcion", "DATE:2010", "DATE:february", "PERSON:bachelet"]
HAITI = ["GPE:haiti", "GPE:port-au-prince", "DATE:2010", "DATE:january", "PERSON:preval"]
LONDON = ["GPE:london", "ORG:barclays", "DATE:2012", "DATE:june", "PERSON:smith"]


def test_two_incidents_of_one_kind_are_split_apart() -> None:
    bags = {**_reports("chile", QUAKE, CHILE, 7, 1), **_reports("haiti", QUAKE, HAITI, 7, 2)}
    parts = split_group(list(bags), bags)
    assert sorted(sorted(p) for p in parts) == [
        sorted(k for k in bags if k.startswith("chile")),
        sorted(k for k in bags if k.startswith("haiti")),
    ]


def test_one_incident_stays_whole() -> None:
    bags = _reports("chile", QUAKE, CHILE, 12, 3)
    assert split_group(list(bags), bags) == [list(bags)]


def test_a_group_too_large_to_split_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    bags = {**_reports("chile", QUAKE, CHILE, 7, 1), **_reports("haiti", QUAKE, HAITI, 7, 2)}
    monkeypatch.setattr(story_split, "MAX_GROUP", 10)
    assert split_group(list(bags), bags) == [list(bags)]


def test_names_and_dates_weigh_more_than_words() -> None:
    assert term_weight("PERSON:preval") > term_weight("w:earthquake") == 1.0


def test_cluster_bags_tells_incidents_and_kinds_apart() -> None:
    bags = {
        **_reports("chile", QUAKE, CHILE, 6, 4),
        **_reports("haiti", QUAKE, HAITI, 6, 5),
        **_reports("london", ROBBERY, LONDON, 6, 6),
    }
    order = sorted(bags, key=lambda k: k[::-1])  # interleave the three incidents
    stories = cluster_bags(bags, order)
    for prefix in ("chile", "haiti", "london"):
        members = [k for k in order if k.startswith(prefix)]
        assert {stories[k] for k in members} == {story_id(members[0])}
    assert len(set(stories.values())) == 3


def test_a_stranded_member_moves_to_its_incident() -> None:
    bags = {**_reports("chile", QUAKE, CHILE, 6, 9), **_reports("haiti", QUAKE, HAITI, 6, 10)}
    members = list(bags)
    chile = [m for m in members if m.startswith("chile")]
    haiti = [m for m in members if m.startswith("haiti")]
    parts = [[*chile, haiti[0]], haiti[1:]]
    moved = story_split._reassigned(members, story_split._local_vectors(members, bags), parts)
    assert sorted(sorted(p) for p in moved) == [sorted(chile), sorted(haiti)]


def test_members_already_in_their_incident_stay() -> None:
    bags = {**_reports("chile", QUAKE, CHILE, 6, 11), **_reports("haiti", QUAKE, HAITI, 6, 12)}
    members = list(bags)
    parts = [[m for m in members if m.startswith(p)] for p in ("chile", "haiti")]
    vectors = story_split._local_vectors(members, bags)
    assert story_split._reassigned(members, vectors, parts) == parts
