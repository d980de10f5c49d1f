"""Tests for expressions of today's wire and business copy: quarters and halves written
"Q3 2012" or "H1", 24-hour times with their zone, frequencies ("twice a week"), "last"
used as a verb, and "overnight" before a weekday."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.model import TimeSpan

# A Friday in the first quarter.
ANCHOR = date(2013, 3, 22)


def _values(text: str) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor=ANCHOR)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue fell in Q3 2012.", ("Q3 2012", "DATE", "2012-Q3")),
        ("Revenue fell in Q3-2012.", ("Q3-2012", "DATE", "2012-Q3")),
        ("Output rose in H1 2012.", ("H1 2012", "DATE", "2012-H1")),
        ("Profit in FY2012 rose.", ("FY2012", "DATE", "2012")),
        # Without a year: the anchor's, or the year before when a past one is yet to come.
        ("Revenue fell in Q3.", ("Q3", "DATE", "2012-Q3")),
        ("Revenue will fall in Q3.", ("Q3", "DATE", "2013-Q3")),
        ("Its Q1 results were weak.", ("Q1", "DATE", "2013-Q1")),
    ],
)
def test_quarters_and_halves_written_short(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


def test_a_half_spans_six_months() -> None:
    (half,) = find_timexes("Output rose in H2 2012.", anchor=ANCHOR)
    assert half.span == TimeSpan(date(2012, 7, 1), date(2012, 12, 31), "quarter")


@pytest.mark.parametrize(
    "text", ["Sales of the Audi Q3 rose.", "The H1N1 virus spread.", "Q5 2012 was listed."]
)
def test_a_model_or_a_virus_named_like_a_quarter_is_no_time(text: str) -> None:
    assert [t for t in _values(text) if "Q" in t[0] or "H" in t[0]] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast happened at 0300 GMT.", ("0300 GMT", "TIME", "2013-03-22T03:00")),
        ("Troops left at 0600 hours.", ("0600 hours", "TIME", "2013-03-22T06:00")),
        (
            "Shelling began at 14:30 local time on Sunday.",
            ("14:30 local time on Sunday", "TIME", "2013-03-17T14:30"),
        ),
    ],
)
def test_a_24_hour_time_with_its_zone(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


@pytest.mark.parametrize("text", ["He got 1200 votes.", "The score was 21:14 at half time."])
def test_a_number_without_a_zone_is_no_24_hour_time(text: str) -> None:
    assert _values(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twice a week, patrols visit the town.", ("Twice a week", "SET", "P1W")),
        ("Convoys come three times a month.", ("three times a month", "SET", "P1M")),
        ("Inspectors call 3 times per day.", ("3 times per day", "SET", "P1D")),
        ("The council meets once a year.", ("once a year", "SET", "P1Y")),
    ],
)
def test_a_frequency_is_a_set(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The trial is expected to last several months.", ("several months", "DURATION", "PXM")),
        ("The mission will last six months.", ("six months", "DURATION", "P6M")),
    ],
)
def test_last_as_a_verb_leaves_a_duration(text: str, expected: tuple[str, str, str]) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert (timex.text, timex.type, timex.value) == expected
    assert not timex.span.known  # not the six months before the anchor


def test_the_last_months_before_the_anchor_keep_their_interval() -> None:
    (timex,) = find_timexes("Prices rose over the last six months.", anchor=ANCHOR)
    assert timex.text == "the last six months"
    assert timex.span == TimeSpan(date(2012, 9, 22), ANCHOR, "month")


def test_overnight_before_a_weekday_is_that_day() -> None:
    assert _values("Shelling continued overnight Saturday.") == [
        ("overnight Saturday", "DATE", "2013-03-16")
    ]
    assert _values("Shells fell overnight.") == [("overnight", "TIME", "2013-03-22TNI")]
