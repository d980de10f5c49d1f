"""Resolvers for expressions anchored on the discourse's reference time, not only the DCT.

TimeML anchors "a year earlier", "the year-ago quarter" or "that year" on the last
time the text mentioned (the reference time), and "two years ago" on the document
creation time. The tagger passes each resolver here the reading of the last
calendar expression before it in the document, or None.

Conventions
-----------
- "N units earlier/later" (weeks and longer) = the reference moved by N units, at
  the reference's granularity ("Oct. 5 ... a year earlier" = the previous year's
  Oct. 5); without a reference, the anchor moved, at the unit's granularity.
- "N days/hours later/earlier": TimeBank tags "N days" as the duration PND, with
  "later" as its signal; a count of days keeps the day it leads to from the
  reference day (else the anchor) as its interval, so it still dates an event.
- "N units ago" = the anchor moved by N units, at the unit's granularity, except
  that "a year ago" after a quarter of the anchor's last twelve months names the
  same quarter a year before (reporting compares a period with the year-ago period).
- "year-earlier", "the year-ago quarter" = the reference moved back one year; "the
  year-ago third quarter" = that quarter of the previous year.
- A year-to-date period ("the nine months", "the first six months") becomes the
  reference, over its year: a report on it compares it with the same months a year
  before, so "a year earlier/ago", "year-earlier" and "the 1988 period" after it are
  the previous year (1988), and "the year-earlier period" is the duration itself
  (P9M), as TimeBank annotates them. "The year-earlier nine months" is one duration.
- "that year", "the same year", "the year" = the reference's year (else the
  anchor's); "the following year" = the year after; "the latest (fiscal) year" has
  ended, so it is at most the year before the anchor's. "The year ended/ending ..."
  is a fiscal year, the duration P1Y. "The quarter", "the latest quarter/period",
  "that quarter" = the reference when it is a quarter; "the latest quarter" only
  when that quarter has ended by the anchor, else the last quarter that has (as
  "the latest period" is when no quarter was named).
- "this year's third quarter", "the 1988 period" = that year's quarter (the
  reference's quarter of that year when it names none). "Last year" is the calendar
  year before the anchor's even after a quarter: TimeML values name what the words
  name, and TimeBank marks it so.
- "the past/last N units" = the duration PNU, whose interval ends on the anchor;
  "the next/coming N units" starts the day after it. Vague counts ("the coming
  days", "recent years") get the value PXU; a vague future count spans +1 to +10
  days, +42 days, +6 months or +3 years for days, weeks, months and years.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.analyse.timex.readings import (
    UNKNOWN,
    Reading,
    add_months,
    coming_span,
    day_reading,
    duration_value,
    month_reading,
    moved,
    quarter_of,
    quarter_reading,
    shift_quarter,
    unanchored,
    week_reading,
    year_reading,
)
from storyline.analyse.timex.resolvers import RESOLVERS as PLAIN
from storyline.analyse.timex.vocab import number, spelled_year, unit_key, weekday_number
from storyline.model import TimeSpan

CALENDAR_VALUE = re.compile(r"\d{4}(?:-(?:Q[1-4]|W\d\d|\d\d(?:-\d\d)?))?")
# Months and days each unit moves a date by.
STEP = {
    "year": (12, 0), "quarter": (3, 0), "month": (1, 0), "week": (0, 7), "fortnight": (0, 14),
    "day": (0, 1), "decade": (120, 0), "centur": (1200, 0),
}  # fmt: skip
# Kinds whose reading is derived from the reference and so never becomes the reference.
DERIVED = frozenset(
    ["shifted", "ago", "year_ago", "anaphoric", "period_ago", "lapse", "day_anaphor"]
)
# Kinds that, in a report on a quarter, point back to the last quarter the text named
# even when a day was named since ("the third quarter ... Sept. 30 ... the year-ago quarter").
QUARTERLY = frozenset(["year_ago", "anaphoric", "quarter", "year_quarter", "ago", "period_ago"])
# How far an anaphor's determiner moves from the reference ("the following year").
DET_STEPS = {"the following": 1, "the next": 1, "the previous": -1}
PAST_WORDS = frozenset(["past", "last", "previous", "recent"])
FUTURE_WORDS = frozenset(["next", "coming", "upcoming", "following"])


def is_reference(reading: Reading) -> bool:
    """Whether ``reading`` names a calendar period that later expressions can refer to."""
    return (
        reading.type == "DATE"
        and reading.value is not None
        and reading.span.known
        and CALENDAR_VALUE.fullmatch(reading.value) is not None
    )


# Durations that name a report's year-to-date period ("the nine months", "the first
# three quarters"): results for them compare with the same months a year before.
_TO_DATE = re.compile(r"P(?:6|9)M|P[23]Q")
_DEFINITE = frozenset(["the", "latest", "first"])


def is_to_date(reading: Reading, before: str) -> bool:
    """Whether ``reading`` names a reporting period to date: "the (first) nine months"."""
    return (
        reading.type == "DURATION"
        and reading.value is not None
        and _TO_DATE.fullmatch(reading.value) is not None
        and before in _DEFINITE
    )


def to_date(reading: Reading, quarter: Reading | None, anchor: date) -> Reading:
    """Return the reference a year-to-date period sets: its duration over its year.

    The year is the last quarter's (the period runs up to it) or else the anchor's.
    """
    year = quarter.span.start.year if quarter is not None else anchor.year
    span = TimeSpan(date(year, 1, 1), date(year, 12, 31), "year")
    return Reading("DURATION", reading.value, span, relative=True)


def shift(base: Reading, unit: str, count: int) -> Reading | None:
    """Return ``base`` moved by ``count`` units, at the granularity of ``base``."""
    months, days = STEP.get(unit, (0, 0))
    if base.span.start is None or not (months or days):
        return None
    start = add_months(base.span.start, months * count) + timedelta(days=days * count)
    granularity, relative = base.span.granularity, base.relative
    if granularity == "day":
        return day_reading(start, relative=relative)
    if granularity == "week":
        return week_reading(start, relative=relative)
    if granularity == "month":
        return month_reading(start.year, start.month, relative=relative)
    if granularity == "quarter":
        return quarter_reading(start.year, (start.month - 1) // 3 + 1, relative=relative)
    return year_reading(start.year, relative=relative)


def _shifted(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    unit, count = unit_key(match["unit"]), number(match["num"])
    sign = -1 if match["dir"].lower() == "earlier" else 1
    if count is None:
        return Reading("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", UNKNOWN)
    if ref is not None:
        return shift(ref, unit, sign * count)
    return unanchored() if anchor is None else moved(anchor, unit, sign * count)


def _lapse(match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None) -> Reading:
    """Read "three days" of "three days later" as the duration P3D, as TimeBank tags it,
    over the day it leads to from the reference (else the anchor); "a few days": PXD."""
    unit, count = unit_key(match["unit"]), number(match["num"])
    value = duration_value(count, unit)
    sign = 1 if match["dir"].lower() == "later" else -1
    base = ref if ref is not None and ref.span.granularity == "day" else None
    if count is None or unit != "day" or (base is None and anchor is None):
        return Reading("DURATION", value, UNKNOWN)
    day = (base.span.start if base is not None else anchor) + timedelta(days=count * sign)
    return Reading("DURATION", value, TimeSpan(day, day, "day"), relative=True)


def _ago(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    unit = unit_key(match["unit"])
    count = number(match["num"]) if match["num"] else None
    if count is None:
        return Reading("DATE", "PAST_REF", UNKNOWN)
    if anchor is None:
        return unanchored()
    if unit in ("year", "quarter") and (_recent_quarter(ref, anchor) or _is_period(ref)):
        return shift(ref, unit, -count)
    return moved(anchor, unit, -count)


def _is_period(ref: Reading | None) -> bool:
    """Whether ``ref`` is a year-to-date period (:func:`to_date`)."""
    return ref is not None and ref.type == "DURATION"


def _recent_quarter(ref: Reading | None, anchor: date) -> bool:
    if ref is None or ref.span.granularity != "quarter" or ref.span.start is None:
        return False
    return timedelta(0) <= anchor - ref.span.start <= timedelta(days=366)


def _year_ago(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    unit = match["unit"].lower()
    if match["plural"]:  # "the year-earlier nine months": a duration, as its head
        count = number(match["num"])
        return Reading("DURATION", duration_value(count, unit_key(match["plural"])), UNKNOWN)
    if match["noun"] and match["noun"].lower() == "period" and _is_period(ref):
        return Reading("DURATION", ref.value, UNKNOWN)  # the year-to-date period a year before
    if match["ord"]:
        base = ref.span.start.year if ref is not None else anchor.year if anchor else None
        if base is None:
            return unanchored()
        return quarter_reading(
            base - 1, ordinal(match["ord"]), relative=ref is None or ref.relative
        )
    if ref is not None:
        return shift(ref, unit, -1)
    return unanchored() if anchor is None else moved(anchor, unit, -1)


def _period_ago(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    """Read "the corresponding period last year" as the reporting period a year before."""
    if _is_period(ref):
        return Reading("DURATION", ref.value, UNKNOWN)
    if ref is not None and ref.span.granularity == "quarter":
        return shift(ref, "quarter", -4)
    return unanchored() if anchor is None else year_reading(anchor.year - 1, relative=True)


def _anaphoric(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    det, noun = " ".join(match["det"].lower().split()), match["noun"].lower()
    step = DET_STEPS.get(det, 0)
    ended = match["ended"] is not None or match["to_date"] is not None
    if noun == "year":
        if ended:
            return Reading("DURATION", "P1Y", UNKNOWN)
        if det == "the latest" and anchor is not None:
            # "the latest fiscal year" has ended: the reference's year if it has, else the last
            year = ref.span.start.year if ref is not None else anchor.year
            return year_reading(min(year, anchor.year - 1), relative=True)
        if ref is not None:
            return year_reading(ref.span.start.year + step, relative=ref.relative)
        return unanchored() if anchor is None else year_reading(anchor.year + step, relative=True)
    if ref is not None and ref.span.granularity == "quarter" and not ended:
        return shift(ref, "quarter", step)
    if det == "the latest" and anchor is not None and not ended:
        # "the latest period" with no quarter named: the last quarter that has ended
        return quarter_reading(*shift_quarter(*quarter_of(anchor), -1), relative=True)
    return None


def _day_anaphor(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    """Read "that (same) day", "the next morning", "the previous day" as the reference
    day or a day from it, and "that month", "the following month" as the reference's
    month or the next; a part of a day is the day, as for a named weekday. Without a
    reference that fine, they name no time the tagger can tell, except "the following
    Monday", "the previous Friday": the first such weekday after or before the reference
    day, else the anchor."""
    if match["wd"]:
        return _weekday_from(match, anchor, ref)
    if ref is None or ref.span.start is None:
        return None
    det = " ".join((match["det"] or match["month_det"]).lower().split())
    step = DET_STEPS.get(det, 0)
    if match["noun"]:
        return shift(ref, "day", step) if ref.span.granularity == "day" else None
    if ref.span.granularity not in ("day", "month"):
        return None
    month = add_months(ref.span.start, step)
    return month_reading(month.year, month.month, relative=ref.relative)


def _weekday_from(match: re.Match[str], anchor: date | None, ref: Reading | None) -> Reading:
    """The first weekday named after ("the following") or before ("the previous") the
    reference day, else the anchor; never that day itself."""
    day_ref = ref is not None and ref.span.granularity == "day" and ref.span.start is not None
    base = ref.span.start if day_ref else anchor
    if base is None:
        return unanchored()
    step = DET_STEPS.get(" ".join(match["wd_det"].lower().split()), -1)
    gap = (weekday_number(match["wd"]) - base.weekday()) * step % 7 or 7
    return day_reading(base + timedelta(days=gap * step), relative=True)


def _quarter(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    rel = " ".join((match["rel"] or "").lower().split())
    bare = not match["ord"] and not match["year"] and rel in ("", "latest", "most recent")
    # "The latest quarter" has ended: a quarter only forecast is not it.
    ended = not rel or anchor is None or (ref is not None and ref.span.end < anchor)
    if bare and ref is not None and ref.span.granularity == "quarter" and ended:
        return ref
    return PLAIN["quarter"](match, anchor, tense)


def _year_quarter(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    if match["year"]:
        year, relative = int(match["year"]), False
    elif anchor is None:
        return unanchored()
    else:
        year = anchor.year + {"this": 0, "last": -1, "next": 1}[match["yrel"].lower()]
        relative = True
    if match["ord"]:
        return quarter_reading(year, ordinal(match["ord"]), relative=relative)
    if ref is not None and ref.span.granularity == "quarter":
        return quarter_reading(year, (ref.span.start.month - 1) // 3 + 1, relative=relative)
    return year_reading(year, relative=relative)


def ordinal(word: str) -> int:
    """Return 1-4 for "first"/"1st" ... "fourth"/"4th"."""
    if word[0].isdigit():
        return int(word[0])
    return ("first", "second", "third", "fourth").index(word.lower()) + 1


def _past_units(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading:
    unit = unit_key(match["unit"] or match["plural"])
    count = number(match["num"]) if match["num"] else None
    value = duration_value(count, unit)
    rel = match["rel"].lower()
    if anchor is None or rel not in PAST_WORDS | FUTURE_WORDS or unit not in STEP:
        return Reading("DURATION", value, UNKNOWN, relative=anchor is None)
    if rel in FUTURE_WORDS:
        return Reading("DURATION", value, _ahead(anchor, unit, count), relative=True)
    if count is None:
        return Reading("DURATION", value, UNKNOWN)
    start = moved_day(anchor, unit, -count)
    return Reading("DURATION", value, TimeSpan(start, anchor, _granularity(unit)), relative=True)


def _ahead(anchor: date, unit: str, count: int | None) -> TimeSpan:
    if count is None:
        return coming_span(anchor, unit + "s")
    return TimeSpan(anchor + timedelta(days=1), moved_day(anchor, unit, count), _granularity(unit))


def moved_day(day: date, unit: str, count: int) -> date:
    """Return ``day`` moved by ``count`` units of ``unit``."""
    months, days = STEP[unit]
    return add_months(day, months * count) + timedelta(days=days * count)


def _granularity(unit: str) -> str:
    return {"fortnight": "week", "centur": "decade"}.get(unit, unit)


def _spelled_year(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    year = spelled_year(match["spelled"])
    return None if year is None else year_reading(year, relative=False)


def _clock(
    match: re.Match[str], anchor: date | None, tense: str, ref: Reading | None
) -> Reading | None:
    """Read a clock time that names no day ("shot at 10 p.m.") on the day the text last
    named, the reference time TimeML anchors it on; else as :mod:`resolvers` does."""
    reading = PLAIN["clock"](match, anchor, tense)
    if match["day"] or match["month"] or ref is None or ref.span.granularity != "day":
        return reading
    if reading.value is None or ref.value is None:
        return reading
    day = ref.span.start
    return Reading("TIME", day.isoformat() + reading.value[10:], TimeSpan(day, day, "day"), True)


RESOLVERS = {
    "shifted": _shifted, "ago": _ago, "year_ago": _year_ago, "anaphoric": _anaphoric,
    "quarter": _quarter, "past_units": _past_units, "spelled_year": _spelled_year,
    "year_quarter": _year_quarter, "clock": _clock, "period_ago": _period_ago,
    "lapse": _lapse, "day_anaphor": _day_anaphor,
}  # fmt: skip
