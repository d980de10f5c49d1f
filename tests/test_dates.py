"""Publication-date inference: the report's own dates bound it; each guess has a confidence."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.model import Document, Published, Sentence, TimeSpan, Timex
from storyline.output.export import document_json
from storyline.resolve import dates

PAST = "On March 17, 2020, troops left the base."
FUTURE = "The vote will be held on June 6, 2021."


def undated(*sentences: str) -> Document:
    """An undated report whose time expressions are found without an anchor (no parse)."""
    text, spans = "", []
    for sentence in sentences:
        start = len(text)
        text += sentence + " "
        spans.append(Sentence(len(spans), start, start + len(sentence)))
    doc = Document(id="u", text=text, sentences=tuple(spans))
    return dataclasses.replace(doc, timexes=find_timexes(text, anchor=None, sentences=spans))


def weekday(text: str = "on Sunday") -> Timex:
    return Timex(0, len(text), text, 0, "DATE", None, TimeSpan(None, None), relative=True)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        ((PAST,), (date(2020, 3, 17), None)),
        ((FUTURE,), (None, date(2021, 6, 6))),
        ((PAST, FUTURE), (date(2020, 3, 17), date(2021, 6, 6))),
        (("Troops left the base in 2019.",), (None, None)),  # a year is too coarse to bound
        # A scheduled end date bounds nothing, whatever the tense of its clause.
        (("It sold notes due Nov. 1, 2029, on March 17, 2020.",), (date(2020, 3, 17), None)),
        (("It expected a loss in the year ending June 30, 2021.",), (None, None)),
    ],
)
def test_full_dates_in_the_text_bound_the_report_by_their_tense(
    sentences: tuple[str, ...], expected: tuple[date | None, date | None]
) -> None:
    assert dates.text_bounds(undated(*sentences)) == expected


def test_a_report_with_only_its_own_dates_gets_an_interval_and_no_date() -> None:
    published = dates.date_from_events(undated(PAST, FUTURE), [], [], None)
    assert published.date is None and published.inferred and published.confidence == 0.0
    assert (published.span.start, published.span.end) == (date(2020, 3, 17), date(2021, 6, 6))
    assert "no earlier than 2020-03-17" in published.reason


def test_a_relative_day_in_the_lead_lands_after_the_reports_own_latest_date() -> None:
    published = dates.date_from_events(undated(PAST), [weekday()], [], None)
    assert published.date == date(2020, 3, 22)  # the first Sunday from March 17, 2020
    assert published.confidence == 0.7 and published.span == TimeSpan(
        published.date, published.date, "day"
    )


def test_a_lead_event_date_older_than_the_reports_own_dates_is_not_taken() -> None:
    published = dates.date_from_events(undated(PAST), [], [date(2020, 3, 1)], None)
    assert published.date is None
    assert dates.date_from_events(undated(PAST), [], [date(2020, 3, 18)], None).date == date(
        2020, 3, 18
    )


@pytest.mark.parametrize(
    ("published", "interval"),
    [
        (Published(date(2020, 3, 26)), {"start": "2020-03-26", "end": "2020-03-26"}),
        (
            Published(None, True, TimeSpan(date(2020, 3, 17), None), 0.0, "bounded"),
            {"start": "2020-03-17", "end": None},
        ),
        (None, {"start": None, "end": None}),
    ],
)
def test_export_gives_the_publication_interval_and_confidence(
    published: Published | None, interval: dict[str, str | None]
) -> None:
    exported = document_json(Document(id="d", text="x", published=published))["published"]
    assert exported["interval"] == interval
    assert exported["confidence"] == (published.confidence if published else None)
