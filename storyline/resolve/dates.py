"""Publication dates for undated reports, inferred from their own text and their story.

Three kinds of evidence are used, strongest first, and each inferred date says
which one it rests on:

1. A dateline with a day and month ("BAGHDAD, July 24"): the year is the one
   that puts the day closest to the dated reports of the same story.
2. The report's lead event carries a relative day ("on Sunday") and the report
   also mentions events that other reports date. The report cannot be older
   than those events, so its date is the first day, from the latest of them on,
   on which the relative day lands no earlier than that bound.
3. The report's lead event is dated, to the day, by other reports: news of an
   event is published the day it happens.

Otherwise the date stays unknown, with the interval the report can fall in.
The report's own explicit dates bound every inference: it is no older than the
latest full date it mentions in the past tense ("on March 17, 2020, troops
left") and no newer than the earliest it mentions in the future tense ("the
vote will be held on June 6, 2021"). Each inferred date carries a confidence
(0..1) and that interval (``Published.span``).
Relative expressions of reports without a date are still resolved when every
anchor the story allows gives them the same value (a month and day need only
the year).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from storyline.analyse.time import parse_date_phrase, reanchor
from storyline.analyse.timex.scan import word_before
from storyline.analyse.timex.tense import TenseFinder
from storyline.model import Document, Published, TimeSpan, Timex
from storyline.resolve.intervals import granularity_of

LEAD_SENTENCES = 3
SEARCH_DAYS = 14
# Explicit expressions precise enough to bound a report's date.
BOUNDING = frozenset({"day", "week", "month"})
# Words before a date that schedule it, whatever the tense of the clause: a bond "due
# Oct. 15, 1999" or a year "ending June 30, 1990" bounds no publication date.
SCHEDULING = frozenset({"due", "ending", "maturing", "expiring"})


def known_date(doc: Document) -> date | None:
    """Return the document's publication date when it is known or inferred."""
    return doc.published.date if doc.published else None


def story_dates(docs: Iterable[Document], stories: Mapping[str, str]) -> dict[str, list[date]]:
    """Collect the known publication dates of each story."""
    found: dict[str, list[date]] = {}
    for doc in docs:
        day = known_date(doc)
        if day is not None:
            found.setdefault(stories[doc.id], []).append(day)
    return found


def date_from_dateline(doc: Document, known: Sequence[date]) -> Published | None:
    """Complete a day-and-month dateline with the year closest to the story's dates."""
    if not doc.dateline or not known:
        return None
    years = sorted({d.year + k for d in known for k in (-1, 0, 1)})
    options = [(day, y) for y in years if (day := parse_date_phrase(doc.dateline, year=y))]
    if not options:
        return None
    best, _ = min(options, key=lambda o: (min(abs((o[0] - d).days) for d in known), o[1]))
    return Published(
        best,
        inferred=True,
        span=TimeSpan(best, best, "day"),
        confidence=0.9,
        reason=f"dateline {doc.dateline!r}; year from the story's dated reports",
    )


def with_anchor(doc: Document, anchor: date) -> Document:
    """Resolve every relative time expression of ``doc`` against ``anchor``."""
    timexes = tuple(reanchor(t, anchor) if t.relative else t for t in doc.timexes)
    return dataclasses.replace(doc, timexes=timexes)


def with_story_anchor(doc: Document, known: Sequence[date]) -> Document:
    """Resolve the relative expressions that come out the same for every anchor the story allows."""
    if not known:
        return doc
    low = min(known)
    high = max(max(known), low + timedelta(days=30))
    timexes = tuple(_agreed(t, low, high) if t.relative else t for t in doc.timexes)
    return dataclasses.replace(doc, timexes=timexes)


def _agreed(timex: Timex, low: date, high: date) -> Timex:
    first, last = reanchor(timex, low), reanchor(timex, high)
    return first if first.span == last.span and first.span.known else timex


def text_bounds(doc: Document) -> tuple[date | None, date | None]:
    """Return the earliest and latest publication dates the report's own full dates allow."""
    tense_of = TenseFinder(doc.text, doc.tokens)
    earliest: date | None = None
    latest: date | None = None
    for timex in doc.timexes:
        span = timex.span
        if (
            timex.relative
            or timex.signal
            or timex.type != "DATE"
            or not span.known
            or span.granularity not in BOUNDING
            or word_before(doc.text, timex.start) in SCHEDULING
        ):
            continue
        sent = doc.sentences[timex.sentence] if timex.sentence < len(doc.sentences) else None
        tense = tense_of(timex.start, timex.end, sent) if sent is not None else "present"
        if tense == "past" and (earliest is None or span.start > earliest):
            earliest = span.start
        elif tense == "future" and (latest is None or span.end < latest):
            latest = span.end
    if earliest is not None and latest is not None and latest < earliest:
        latest = None  # a misread tense; keep the safer lower bound
    return earliest, latest


def date_from_events(
    doc: Document,
    lead_times: Sequence[Timex],
    lead_event_days: Sequence[date],
    bound: date | None,
) -> Published:
    """Infer a date from the report's lead event, the events other reports date and its own dates.

    ``lead_times`` are the relative time expressions attached to the lead
    event's mentions, ``lead_event_days`` the one-day dates that other reports
    give the lead event, ``bound`` the latest start date, given by other
    reports, of any event this report mentions as past.
    """
    earliest, latest = text_bounds(doc)
    if earliest is not None and (bound is None or earliest > bound):
        bound = earliest
    if bound is not None:
        for timex in lead_times:
            day = _first_consistent_day(timex, bound)
            if day is not None and (latest is None or day <= latest):
                why = f"{timex.text!r} in the lead, no earlier than events dated {bound}"
                return Published(day, True, TimeSpan(day, day, "day"), 0.7, why)
    days = [d for d in lead_event_days if earliest is None or d >= earliest]
    if days and (latest is None or max(days) <= latest):
        day = max(days)
        why = "the lead event is dated to this day by other reports"
        return Published(day, True, TimeSpan(day, day + timedelta(days=1), "day"), 0.6, why)
    why = "the text does not allow a date"
    if bound is not None:
        why += f"; it is no earlier than {bound.isoformat()}"
    if latest is not None:
        why += f"; it is no later than {latest.isoformat()}"
    return Published(None, True, TimeSpan(bound, latest, granularity_of(bound, latest)), 0.0, why)


def _first_consistent_day(timex: Timex, bound: date) -> date | None:
    for offset in range(SEARCH_DAYS):
        anchor = bound + timedelta(days=offset)
        span = reanchor(timex, anchor).span
        if span.granularity == "day" and span.start is not None and span.start >= bound:
            return anchor
    return None
