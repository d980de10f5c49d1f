"""Readings: what an expression means, and the calendar arithmetic that builds them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.analyse.timex.vocab import COMING, UNITS
from storyline.model import TimeSpan


@dataclass(frozen=True, slots=True)
class Reading:
    """What a matched expression means: TIMEX3 type and value, interval, anchoring."""

    type: str
    value: str | None
    span: TimeSpan
    relative: bool = False


UNKNOWN = TimeSpan(None, None, "unknown")


def unanchored(kind: str = "DATE") -> Reading:
    return Reading(kind, None, UNKNOWN, relative=True)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day_reading(day: date, *, relative: bool) -> Reading:
    """Return the reading of one calendar day."""
    return Reading("DATE", day.isoformat(), TimeSpan(day, day, "day"), relative)


def month_reading(year: int, month: int, *, relative: bool) -> Reading:
    """Return the reading of one calendar month."""
    span = TimeSpan(date(year, month, 1), date(year, month, last_day(year, month)), "month")
    return Reading("DATE", f"{year:04d}-{month:02d}", span, relative)


def year_reading(year: int, *, relative: bool) -> Reading:
    """Return the reading of one calendar year."""
    return Reading(
        "DATE", f"{year:04d}", TimeSpan(date(year, 1, 1), date(year, 12, 31), "year"), relative
    )


def week_reading(day: date, *, relative: bool, weekend: bool = False) -> Reading:
    """Return the reading of the ISO week (or its weekend) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    iso_year, week, _ = day.isocalendar()
    if weekend:
        span = TimeSpan(monday + timedelta(days=5), monday + timedelta(days=6), "day")
        return Reading("DATE", f"{iso_year}-W{week:02d}-WE", span, relative)
    span = TimeSpan(monday, monday + timedelta(days=6), "week")
    return Reading("DATE", f"{iso_year}-W{week:02d}", span, relative)


def quarter_reading(year: int, quarter: int, *, relative: bool) -> Reading:
    """Return the reading of a calendar quarter."""
    first = 3 * quarter - 2
    span = TimeSpan(
        date(year, first, 1), date(year, first + 2, last_day(year, first + 2)), "quarter"
    )
    return Reading("DATE", f"{year}-Q{quarter}", span, relative)


def half_reading(year: int, half: int, *, relative: bool) -> Reading:
    """Return the reading of a half year, valued as TIMEX3 writes it ("1989-H2")."""
    first = 6 * half - 5
    span = TimeSpan(
        date(year, first, 1), date(year, first + 5, last_day(year, first + 5)), "quarter"
    )
    return Reading("DATE", f"{year}-H{half}", span, relative)


def season_span(year: int, code: str) -> TimeSpan:
    """Return the meteorological season ``code`` (SP, SU, FA, WI) of ``year``."""
    if code == "WI":
        return TimeSpan(date(year, 12, 1), date(year + 1, 2, last_day(year + 1, 2)), "season")
    first = {"SP": 3, "SU": 6, "FA": 9}[code]
    return TimeSpan(
        date(year, first, 1), date(year, first + 2, last_day(year, first + 2)), "season"
    )


def coming_span(anchor: date, plural: str) -> TimeSpan:
    """Return the interval of "the coming days/weeks/months/years" (``plural``) from
    ``anchor``: the day after it to +10 days, +42 days, +6 months or +3 years."""
    days, months, granularity = COMING.get(plural, (0, 36, "decade"))
    end = add_months(anchor, months) if months else anchor + timedelta(days=days)
    return TimeSpan(anchor + timedelta(days=1), end, granularity)


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by whole months, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, last_day(year, month + 1)))


# How far past the anchor a date named in a past-tense sentence may lie: such
# sentences often set deadlines ("extended the offer to Nov. 16").
PAST_REACH = timedelta(days=60)
# How far before the anchor a date named in a future sentence may lie (a misread tense).
FUTURE_SLACK = timedelta(days=7)


def pick_year(month: int, anchor: date, tense: str, day: int = 0) -> int:
    """Return the year of a month (or month and day) named without one, as the tense points.

    Past: the latest such date no more than :data:`PAST_REACH` after the anchor.
    Future: the first one whose month (or day) ended no more than :data:`FUTURE_SLACK`
    before the anchor.
    Present: the nearest.
    """
    if tense == "past":
        reach = anchor + PAST_REACH
        if _first(anchor.year + 1, month, day) <= reach:
            return anchor.year + 1
        return anchor.year if _first(anchor.year, month, day) <= reach else anchor.year - 1
    if tense == "future":
        slack = anchor - FUTURE_SLACK
        if _last(anchor.year - 1, month, day) >= slack:
            return anchor.year - 1
        return anchor.year if _last(anchor.year, month, day) >= slack else anchor.year + 1
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    return min(
        years,
        key=lambda y: min(
            abs((d - anchor).days) for d in (_first(y, month, day), _last(y, month, day))
        ),
    )


def _first(year: int, month: int, day: int) -> date:
    """Return the named day of ``month`` in ``year`` (its first day when none is named)."""
    number = day or 1
    return date(year, month, number if number <= 28 else min(number, last_day(year, month)))


def _last(year: int, month: int, day: int) -> date:
    """Return the named day of ``month`` in ``year`` (its last day when none is named)."""
    return _first(year, month, day) if day else date(year, month, last_day(year, month))


def pick_weekday(weekday: int, anchor: date, tense: str, rel: str = "") -> date:
    """Return the date of a weekday named relative to ``anchor``."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if rel in ("last", "past"):
        back = back or 7
    elif rel in ("next", "coming"):
        return anchor + timedelta(days=ahead or 7)
    elif tense == "future" or (tense == "present" and ahead < back):
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def quarter_of(anchor: date) -> tuple[int, int]:
    return anchor.year, (anchor.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def moved(anchor: date, unit: str, by: int) -> Reading:
    """Return the reading of the ``unit`` that holds ``anchor`` moved ``by`` units."""
    if unit in ("day", "hour", "minute", "second"):
        step = by if unit == "day" else 0
        return day_reading(anchor + timedelta(days=step), relative=True)
    if unit in ("week", "fortnight", "weekend"):
        weeks = by * (2 if unit == "fortnight" else 1)
        return week_reading(
            anchor + timedelta(weeks=weeks), relative=True, weekend=unit == "weekend"
        )
    if unit == "month":
        moved = add_months(anchor, by)
        return month_reading(moved.year, moved.month, relative=True)
    if unit == "quarter":
        return quarter_reading(*shift_quarter(*quarter_of(anchor), by), relative=True)
    years = by * {"decade": 10, "centur": 100}.get(unit, 1)
    return year_reading(anchor.year + years, relative=True)


# A half of a unit, in the next finer unit: "2 1/2 years" is P2Y6M (TimeML writes
# compound durations in the ISO 8601 way); units with no finer one take a decimal.
_HALVES = {"year": "6M", "day": "T12H", "hour": "30M", "minute": "30S"}


def duration_value(count: int | None, unit: str, *, half: bool = False) -> str:
    """Return the TIMEX3 duration value of ``count`` units, such as "P3M" or "PT2H".

    ``half`` adds half a unit ("a year and a half": P1Y6M). A vague count of
    centuries is "PXC", the TIDES unit, as a century has no ISO 8601 letter.
    """
    time_part, letter, factor = UNITS[unit]
    if count is None:
        return "PXC" if unit == "centur" else f"P{time_part}X{letter}"
    amount = count * factor
    if not half:
        return f"P{time_part}{amount}{letter}"
    if factor % 2 == 0:  # decades, centuries, fortnights: a whole number of finer units
        return f"P{time_part}{amount + factor // 2}{letter}"
    if unit in _HALVES:
        return f"P{time_part}{amount}{letter}{_HALVES[unit]}"
    return f"P{time_part}{amount}.5{letter}"
