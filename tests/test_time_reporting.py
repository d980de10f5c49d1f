"""Tests for the TimeBank conventions of company reports and deadlines: year-to-date
periods, year-end, halves of a year, fractions that are not quarters, deadline words
and clock times on the day the text last named."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.model import TimeSpan

# A Monday in a season of third-quarter reports.
ANCHOR = date(1989, 10, 30)


def _values(text: str) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor=ANCHOR)]


def _span(text: str, expression: str) -> TimeSpan:
    (timex,) = [t for t in find_timexes(text, anchor=ANCHOR) if t.text == expression]
    return timex.span


def _assert_only(text: str, expected: tuple[str, str, str], span: TimeSpan) -> None:
    """Assert that ``text`` holds the one expression ``expected``, with interval ``span``."""
    assert _values(text) == [expected]
    assert _span(text, expected[0]) == span


YEAR_1988 = TimeSpan(date(1988, 1, 1), date(1988, 12, 31), "year")


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("For the nine months, net rose to $5 million from $4 million a year earlier.",
         "a year earlier"),
        ("In the first nine months, net rose 4% from a year ago.", "a year ago"),
        ("For the nine months, it lost $6 million, against year-earlier net of $9 million.",
         "year-earlier"),
        ("In the first nine months, net was $306 million, against $195 million in the 1988 "
         "period.", "the 1988 period"),
    ],
)  # fmt: skip
def test_a_year_to_date_period_compares_with_the_previous_year(text: str, expression: str) -> None:
    (timex,) = [t for t in find_timexes(text, anchor=ANCHOR) if t.text == expression]
    assert (timex.type, timex.value, timex.span) == ("DATE", "1988", YEAR_1988)


def test_the_year_earlier_period_of_a_year_to_date_period_is_its_duration() -> None:
    text = (
        "For the nine months, net was $81 million. In the year-earlier period, it was $77 million."
    )
    assert _values(text) == [
        ("the nine months", "DURATION", "P9M"),
        ("the year-earlier period", "DURATION", "P9M"),
    ]
    assert _values("Net for the year-earlier nine months included a gain.") == [
        ("the year-earlier nine months", "DURATION", "P9M")
    ]


def test_a_year_to_date_period_takes_the_year_of_the_last_quarter_named() -> None:
    # Named in January, the third quarter is last year's, and so are the nine months.
    text = "Net fell in the third quarter. For the nine months, it rose from a year earlier."
    assert find_timexes(text, anchor=date(1990, 1, 15))[-1].value == "1988"


def test_a_quarter_named_after_the_period_is_compared_again() -> None:
    text = "For the nine months, net rose. In the third quarter, sales fell 5% from a year earlier."
    assert _values(text)[-1] == ("a year earlier", "DATE", "1988-Q3")


def test_a_count_of_months_without_the_article_sets_no_period() -> None:
    text = (
        "Net fell in the third quarter. Each worker got a bonus equal to six months of pay. "
        "Sales fell from a year earlier."
    )
    assert _values(text)[-1] == ("a year earlier", "DATE", "1988-Q3")


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("The bank extended loans through January.", ("January", "DATE", "1990-01"),
         TimeSpan(date(1990, 1, 1), date(1990, 1, 31), "month")),
        ("It created an office of the chairman, effective Feb. 1.",
         ("Feb. 1", "DATE", "1990-02-01"), TimeSpan(date(1990, 2, 1), date(1990, 2, 1), "day")),
        ("Shares bought through Sept. 29 were counted.", ("Sept. 29", "DATE", "1989-09-29"),
         TimeSpan(date(1989, 9, 29), date(1989, 9, 29), "day")),
    ],
)  # fmt: skip
def test_deadline_words_point_ahead_in_a_past_sentence(
    text: str, expected: tuple[str, str, str], span: TimeSpan
) -> None:
    _assert_only(text, expected, span)


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("It will complete the transaction by year-end.", ("year-end", "DATE", "1989"),
         TimeSpan(date(1989, 12, 1), date(1989, 12, 31), "month")),
        ("Rules should be in place by year's end.", ("year's end", "DATE", "1989"),
         TimeSpan(date(1989, 12, 1), date(1989, 12, 31), "month")),
        ("The index will have risen 5% since year-end.", ("year-end", "DATE", "1988"),
         TimeSpan(date(1988, 12, 1), date(1988, 12, 31), "month")),
    ],
)  # fmt: skip
def test_year_end_is_the_end_of_the_year(
    text: str, expected: tuple[str, str, str], span: TimeSpan
) -> None:
    _assert_only(text, expected, span)


def test_year_end_as_a_modifier_is_no_expression() -> None:
    assert _values("Year-end net was below the 1987 level.") == [("1987", "DATE", "1987")]


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("Earnings will fall in the last half of 1989.",
         ("the last half of 1989", "DATE", "1989-H2"),
         TimeSpan(date(1989, 7, 1), date(1989, 12, 31), "quarter")),
        ("Sales rose in the first half of 1988.", ("the first half of 1988", "DATE", "1988-H1"),
         TimeSpan(date(1988, 1, 1), date(1988, 6, 30), "quarter")),
    ],
)  # fmt: skip
def test_halves_of_a_year_are_h1_and_h2(
    text: str, expected: tuple[str, str, str], span: TimeSpan
) -> None:
    _assert_only(text, expected, span)


@pytest.mark.parametrize(
    "text",
    [
        "Iraq imports about three-quarters of its food.",
        "Funds hold more than a quarter of the entire market.",
        "One quarter of the staff left.",
    ],
)
def test_a_fraction_of_a_whole_is_no_quarter(text: str) -> None:
    assert _values(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It returned to profit after several quarters of losses.",
         ("several quarters", "DURATION", "PXQ")),
        ("Sales will fall in the fourth quarter of 1990.",
         ("the fourth quarter of 1990", "DATE", "1990-Q4")),
    ],
)  # fmt: skip
def test_quarters_of_time_stay(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


def test_a_clock_time_without_a_day_falls_on_the_day_last_named() -> None:
    text = "The doctor was shot on Oct. 23. He died at 10 p.m. in his kitchen."
    assert _values(text) == [
        ("Oct. 23", "DATE", "1989-10-23"),
        ("10 p.m.", "TIME", "1989-10-23T22:00"),
    ]
    assert _span(text, "10 p.m.") == TimeSpan(date(1989, 10, 23), date(1989, 10, 23), "day")


def test_a_clock_time_without_any_day_falls_on_the_anchor() -> None:
    assert _values("The blast came at 10:35 a.m. in Nairobi.") == [
        ("10:35 a.m.", "TIME", "1989-10-30T10:35")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Net was $1.8 million for the corresponding period last year.",
         ("the corresponding period last year", "DATE", "1988-Q3")),
        ("For the quarter a year ago, it earned $16 million.",
         ("the quarter a year ago", "DATE", "1988-Q3")),
    ],
)  # fmt: skip
def test_the_period_compared_a_year_before_is_the_quarter_reported(
    text: str, expected: tuple[str, str, str]
) -> None:
    reported = "Net fell 5% in the third quarter. "
    assert _values(reported + text)[-1] == expected
    assert _span(reported + text, expected[0]) == TimeSpan(
        date(1988, 7, 1), date(1988, 9, 30), "quarter"
    )


def test_the_period_compared_is_a_year_before_the_quarter_reported_not_one_forecast() -> None:
    text = (
        "Bethlehem posted a drop in third-quarter profit. Analysts see losses through the"
        " third quarter of 1990. In the year-ago period, Bethlehem earned $101 million."
    )
    assert _values(text)[-1] == ("the year-ago period", "DATE", "1988-Q3")


def test_the_period_compared_without_a_quarter_is_last_year() -> None:
    text = "Sales rose from the same period last year."
    assert _values(text) == [("the same period last year", "DATE", "1988")]
    assert _span(text, "the same period last year") == YEAR_1988


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("For the nine months, net rose.", ("the nine months", "DURATION", "P9M")),
        ("In the latest nine months, net rose.",
         ("the latest nine months", "DURATION", "P9M")),
        # The article of a duration that modifies a noun goes with the noun.
        ("It ends the 30-day period.", ("30-day", "DURATION", "P30D")),
        ("He began the two day visit.", ("two day", "DURATION", "P2D")),
        # Focus particles stay out; hedges on the length stay in.
        ("The lull lasted only six months.", ("six months", "DURATION", "P6M")),
        ("It took just 14 days.", ("14 days", "DURATION", "P14D")),
        ("It lasted nearly five months.", ("nearly five months", "DURATION", "P5M")),
    ],
)  # fmt: skip
def test_the_span_of_a_duration(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'Baker, speaking on ABC News\' "This Week," said the request was made.',
        'Baker said on ABC-TV\'s "This Week With David Brinkley" that it would.',
        "Gonzalez said on CBS's ''60 Minutes.'' The boy stayed.",
    ],
)
def test_a_quoted_title_is_no_expression(text: str) -> None:
    assert _values(text) == []


def test_a_quoted_expression_in_lower_case_stays() -> None:
    text = 'It will liquidate the unit "this week," its chief said.'
    assert _values(text) == [("this week", "DATE", "1989-W44")]


@pytest.mark.parametrize(
    "text",
    [
        "The move should save $500 million a year in costs.",
        "Qantas will add nearly 700 seats a week on the route.",
        "It has been creating jobs at a rate of 358,000 a month.",
        "Revenue should rise 8.5% annually.",
        "The plant would produce about 10,000 units annually.",
    ],
)
def test_the_unit_of_a_rate_is_no_expression(text: str) -> None:
    assert _values(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fans buy fifty thousand CDs a year.", ("a year", "DURATION", "P1Y")),
        ("Rallies are held annually for Marti.", ("annually", "SET", "P1Y")),
        ("The board meets every week.", ("every week", "SET", "P1W")),
        ("Dividends rose 15% from 4 pence a year earlier.", ("a year earlier", "DATE", "1988")),
    ],
)
def test_times_beside_quantities_stay(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


def test_the_period_compared_does_not_replace_the_quarter_reported() -> None:
    text = (
        "Sun earned $5 million in the fiscal first quarter. In the 1988 period, it lost "
        "$2 million. Sun shipped 28,000 systems in the quarter."
    )
    assert _values(text) == [
        ("the fiscal first quarter", "DATE", "1989-Q1"),
        ("the 1988 period", "DATE", "1988-Q1"),
        ("the quarter", "DATE", "1989-Q1"),
    ]


def test_a_quarter_to_quarter_comparison_names_no_quarter() -> None:
    text = "The quarter-to-quarter comparison was helped by charges in the year-earlier period."
    assert [t.text for t in find_timexes(text, anchor=ANCHOR)] == ["the year-earlier period"]


def test_the_latest_period_without_a_quarter_is_the_last_quarter_ended() -> None:
    text = "There were no one-time gains in the latest period."
    assert _values(text) == [("the latest period", "DATE", "1989-Q3")]
    assert _span(text, "the latest period") == TimeSpan(
        date(1989, 7, 1), date(1989, 9, 30), "quarter"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It expects sales in the current fiscal year to rise.",
         ("the current fiscal year", "DATE", "1989")),
        ("Profit will rise next fiscal year.", ("next fiscal year", "DATE", "1990")),
    ],
)  # fmt: skip
def test_a_fiscal_period_named_from_the_anchor(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


def test_days_later_are_a_duration_over_the_day_they_lead_to() -> None:
    text = "The market fell on Oct. 13. Three days later, the index rose. A day earlier, it fell."
    assert _values(text) == [
        ("Oct. 13", "DATE", "1989-10-13"),
        ("Three days", "DURATION", "P3D"),
        ("A day", "DURATION", "P1D"),
    ]
    assert _span(text, "Three days") == TimeSpan(date(1989, 10, 16), date(1989, 10, 16), "day")
    assert _span(text, "A day") == TimeSpan(date(1989, 10, 12), date(1989, 10, 12), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A few days later, it announced lower earnings.", ("A few days", "DURATION", "PXD")),
        ("Just over an hour later, he was declared dead.", ("over an hour", "DURATION", "PT1H")),
        ("Sales rose from a year earlier.", ("a year earlier", "DATE", "1988")),
    ],
)
def test_vague_or_short_lapses_and_years_later(text: str, expected: tuple[str, str, str]) -> None:
    assert _values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prosecutors may soon seek an indictment.", [("soon", "DATE", "FUTURE_REF")]),
        ("It soon will begin selling boxes.", [("soon", "DATE", "FUTURE_REF")]),
        ("Return the boy as soon as possible.", []),
        ("He had been killed soon after his capture.", []),
        ("He was soon released.", []),
        # A capitalised "Today" after a word is a name, not the day.
        ("This is VOA Today.", []),
        ("Today, the right to work is equal.", [("Today", "DATE", "1989-10-30")]),
    ],
)
def test_soon_alone_and_today_outside_names(text: str, expected: list) -> None:
    assert _values(text) == expected


def test_the_week_of_a_day_is_its_iso_week() -> None:
    text = "The case may be heard the week of March 6, a cousin said."
    anchor = date(2000, 2, 24)
    (timex,) = find_timexes(text, anchor=anchor)
    assert (timex.text, timex.value) == ("the week of March 6", "2000-W10")
    assert timex.span == TimeSpan(date(2000, 3, 6), date(2000, 3, 12), "week")


def test_unspecified_stretches_of_years_or_weeks() -> None:
    assert _values("Over the years, many more patients died.") == [("the years", "DURATION", "PXY")]
    text = "Funds may sell their junk in the weeks ahead."
    assert _values(text) == [("the weeks ahead", "DURATION", "PXW")]
    # As "the coming weeks": the day after the anchor to six weeks on.
    assert _span(text, "the weeks ahead") == TimeSpan(
        date(1989, 10, 31), date(1989, 12, 11), "month"
    )
    assert _values("The rifle was buried in the days before the shooting.") == []
