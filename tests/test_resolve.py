"""Cross-document resolution on hand-made documents: no spaCy needed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from storyline.knowledge.distance import place_km
from storyline.model import (
    ActorMention,
    Document,
    EventMention,
    Place,
    PlaceMention,
    Published,
    QuantityValue,
    Sentence,
    TimeSpan,
    Timex,
)
from storyline.resolve import conflicts, dates, intervals
from storyline.resolve.corroboration import independent_reports
from storyline.resolve.events import Candidate, cluster_mentions
from storyline.resolve.storyline import resolve_storyline

BASE = Place("fac:base", "Northern Air Base", "facility", 35.0, 43.0, "IQ")
BASE_NEARBY = Place("gn:1", "Base Town", "city", 35.05, 43.05, "IQ")
FAR = Place("gn:2", "Far City", "city", 33.0, 44.0, "IQ")
IRAQ = Place("cc:IQ", "Iraq", "country", 33.0, 43.5, "IQ")


def day(d: int, month: int = 3) -> date:
    return date(2020, month, d)


def span(a: date | None, b: date | None) -> TimeSpan:
    return TimeSpan(a, b, intervals.granularity_of(a, b))


def cand(
    doc: str,
    i: int = 0,
    *,
    place=BASE,
    time=None,
    mode="completed",
    targets=(),
    sources=(),
    sentence=5,
    type_="RETREAT",
) -> Candidate:  # noqa: E501
    return Candidate(
        key=(doc, i),
        type=type_,
        mode=mode,
        sentence=sentence,
        place=place,
        time=time or TimeSpan(None, None, "unknown"),
        timed=time is not None,
        sources=frozenset(sources),
        targets=frozenset(targets),
        story="s",
        people=frozenset(targets),
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (span(day(1), day(10)), span(day(5), day(20)), True),
        (span(day(1), day(4)), span(day(5), day(20)), False),
        (span(None, day(4)), span(day(1), None), True),
        (TimeSpan(None, None), span(day(5), day(5)), True),
    ],
)
def test_overlaps_treats_missing_bounds_as_open(a, b, expected) -> None:
    assert intervals.overlaps(a, b) is expected


def test_intersect_narrows_to_what_every_report_allows() -> None:
    got = intervals.intersect([span(day(17), day(30)), span(day(16), day(22)), span(None, day(26))])
    assert got == TimeSpan(day(17), day(22), "week")


def test_intersect_of_disjoint_reports_is_a_contradiction() -> None:
    assert intervals.intersect([span(day(1), day(2)), span(day(5), day(6))]) is None


def test_mentions_of_one_base_from_three_reports_merge() -> None:
    found = cluster_mentions(
        [cand("a", time=span(day(26), day(26))), cand("b", place=BASE_NEARBY), cand("c")]
    )
    assert [sorted(c.key[0] for c in cluster) for cluster in found] == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "other",
    [
        cand("b", place=FAR),
        cand("b", time=span(day(1, 1), day(2, 1))),
        cand("b", type_="ASSAULT"),
        cand("b", mode="negated"),
    ],
    ids=["far-place", "disjoint-time", "other-type", "negated"],
)
def test_incompatible_mentions_stay_apart(other: Candidate) -> None:
    found = cluster_mentions([cand("a", time=span(day(26), day(26))), other])
    assert len(found) == 2


def test_vague_mention_joins_the_precise_one_beside_it_in_its_report() -> None:
    found = cluster_mentions(
        [cand("a", place=IRAQ, sentence=0), cand("a", 1, sentence=1), cand("b")]
    )
    assert len(found) == 1 and len(found[0]) == 3


def test_nearby_mention_naming_other_participants_is_another_event() -> None:
    strike = dict(type_="ASSAULT", targets=("e-general",), sources=("e-us",))
    ambush = cand("a", 1, place=IRAQ, sentence=2, type_="ASSAULT", sources=("e-insurgents",))
    found = cluster_mentions([cand("a", sentence=0, **strike), ambush])
    assert len(found) == 2
    # The same sentence without participants of its own refers back to the strike.
    anaphor = cand("a", 1, place=IRAQ, sentence=2, type_="ASSAULT")
    assert len(cluster_mentions([cand("a", sentence=0, **strike), anaphor])) == 1


def test_placeless_mention_joins_by_shared_target() -> None:
    strike = dict(type_="ASSAULT", targets=("e-victim",))
    found = cluster_mentions(
        [
            cand("a", place=FAR, time=span(day(3, 1), day(3, 1)), **strike),
            cand("b", place=None, time=span(day(1, 1), day(10, 1)), **strike),
        ]
    )
    assert len(found) == 1


def test_unanchored_mention_without_place_or_time_is_dropped() -> None:
    assert cluster_mentions([cand("a", place=None)]) == []


def test_distance_between_known_cities() -> None:
    baghdad = Place("b", "Baghdad", "city", 33.34, 44.40)
    mosul = Place("m", "Mosul", "city", 36.34, 43.13)
    assert 340 < place_km(baghdad, mosul) < 360


def test_quantities_of_different_scope_are_not_a_conflict() -> None:
    us = QuantityValue("troops", 5000, "people", ("a",), "US")
    coalition = QuantityValue("troops", 7500, "people", ("b",), "coalition")
    merged, found = conflicts.settle_quantities([("a", us), ("b", coalition)], {})
    assert found == [] and len(merged) == 2


def test_contradicting_quantities_are_settled_by_most_reports() -> None:
    q = lambda v, d: (d, QuantityValue("troops", v, "people", (d,), ""))  # noqa: E731
    merged, found = conflicts.settle_quantities([q(800, "a"), q(600, "b"), q(800, "c")], {})
    assert merged[0].value == 800 and merged[0].documents == ("a", "c")
    assert found[0].field == "quantity:troops" and found[0].chosen == 800


def test_syndicated_copies_count_as_one_independent_report() -> None:
    groups = {"a": "a", "a-copy": "a", "b": "b"}
    assert independent_reports(["a", "a-copy", "b"], groups) == 2


def test_date_conflict_prefers_the_more_specific_value_on_a_tie() -> None:
    chosen, conflict = conflicts.settle_time(
        [("a", span(day(3, 1), day(3, 1)), ""), ("b", span(day(5, 1), day(9, 1)), "")], {}
    )
    assert chosen == span(day(3, 1), day(3, 1))
    assert conflict is not None and {v.value for v in conflict.values} == {
        "2020-01-03",
        "2020-01-05/2020-01-09",
    }


def test_dateline_takes_the_year_nearest_the_story() -> None:
    doc = Document(id="w", text="x", dateline="July 24")
    published = dates.date_from_dateline(doc, [day(26)])
    assert published is not None and published.date == date(2020, 7, 24) and published.inferred


def weekday_timex(text: str = "on Sunday") -> Timex:
    return Timex(0, len(text), text, 0, "DATE", None, TimeSpan(None, None), relative=True)


def test_relative_day_in_the_lead_is_placed_after_events_other_reports_date() -> None:
    published = dates.date_from_events(Document(id="d", text="x"), [weekday_timex()], [], day(26))
    assert published.date == day(29) and published.inferred


def test_lead_event_dated_by_others_dates_the_report() -> None:
    published = dates.date_from_events(Document(id="d", text="x"), [], [day(26)], day(17))
    assert published.date == day(26)


def test_no_evidence_means_no_date_not_a_guess() -> None:
    published = dates.date_from_events(Document(id="d", text="x"), [], [], None)
    assert published.date is None and published.reason


def report(
    doc_id: str, sentence: str, published: date | None, *, timex: Timex | None = None
) -> Document:  # noqa: E501
    """A one-sentence report of a handover of BASE, with the analysis filled in by hand."""
    return Document(
        id=doc_id,
        text=sentence,
        published=Published(published) if published else None,
        sentences=(Sentence(0, 0, len(sentence)),),
        places=(PlaceMention(0, 4, sentence[:4], 0, BASE, 1.0),),
        actors=(ActorMention(0, 4, "Army", "organisation", 0, "", "Army"),),
        timexes=(timex,) if timex else (),
        events=(
            EventMention(
                0,
                5,
                11,
                "handed",
                "hand",
                "RETREAT",
                "completed",
                target=(0,),
                place=0,
                time=0 if timex else None,
            ),
        ),
    )


def test_resolution_merges_reports_and_dates_the_undated_one() -> None:
    today = Timex(17, 22, "today", 0, "DATE", "2020-03-26", span(day(26), day(26)))
    dated = report("a", "Base handed over today.", day(26), timex=today)
    undated = report("b", "Base handed over to the army.", None)
    resolution = resolve_storyline([dated, undated])
    (event,) = resolution.storyline.events
    assert event.documents == ("a", "b") and event.independent_reports == 2
    assert event.place == BASE.id
    by_id = {d.id: d for d in resolution.storyline.documents}
    assert by_id["b"].published.date == day(26) and by_id["b"].published.inferred
    for ev in event.evidence:
        assert by_id[ev.document].text[ev.start : ev.end] == ev.text


def test_event_ids_survive_a_rebuild_with_more_documents() -> None:
    first = resolve_storyline([report("a", "Base handed over.", day(26))])
    second = resolve_storyline(
        [report("0", "Base handed over.", day(26)), report("a", "Base handed over.", day(26))],
        previous_members=first.members,
    )
    assert [e.id for e in second.storyline.events] == [e.id for e in first.storyline.events]


@pytest.mark.parametrize(("name", "kind"), [("troops", "group"), ("coalition", "organisation")])
def test_a_generic_actor_gives_way_to_a_named_one_in_the_same_role(name: str, kind: str) -> None:
    named = dataclasses.replace(
        report("a", "Base handed over to the Northern Command.", day(26)),
        actors=(ActorMention(0, 4, "Northern Command", "organisation", 0, "", "Northern Command"),),
    )
    generic = dataclasses.replace(
        report("b", f"Base handed over to {name}.", day(26)),
        actors=(ActorMention(0, 4, name, kind, 0, "", name),),
    )
    resolution = resolve_storyline([named, generic])
    (event,) = resolution.storyline.events
    names = {e.id: e.name for e in resolution.storyline.entities}
    assert [names[e] for e in event.target] == ["Northern Command"]
    alone = resolve_storyline([generic]).storyline
    assert [e.name for e in alone.entities if e.id in alone.events[0].target] == [name]
