"""TIMEX3 values, anaphora, deadlines and bounds of vague and relative expressions.

The interval of every vague expression is pinned in test_time.py."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes, normalise
from storyline.model import TimeSpan
from storyline.resolve.intervals import event_interval

ANCHOR = date(2020, 3, 29)  # a Sunday
D = date


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("the past two months", "P2M"),
        ("the coming days", "PXD"),
        ("recent years", "PXY"),
        ("nineteen ninety-six", "1996"),
        ("the year two thousand", "2000"),
        ("9 a.m. EST Tuesday", "2020-03-24T09:00"),
        ("noon Thursday", "2020-03-26T12:00"),
        ("the near future", "FUTURE_REF"),
        ("this year's third quarter", "2020-Q3"),
    ],
)
def test_timex3_value_follows_the_guidelines(expression: str, value: str) -> None:
    assert normalise(expression, anchor=ANCHOR)[0] == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profit rose in the third quarter. A year earlier it fell.", "2018-Q3"),
        ("Talks began on Oct. 5, 2019. A year earlier they had failed.", "2018-10-05"),
        ("Sales rose in the third quarter from the year-earlier quarter.", "2018-Q3"),
        ("Revenue in the third quarter of 2019 beat the year-ago third quarter.", "2018-Q3"),
        ("Profit rose in the second quarter, up from a year ago.", "2018-Q2"),
        ("The plant opened in 1998 and closed that year.", "1998"),
        ("The plant opened in 1998 and closed the following year.", "1999"),
    ],
)
def test_anaphoric_expression_takes_the_reference_time(text: str, expected: str) -> None:
    *_, last = find_timexes(text, anchor=ANCHOR)
    assert last.value == expected


def test_year_ago_without_reference_falls_back_to_the_anchor() -> None:
    (timex,) = find_timexes("Prices are up from a year earlier.", anchor=ANCHOR)
    assert timex.value == "2019"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The offer was extended to Nov. 16.", "2019-11-16"),
        ("The bid was extended to April 10.", "2020-04-10"),
        ("The offer was extended until Friday.", "2020-03-27"),
        ("Protesters planned a rally on Saturday.", "2020-04-04"),
        ("The talks are scheduled to resume Monday.", "2020-03-30"),
        ("The team will arrive on March 25.", "2020-03-25"),
    ],
)
def test_deadlines_and_plans_point_ahead(analysed, text: str, value: str) -> None:
    doc = analysed(text, upto="time", published=ANCHOR)
    assert [t.value for t in doc.timexes] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # A day named before the planning verb dates the plan, not what is planned.
        ("On Friday, the government planned to send aid.", "2020-03-27"),
        # A possessive day is the noun's, so a future verb does not push it ahead.
        ("They would appeal against Friday's ruling.", "2020-03-27"),
    ],
)
def test_what_the_day_dates_decides_where_it_points(analysed, text: str, value: str) -> None:
    doc = analysed(text, upto="time", published=ANCHOR)
    assert [t.value for t in doc.timexes] == [value]


def test_last_year_names_the_calendar_year_even_after_a_quarter() -> None:
    text = "Profit rose in the fourth quarter. Last year it fell."
    *_, last = find_timexes(text, anchor=date(2020, 2, 10))
    assert last.value == "2019"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The boy was found on Thanksgiving Day.", "2019-11-28"),
        ("They will be home by Christmas.", "2020-12-25"),
        ("Crowds gathered last Christmas.", "2019-12-25"),
        ("Votes were counted on Election Day.", "2019-11-05"),
        ("The march was held on Easter Sunday.", "2019-04-21"),
        ("They will march on Easter Sunday.", "2020-04-12"),
        ("Fireworks were set off on the Fourth of July.", "2019-07-04"),
        ("Memorial Day fell early.", "2019-05-27"),
        ("He left on New Year’s Eve.", "2019-12-31"),
    ],
)
def test_holiday_is_its_day_in_the_year_the_tense_points_to(text: str, value: str) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert (timex.type, timex.value) == ("DATE", value)


@pytest.mark.parametrize(
    ("text", "signal", "start", "end"),
    [
        ("Fighting has raged since March 2.", "since", D(2020, 3, 2), ANCHOR),
        ("Troops stay until March 31.", "until", None, D(2020, 3, 31)),
        ("The base closes by April 10.", "by", None, D(2020, 4, 10)),
        ("Talks resume after March 30.", "after", D(2020, 3, 30), None),
    ],
)
def test_since_and_until_bound_the_event(
    text: str, signal: str, start: date | None, end: date | None
) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    bounded = event_interval(timex.span, timex.signal, ANCHOR)
    assert (timex.signal, bounded.start, bounded.end) == (signal, start, end)


def test_clock_time_is_a_time_on_its_day() -> None:
    (timex,) = find_timexes("Negotiations broke off at 10 p.m. Wednesday.", anchor=ANCHOR)
    assert (timex.type, timex.value, timex.span) == (
        "TIME",
        "2020-03-25T22:00",
        TimeSpan(D(2020, 3, 25), D(2020, 3, 25), "day"),
    )
