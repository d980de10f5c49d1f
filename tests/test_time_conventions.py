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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She is a 20th century democrat.", ("20th century", "DATE", "19")),
        ("It stands near the 11th century temple.", ("the 11th century", "DATE", "10")),
        ("The nineteenth century saw it built.", ("The nineteenth century", "DATE", "18")),
        ("Sales slumped through the nineties.", ("the nineties", "DATE", "199")),
        ("It grew in the '80s.", ("the '80s", "DATE", "198")),
        ("Growth slowed over the last decade.", ("last decade", "DATE", "201")),
        (
            "Prices peaked in January nineteen ninety-seven.",
            ("January nineteen ninety-seven", "DATE", "1997-01"),
        ),
        (
            "It was colder in the winter of nineteen ninety-four.",
            ("the winter of nineteen ninety-four", "DATE", "1994-WI"),
        ),
    ],
)
def test_centuries_decades_and_spelled_years(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They lived in camps for 2 1/2 years.", ("2 1/2 years", "DURATION", "P2Y6M")),
        ("The stop lasted 5 1/2 hours.", ("5 1/2 hours", "DURATION", "PT5H30M")),
        ("It took a minute and a half.", ("a minute and a half", "DURATION", "PT1M30S")),
        ("He served a year and a half.", ("a year and a half", "DURATION", "P1Y6M")),
        ("It lasted two and a half weeks.", ("two and a half weeks", "DURATION", "P2.5W")),
        ("It ran two decades and a half.", ("two decades and a half", "DURATION", "P25Y")),
        ("It held for almost a hundred years.", ("almost a hundred years", "DURATION", "P100Y")),
        ("The fleet stays at least 20 more years.", ("at least 20 more years", "DURATION", "P20Y")),
        ("The offer runs an additional year.", ("an additional year", "DURATION", "P1Y")),
        ("Eight trading days later it fell.", ("Eight trading days", "DURATION", "P8D")),
        ("It ended a day-long meeting.", ("day-long", "DURATION", "P1D")),
        ("It ended a decades-long feud.", ("decades-long", "DURATION", "PXY")),
        ("The city was ruled from Moscow for centuries.", ("centuries", "DURATION", "PXC")),
        ("He died within weeks or months.", ("weeks or months", "DURATION", "PXW")),
        ("Troops arrive within weeks.", ("weeks", "DURATION", "PXW")),
        ("Sales grew for the first time in years.", ("years", "DURATION", "PXY")),
        ("It shuts the next two months or so.", ("the next two months or so", "DURATION", "P2M")),
    ],
)
def test_fractional_hedged_and_vague_durations(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The signal "within" stays out of the span, as TimeML keeps signals apart.
        ("They will decide within a week.", ("a week", "DURATION", "P1W")),
        ("It ends in the year 2030.", ("the year 2030", "DATE", "2030")),
        (
            "Troops must arrive by the end of the month.",
            ("the end of the month", "DATE", "2020-03"),
        ),
        ("By mid afternoon the shelling stopped.", ("mid afternoon", "TIME", "2020-03-29TAF")),
        (
            "Prices fell mid-afternoon yesterday.",
            ("mid-afternoon yesterday", "TIME", "2020-03-28TAF"),
        ),
        ("Markets hurt more these days.", ("these days", "DATE", "PRESENT_REF")),
    ],
)
def test_signals_parts_of_day_and_present_ref(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


def test_the_verb_of_a_fiscal_year_stays_out_of_its_span() -> None:
    assert _values("Net rose in the fiscal year ended Jan. 31.") == [
        ("the fiscal year", "DURATION", "P1Y"),
        ("Jan. 31", "DATE", "2020-01-31"),
    ]


def test_two_days_of_a_month_joined_by_and_before_a_clause_end_are_a_range() -> None:
    (timex,) = find_timexes("The summit is set for April 24 and 25.", anchor=ANCHOR)
    assert (timex.text, timex.value) == ("April 24 and 25", "2020-04-24/2020-04-25")
    assert (timex.span.start, timex.span.end) == (date(2020, 4, 24), date(2020, 4, 25))
    # A number that goes on to count something is no day.
    assert _values("On March 1 and 5 people were hurt.") == [("March 1", "DATE", "2020-03-01")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The March accession will enlarge the alliance.", [("March", "DATE", "2020-03")]),
        ("The march ended at the square.", []),
        ("The March of Dimes raised funds.", []),
    ],
)
def test_may_or_march_between_the_and_a_noun_is_the_month(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _values(text) == expected
