"""Event time: the governing time expression, and the report-time fallback when none governs."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from storyline.analyse.events import find_events
from storyline.analyse.nlp import parse
from storyline.model import (
    ActorMention,
    Document,
    Event,
    EventMention,
    Evidence,
    Place,
    PlaceMention,
    Published,
    Sentence,
    TimeSpan,
    Timex,
)
from storyline.output.export import event_json
from storyline.pipeline import Context
from storyline.resolve.intervals import report_time
from storyline.resolve.storyline import resolve_storyline

BASE = Place("fac:base", "Northern Air Base", "facility", 35.0, 43.0, "IQ")


def timed_events(ctx: Context, text: str, timex: str) -> dict[str, str | None]:
    """Parse ``text`` with one hand-made timex and map each event's lemma to its timex text."""
    doc = parse(Document(id="t", text=text, language="en"), ctx)
    start = text.index(timex)
    sent = doc.sentence_of(start)
    found = Timex(start, start + len(timex), timex, sent.index, "DATE", None, TimeSpan(None, None))
    doc = find_events(dataclasses.replace(doc, timexes=(found,)), ctx)
    return {e.lemma: (doc.timexes[e.time].text if e.time is not None else None) for e in doc.events}


def test_a_date_in_a_separate_clause_does_not_date_the_main_event(ctx: Context) -> None:
    times = timed_events(
        ctx, "The coalition withdrew from the base after militants attacked it on Friday.", "Friday"
    )
    assert times["attack"] == "Friday"
    assert times["withdraw"] is None


def test_a_date_in_the_events_own_clause_governs_it(ctx: Context) -> None:
    times = timed_events(ctx, "On Friday the coalition withdrew from the base.", "Friday")
    assert times["withdraw"] == "Friday"


def test_a_date_of_the_reporting_clause_does_not_date_the_reported_event(ctx: Context) -> None:
    times = timed_events(
        ctx, "The ministry said on Friday that militants attacked the base.", "Friday"
    )
    assert times["attack"] is None


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("completed", TimeSpan(date(2020, 3, 20), date(2020, 3, 26), "week")),
        ("negated", TimeSpan(date(2020, 3, 20), date(2020, 3, 26), "week")),
        ("planned", TimeSpan(date(2020, 3, 26), None, "unknown")),
        ("hypothetical", TimeSpan(date(2020, 3, 26), None, "unknown")),
    ],
)
def test_report_time_is_the_week_up_to_the_first_report_or_after_it(
    mode: str, expected: TimeSpan
) -> None:
    reports = [date(2020, 3, 28), date(2020, 3, 26)]
    assert report_time(mode, reports) == (expected, "report")


def test_report_time_without_a_dated_report_is_unknown() -> None:
    assert report_time("completed", []) == (TimeSpan(None, None, "unknown"), "none")


def handover(doc_id: str, published: date | None, timex: Timex | None = None) -> Document:
    text = "Base handed over to the army."
    return Document(
        id=doc_id,
        text=text,
        published=Published(published) if published else None,
        sentences=(Sentence(0, 0, len(text)),),
        places=(PlaceMention(0, 4, "Base", 0, BASE, 1.0),),
        actors=(ActorMention(24, 28, "army", "organisation", 0, "", "Army"),),
        timexes=(timex,) if timex else (),
        events=(
            EventMention(
                0, 5, 11, "handed", "hand", "RETREAT", "completed", target=(0,), place=0,
                time=0 if timex else None,
            ),
        ),
    )  # fmt: skip


def test_undated_event_gets_the_report_week_flagged_as_report_time() -> None:
    (event,) = resolve_storyline([handover("a", date(2020, 3, 26))]).storyline.events
    assert event.time == TimeSpan(date(2020, 3, 20), date(2020, 3, 26), "week")
    assert event.time_source == "report"


def test_event_dated_by_its_text_keeps_the_text_time() -> None:
    today = Timex(
        0, 4, "Base", 0, "DATE", "2020-03-25", TimeSpan(date(2020, 3, 25), date(2020, 3, 25), "day")
    )
    (event,) = resolve_storyline([handover("a", date(2020, 3, 26), today)]).storyline.events
    assert event.time == TimeSpan(date(2020, 3, 25), date(2020, 3, 25), "day")
    assert event.time_source == "text"


def test_undated_event_of_an_undated_report_stays_unknown() -> None:
    (event,) = resolve_storyline([handover("a", None)]).storyline.events
    assert not event.time.known and event.time_source == "none"


@pytest.mark.parametrize(("source", "key"), [("report", {"source": "report"}), ("text", {})])
def test_export_flags_a_time_taken_from_the_report(source: str, key: dict[str, str]) -> None:
    week = TimeSpan(date(2020, 3, 20), date(2020, 3, 26), "week")
    event = Event(
        "ev-1", "RETREAT", "Handover", "completed", (), (), None, week, ("a",), 1,
        (Evidence("a", 0, 4, "Base"),), time_source=source,
    )  # fmt: skip
    assert event_json(event)["time"] == {
        "start": "2020-03-20", "end": "2020-03-26", "granularity": "week", **key
    }  # fmt: skip
