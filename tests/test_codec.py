"""The JSON codec round-trips every kind of record."""

from __future__ import annotations

import json
from datetime import date

import pytest

from storyline import codec
from storyline.model import (
    Conflict,
    ConflictValue,
    Document,
    Event,
    Evidence,
    Published,
    Sentence,
    TimeSpan,
    Timex,
)

SPAN = TimeSpan(date(2020, 3, 26), date(2020, 3, 26), "day")


@pytest.mark.parametrize(
    "record",
    [
        Published(date(2020, 3, 26), inferred=True, span=SPAN, confidence=0.6, reason="lead"),
        Document(
            id="d",
            text="Base handed over today.",
            published=Published(date(2020, 3, 26)),
            sentences=(Sentence(0, 0, 23),),
            timexes=(Timex(17, 22, "today", 0, "DATE", "2020-03-26", SPAN, relative=True),),
        ),
        Event(
            id="ev-1",
            type="RETREAT",
            label="x",
            mode="completed",
            source=("e1",),
            target=(),
            place=None,
            time=SPAN,
            documents=("d",),
            independent_reports=1,
            evidence=(Evidence("d", 0, 23, "Base handed over today."),),
            conflicts=(Conflict("quantity:troops", (ConflictValue(800.0, ("d",)),)),),
        ),
    ],
    ids=["published", "document", "event"],
)
def test_records_survive_a_trip_through_json(record: object) -> None:
    data = json.loads(json.dumps(codec.encode(record)))
    assert codec.decode(type(record), data) == record
