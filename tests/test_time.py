"""Tests for the time stage: tagging, normalisation, tense, anchoring."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from storyline.analyse.nlp import parse
from storyline.analyse.time import (
    find_timexes,
    normalise,
    parse_date_phrase,
    reanchor,
    tag_times,
)
from storyline.model import Document, TimeSpan
from storyline.pipeline import Context

# A Sunday, so weekday conventions are easy to read off.
ANCHOR = date(2020, 3, 29)
D = date


@pytest.fixture
def timed(ctx: Context, make_doc) -> Callable[[str], Document]:
    """Run the real nlp and time stages over a text published on ANCHOR."""
    return lambda text: tag_times(parse(make_doc(text, published=ANCHOR), ctx), ctx)


@pytest.mark.parametrize(
    ("expression", "start", "end", "granularity"),
    [
        ("March 26, 2020", D(2020, 3, 26), D(2020, 3, 26), "day"),
        ("26 March 2020", D(2020, 3, 26), D(2020, 3, 26), "day"),
        ("2020-03-26", D(2020, 3, 26), D(2020, 3, 26), "day"),
        ("Jan. 3", D(2020, 1, 3), D(2020, 1, 3), "day"),
        ("June 12", D(2019, 6, 12), D(2019, 6, 12), "day"),
        ("March 2019", D(2019, 3, 1), D(2019, 3, 31), "month"),
        ("2017", D(2017, 1, 1), D(2017, 12, 31), "year"),
        ("late 2017", D(2017, 9, 1), D(2017, 12, 31), "quarter"),
        ("early 2017", D(2017, 1, 1), D(2017, 4, 30), "quarter"),
        ("mid-2017", D(2017, 5, 1), D(2017, 8, 31), "quarter"),
        ("early January", D(2020, 1, 1), D(2020, 1, 10), "week"),
        ("mid-March", D(2020, 3, 11), D(2020, 3, 20), "week"),
        ("late February", D(2020, 2, 21), D(2020, 2, 29), "week"),
        ("late last year", D(2019, 9, 1), D(2019, 12, 31), "quarter"),
        ("the beginning of April", D(2020, 4, 1), D(2020, 4, 10), "week"),
        ("the beginning of July", D(2019, 7, 1), D(2019, 7, 10), "week"),
        ("the end of 2019", D(2019, 12, 1), D(2019, 12, 31), "month"),
        ("today", D(2020, 3, 29), D(2020, 3, 29), "day"),
        ("yesterday", D(2020, 3, 28), D(2020, 3, 28), "day"),
        ("two days ago", D(2020, 3, 27), D(2020, 3, 27), "day"),
        ("last week", D(2020, 3, 16), D(2020, 3, 22), "week"),
        ("this week", D(2020, 3, 23), D(2020, 3, 29), "week"),
        ("next week", D(2020, 3, 30), D(2020, 4, 5), "week"),
        ("this month", D(2020, 3, 1), D(2020, 3, 31), "month"),
        ("last month", D(2020, 2, 1), D(2020, 2, 29), "month"),
        ("earlier this month", D(2020, 3, 1), D(2020, 3, 29), "month"),
        ("last year", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("the coming days", D(2020, 3, 30), D(2020, 4, 8), "week"),
        ("last summer", D(2019, 6, 1), D(2019, 8, 31), "season"),
        ("the third quarter", D(2019, 7, 1), D(2019, 9, 30), "quarter"),
        ("the 1990s", D(1990, 1, 1), D(1999, 12, 31), "decade"),
        ("March 17 to 30", D(2020, 3, 17), D(2020, 3, 30), "day"),
        ("March 17-30", D(2020, 3, 17), D(2020, 3, 30), "day"),
        ("2019-2020", D(2019, 1, 1), D(2020, 12, 31), "year"),
        ("early March", D(2020, 3, 1), D(2020, 3, 10), "week"),
        ("mid-March", D(2020, 3, 11), D(2020, 3, 20), "week"),
        ("late March", D(2020, 3, 21), D(2020, 3, 31), "week"),
        ("the start of March", D(2020, 3, 1), D(2020, 3, 10), "week"),
        ("the middle of March", D(2020, 3, 11), D(2020, 3, 20), "week"),
        ("the end of March", D(2020, 3, 21), D(2020, 3, 31), "week"),
        ("the first half of March", D(2020, 3, 1), D(2020, 3, 15), "week"),
        ("the second half of March", D(2020, 3, 16), D(2020, 3, 31), "week"),
        ("the beginning of 2019", D(2019, 1, 1), D(2019, 1, 31), "month"),
        ("the middle of 2019", D(2019, 6, 1), D(2019, 7, 31), "month"),
        ("the first half of 2019", D(2019, 1, 1), D(2019, 6, 30), "quarter"),
        ("the early 1990s", D(1990, 1, 1), D(1993, 12, 31), "year"),
        ("the late 1990s", D(1997, 1, 1), D(1999, 12, 31), "year"),
        ("later this month", D(2020, 3, 29), D(2020, 3, 31), "month"),
        ("earlier this year", D(2020, 1, 1), D(2020, 3, 29), "year"),
        ("next month", D(2020, 4, 1), D(2020, 4, 30), "month"),
        ("next year", D(2021, 1, 1), D(2021, 12, 31), "year"),
        ("this year", D(2020, 1, 1), D(2020, 12, 31), "year"),
        ("this quarter", D(2020, 1, 1), D(2020, 3, 31), "quarter"),
        ("last Monday", D(2020, 3, 23), D(2020, 3, 23), "day"),
        ("next Sunday", D(2020, 4, 5), D(2020, 4, 5), "day"),
        ("three weeks ago", D(2020, 3, 2), D(2020, 3, 8), "week"),
        ("two months ago", D(2020, 1, 1), D(2020, 1, 31), "month"),
        ("a year ago", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("the past two months", D(2020, 1, 29), D(2020, 3, 29), "month"),
        ("the next three days", D(2020, 3, 30), D(2020, 4, 1), "day"),
        ("the coming weeks", D(2020, 3, 30), D(2020, 5, 10), "month"),
        ("the coming months", D(2020, 3, 30), D(2020, 9, 29), "year"),
        ("this summer", D(2020, 6, 1), D(2020, 8, 31), "season"),
        ("last winter", D(2019, 12, 1), D(2020, 2, 29), "season"),
        ("from March 1 to 5", D(2020, 3, 1), D(2020, 3, 5), "day"),
        ("between 2 and 4 March 2019", D(2019, 3, 2), D(2019, 3, 4), "day"),
    ],
)
def test_normalise_gives_the_documented_interval(
    expression: str, start: date, end: date, granularity: str
) -> None:
    _, span, _ = normalise(expression, anchor=ANCHOR)
    assert span == TimeSpan(start, end, granularity)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("March 26, 2020", "2020-03-26"),
        ("March 2019", "2019-03"),
        ("last week", "2020-W12"),
        ("the fourth quarter of 2019", "2019-Q4"),
        ("summer 2019", "2019-SU"),
        ("three months", "P3M"),
        ("several weeks", "PXW"),
        ("now", "PRESENT_REF"),
        ("every week", "P1W"),
        ("from March 17 to 30", "2020-03-17/2020-03-30"),
        ("a week or so ago", "2020-W12"),
        ("the day after March 5", "2020-03-06"),
        ("the day before last Tuesday", "2020-03-23"),
    ],
)
def test_normalise_gives_timex3_values(expression: str, value: str) -> None:
    assert normalise(expression, anchor=ANCHOR)[0] == value


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("The talks lasted three months.", "DURATION", "P3M"),
        ("Patrols run every week.", "SET", "P1W"),
        ("Convoys leave daily.", "SET", "P1D"),
    ],
)
def test_durations_and_sets_have_no_interval(text: str, kind: str, value: str) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert (timex.type, timex.value, timex.span.known) == (kind, value, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministers met on Monday.", (D(2020, 3, 23), "past")),
        ("The ministers will meet on Monday.", (D(2020, 3, 30), "future")),
        ("The ministers met on Sunday.", (D(2020, 3, 29), "past")),
    ],
)
def test_weekday_follows_the_tense(text: str, expected: tuple[date, str]) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert (timex.span.start, timex.tense) == expected


def test_weekday_tense_comes_from_the_parse(timed: Callable[[str], Document]) -> None:
    past = timed("The ministers met on Monday.")
    future = timed("The ministers will meet on Monday.")
    assert past.timexes[0].span.start == D(2020, 3, 23)
    assert future.timexes[0].span.start == D(2020, 3, 30)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rockets hit the base in November.", "2019-11"),
        ("Rockets hit the base in January.", "2020-01"),
        ("Talks will resume in January.", "2021-01"),
        ("The convoy arrived on July 24.", "2019-07-24"),
        ("The convoy arrived on March 2.", "2020-03-02"),
    ],
)
def test_year_is_inferred_from_anchor_and_tense(text: str, value: str) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert (timex.value, timex.relative) == (value, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drills ran from March 17 to 30.", "March 17 to 30"),
        ("Drills ran between March 1 and 5.", "March 1 and 5"),
        ("Drills ran on March 17-30, 2019.", "March 17-30, 2019"),
        ("Drills ran 3-5 May 2019.", "3-5 May 2019"),
    ],
)
def test_ranges_are_one_timex(text: str, expected: str) -> None:
    (timex,) = find_timexes(text, anchor=ANCHOR)
    assert timex.text == expected
    assert timex.span.granularity == "day"
    assert timex.span.start < timex.span.end


@pytest.mark.parametrize(
    "text",
    [
        "Militants fired 17 rockets at K1.",
        "The virus is called Covid-19 and the jet an F-16.",
        "The deal is worth $1.7 million.",
        "Delegates from 61 countries attended.",
        "Call +964 770 123 4567 for details.",
        "The army sent about 2000 troops.",
        "Protesters march on the capital and may return.",
        "The Arab Spring changed the region.",
        # Idiom and discourse marker: neither "high noon" nor "Now, ..." names a time.
        "For the people of Poland, high noon has come.",
        "Now, the minister said, the talks must go on.",
        # A spelled number counting a noun is no year.
        "The craft has lasted more than two thousand years.",
    ],
)
def test_non_dates_are_not_tagged(text: str) -> None:
    assert find_timexes(text, anchor=ANCHOR) == ()


def test_year_before_a_noun_is_a_date() -> None:
    (timex,) = find_timexes("The 2016 offensive stalled.", anchor=ANCHOR)
    assert (timex.text, timex.value) == ("2016", "2016")


@pytest.mark.parametrize("text", ["on Sunday", "yesterday", "last week", "in January", "June 12"])
def test_without_anchor_relative_timexes_wait_for_reanchor(text: str) -> None:
    (timex,) = find_timexes(f"It happened {text}.", anchor=None)
    assert (timex.value, timex.span.known, timex.relative) == (None, False, True)
    resolved = reanchor(timex, ANCHOR)
    assert resolved.value is not None and resolved.span.known


def test_without_anchor_absolute_dates_resolve() -> None:
    (timex,) = find_timexes("It happened on March 26, 2020.", anchor=None)
    assert (timex.value, timex.relative) == ("2020-03-26", False)


def test_reanchor_matches_tagging_with_the_anchor() -> None:
    text = "The ministers met on Monday."
    late = reanchor(find_timexes(text, anchor=None)[0], ANCHOR)
    assert late == find_timexes(text, anchor=ANCHOR)[0]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("July 24", 2020, D(2020, 7, 24)),
        ("March 26, 2020", None, D(2020, 3, 26)),
        ("26 March 2020", None, D(2020, 3, 26)),
        ("Published: 2020-03-26 10:00", None, D(2020, 3, 26)),
        ("July 24", None, None),
        ("no date here", 2020, None),
    ],
)
def test_parse_date_phrase(text: str, year: int | None, expected: date | None) -> None:
    assert parse_date_phrase(text, year=year) == expected


def test_stage_offsets_match_the_text(timed: Callable[[str], Document]) -> None:
    text = "Officials said on Sunday that the base closed on March 26.\n\nTalks resume next week."
    doc = timed(text)
    assert [t.text for t in doc.timexes] == ["Sunday", "March 26", "next week"]
    for timex in doc.timexes:
        assert doc.text[timex.start : timex.end] == timex.text
        assert doc.sentences[timex.sentence].start <= timex.start


def test_seed_ranges_resolve_with_a_2020_anchor(seeds) -> None:
    for path in sorted(seeds.glob("*.txt")):
        for timex in find_timexes(path.read_text(encoding="utf-8"), anchor=D(2020, 3, 30)):
            if timex.span.known and timex.relative:
                assert timex.span.start.year in (2019, 2020), timex.text


def test_a_to_infinitive_subject_takes_the_tense_of_its_verb(timed) -> None:
    doc = timed("To leave the talks on Friday was a mistake.")
    (timex,) = doc.timexes
    assert (timex.text, timex.value, timex.tense) == ("Friday", "2020-03-27", "past")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # A participle that describes a noun: the clause's verb dates the expression.
        ("A memorial service planned for Saturday was canceled.", "2020-03-28"),
        ("The index closed near its record high set on March 6.", "2020-03-06"),
        # A participle with a to-infinitive still plans an act ahead.
        ("Talks were suspended, set to resume Monday in Belfast.", "2020-03-30"),
    ],
)
def test_a_participle_describing_a_noun_plans_nothing(timed, text: str, value: str) -> None:
    (timex,) = timed(text).timexes
    assert timex.value == value
