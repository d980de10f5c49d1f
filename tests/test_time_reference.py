"""Tests for days and months named anaphorically, read against the text's reference
time, and for years bounded by "pre-" or "post-"."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.model import TimeSpan

# A Sunday, so weekday conventions are easy to read off.
ANCHOR = date(2020, 3, 29)
D = date


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        (
            "The rally began on March 3. The next morning, police cleared the square.",
            ("The next morning", "DATE", "2020-03-04"),
            TimeSpan(D(2020, 3, 4), D(2020, 3, 4), "day"),
        ),
        (
            "The rally began on March 3. Earlier that day, police sealed the square.",
            ("that day", "DATE", "2020-03-03"),
            TimeSpan(D(2020, 3, 3), D(2020, 3, 3), "day"),
        ),
        (
            "The strike began on March 3. On the previous day, talks had failed.",
            ("the previous day", "DATE", "2020-03-02"),
            TimeSpan(D(2020, 3, 2), D(2020, 3, 2), "day"),
        ),
        (
            "The bank was sold in January. The following month, its chief resigned.",
            ("The following month", "DATE", "2020-02"),
            TimeSpan(D(2020, 2, 1), D(2020, 2, 29), "month"),
        ),
    ],
)
def test_a_day_or_month_named_anaphorically_follows_the_reference_time(
    text: str, expected: tuple[str, str, str], span: TimeSpan
) -> None:
    last = find_timexes(text, anchor=ANCHOR)[-1]
    assert (last.text, last.type, last.value) == expected
    assert last.span == span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks began on Wednesday, March 4. They resumed the following Monday.",
         ("the following Monday", "DATE", "2020-03-09")),
        ("The index closed on Friday, March 13, down 4% from the previous Friday.",
         ("the previous Friday", "DATE", "2020-03-06")),
        # Without a day named before, the anchor (Sunday, March 29) is the reference.
        ("Shares fell 4.5% from the previous Friday.",
         ("the previous Friday", "DATE", "2020-03-27")),
        ("The rebels withdrew the following Sunday.",
         ("the following Sunday", "DATE", "2020-04-05")),
    ],
)  # fmt: skip
def test_a_weekday_named_from_another_day_is_the_next_such_weekday_after_or_before_it(
    text: str, expected: tuple[str, str, str]
) -> None:
    last = find_timexes(text, anchor=ANCHOR)[-1]
    assert (last.text, last.type, last.value) == expected


def test_an_anaphoric_day_without_a_day_named_before_is_not_tagged() -> None:
    assert find_timexes("Traders lost heavily on that day.", anchor=ANCHOR) == ()
    # A year is no reference for a day: "that day" says nothing more precise.
    assert [t.text for t in find_timexes("In 2019 it fell. That day was dark.", anchor=ANCHOR)] == [
        "2019"
    ]


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The post-1959 politics split families.", "post-1959"),
        ("Its pre-1990 debts were written off.", "pre-1990"),
    ],
)
def test_a_year_bounded_by_pre_or_post_keeps_its_value_without_an_interval(
    text: str, expression: str
) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert (timex.text, timex.type, timex.value) == (expression, "DATE", expression[-4:])
    assert not timex.span.known
