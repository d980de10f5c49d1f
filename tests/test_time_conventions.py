"""Tests for the TimeBank conventions of the tagger: parts of named days, sets of months,
months of a named year, modified days and the reporting quarter."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes

# A Sunday, so weekday conventions are easy to read off.
ANCHOR = date(2020, 3, 29)


def _values(text: str) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor=ANCHOR)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks broke down Friday night.", ("Friday night", "DATE", "2020-03-27")),
        ("Rebels attacked Friday morning.", ("Friday morning", "DATE", "2020-03-27")),
        ("The vote came Friday evening.", ("Friday evening", "TIME", "2020-03-27TEV")),
        ("Shares fell last night.", ("last night", "TIME", "2020-03-28TNI")),
    ],
)
def test_a_named_day_and_its_night_or_morning_is_the_day(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert _values(text) == [expected]


def test_a_month_of_a_named_year_is_one_expression() -> None:
    assert _values("Pol Pot was arrested in June last year.") == [
        ("June last year", "DATE", "2019-06")
    ]
    assert _values("Talks resume in January next year.") == [
        ("January next year", "DATE", "2021-01")
    ]


def test_each_month_is_a_set() -> None:
    assert _values("The festival is held each July.") == [("each July", "SET", "XXXX-07")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Earlier yesterday, the bank raised its bid.", "2020-03-28"),
        ("Later Friday, the rebels withdrew.", "2020-03-27"),
    ],
)
def test_earlier_or_later_on_a_past_day_is_that_day(text: str, value: str) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert timex.value == value


def test_quarter_anaphora_skip_the_days_named_since() -> None:
    text = (
        "Net income rose in the third quarter, which ended Sept. 30. "
        "The year-ago quarter included a gain. Sales for the full year fell."
    )
    assert _values(text) == [
        ("the third quarter", "DATE", "2019-Q3"),
        ("Sept. 30", "DATE", "2019-09-30"),
        ("The year-ago quarter", "DATE", "2018-Q3"),
        ("the full year", "DATE", "2019"),
    ]
