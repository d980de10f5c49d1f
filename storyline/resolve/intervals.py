"""Interval arithmetic on :class:`~storyline.model.TimeSpan`, where None is unbounded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from storyline.model import TimeSpan

UNKNOWN = TimeSpan(None, None, "unknown")
# An undated event reported as done is dated to the week up to its first report.
REPORT_WINDOW_DAYS = 7


def overlaps(a: TimeSpan, b: TimeSpan) -> bool:
    """Return whether two intervals share at least one day (unbounded ends always do)."""
    if a.start and b.end and a.start > b.end:
        return False
    return not (b.start and a.end and b.start > a.end)


def intersect(spans: Iterable[TimeSpan]) -> TimeSpan | None:
    """Return the days every span allows, or None when they contradict each other."""
    start: date | None = None
    end: date | None = None
    for span in spans:
        if span.start and (start is None or span.start > start):
            start = span.start
        if span.end and (end is None or span.end < end):
            end = span.end
    if start and end and start > end:
        return None
    return TimeSpan(start, end, granularity_of(start, end))


def granularity_of(start: date | None, end: date | None) -> str:
    """Name the precision of an inclusive interval by its length."""
    if start is None or end is None:
        return "unknown"
    days = (end - start).days + 1
    for limit, name in ((1, "day"), (7, "week"), (31, "month"), (92, "quarter"), (366, "year")):
        if days <= limit:
            return name
    return "decade" if days <= 3660 else "unknown"


def width(span: TimeSpan) -> int:
    """Return the number of days a bounded span covers, or a large number if unbounded."""
    if span.start is None or span.end is None:
        return 10**6
    return (span.end - span.start).days + 1


def event_interval(span: TimeSpan, signal: str, published: date | None) -> TimeSpan:
    """Return the days an event can fall on, given its time expression's signal word.

    "since March" bounds the event by March and the report; "until", "by" and
    "before" give only an upper bound, "after" only a lower one.
    """
    if signal == "since":
        return TimeSpan(span.start, published, granularity_of(span.start, published))
    if signal in ("until", "by", "before"):
        return TimeSpan(None, span.end, "unknown")
    if signal == "after":
        return TimeSpan(span.start, None, "unknown")
    return span


def report_time(mode: str, published: Iterable[date]) -> tuple[TimeSpan, str]:
    """Return the interval of an event no time expression governs, and where it comes from.

    News reports what just happened: an event reported as done falls in the
    week up to its first report; a planned or possible one comes after that report, on a
    day the text does not give. The source is "report", or "none" when no
    report is dated.
    """
    first = min(published, default=None)
    if first is None:
        return UNKNOWN, "none"
    if mode in ("planned", "hypothetical"):
        return TimeSpan(first, None, "unknown"), "report"
    start = first - timedelta(days=REPORT_WINDOW_DAYS - 1)
    return TimeSpan(start, first, "week"), "report"
