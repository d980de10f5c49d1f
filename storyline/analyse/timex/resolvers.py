"""Resolvers: turn each kind's match into a :class:`Reading` (conventions in time.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from storyline.analyse.timex import holidays
from storyline.analyse.timex.readings import (
    UNKNOWN,
    Reading,
    coming_span,
    day_reading,
    duration_value,
    half_reading,
    month_reading,
    moved,
    pick_weekday,
    pick_year,
    quarter_of,
    quarter_reading,
    season_span,
    shift_quarter,
    unanchored,
    week_reading,
    year_reading,
)
from storyline.analyse.timex.vocab import (
    CENTURY_ORDINALS,
    DECADE_WORDS,
    MONTHS,
    POD,
    REFS,
    SEASONS,
    WEEKDAY_WORDS,
    month_number,
    number,
    spelled_year,
    unit_key,
    weekday_number,
)
from storyline.model import TimeSpan

Resolver = Callable[[re.Match[str], date | None, str], "Reading | None"]


_NOT_DIGIT = re.compile(r"\D")


def _day_number(day: str) -> int:
    """Return the day of the month that a :data:`patterns.DAY` match names ("5th" = 5)."""
    return int(_NOT_DIGIT.sub("", day))


def _date_reading(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    month = month_number(match["month"])
    day = _day_number(match["day"])
    if match["year"]:
        return day_reading(date(int(match["year"]), month, day), relative=False)
    if anchor is None:
        return unanchored()
    return day_reading(date(pick_year(month, anchor, tense, day), month, day), relative=True)


def _iso(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    return day_reading(day, relative=False)


def _numeric(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    first, second = int(match["a"]), int(match["b"])
    month, day = (second, first) if first > 12 else (first, second)
    return day_reading(date(int(match["year"]), month, day), relative=False)


def _range(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    first_month = month_number(match["m1"])
    second = match.groupdict().get("m2")
    last_month = month_number(second) if second else first_month
    first_day, last_day = (_day_number(match[g]) for g in ("d1", "d2"))
    if match["year"]:
        year, relative = int(match["year"]), False
    elif anchor is None:
        return unanchored()
    else:
        year = pick_year(first_month, anchor, tense, first_day)
        relative = True
    start = date(year, first_month, first_day)
    end = date(year + (last_month < first_month), last_month, last_day)
    if end < start:
        return None
    value = f"{start.isoformat()}/{end.isoformat()}"
    return Reading("DATE", value, TimeSpan(start, end, "day"), relative)


def _range_year(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    first, last = match["y1"], match["y2"]
    last = first[:2] + last if len(last) == 2 else last
    if int(last) <= int(first):
        return None
    span = TimeSpan(date(int(first), 1, 1), date(int(last), 12, 31), "year")
    return Reading("DATE", f"{first}/{last}", span)


def _month_year(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    year = _any_year(match)
    return (
        None if year is None else month_reading(year, month_number(match["month"]), relative=False)
    )


def _any_year(match: re.Match[str]) -> int | None:
    """Return the year a match names in digits or in words."""
    return int(match["year"]) if match["year"] else spelled_year(match["spelled"])


def _month_rel(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return unanchored()
    month, rel = month_number(match["month"]), (match["rel"] or "").lower()
    if match["yrel"]:  # "June last year": the month of the year named
        year = anchor.year + {"last": -1, "next": 1}.get(match["yrel"].lower(), 0)
    elif rel in ("last", "past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year if rel == "this" else pick_year(month, anchor, tense)
    return month_reading(year, month, relative=True)


def _year(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    """Read "1959" as that year; "post-1959", "pre-1990" keep the year's value (TimeML
    puts "after" or "before" in the MOD attribute) and, open on one side, no interval."""
    if match["bound"]:
        return Reading("DATE", match["year"], UNKNOWN)
    return year_reading(int(match["year"]), relative=False)


def _fiscal(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return year_reading(int(match["year"]), relative=False)


def _decade(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if match["spelled"] or match["short"]:  # "the nineties", "the '80s": the latest begun
        if anchor is None:
            return unanchored()
        digit = int(match["short"]) if match["short"] else DECADE_WORDS[match["spelled"].lower()]
        first = anchor.year // 100 * 100 + 10 * digit
        first -= 100 if first > anchor.year else 0
        span = TimeSpan(date(first, 1, 1), date(first + 9, 12, 31), "decade")
        return Reading("DATE", str(first // 10), span, relative=True)
    first = int(match["decade"])
    span = TimeSpan(date(first, 1, 1), date(first + 9, 12, 31), "decade")
    return Reading("DATE", str(first // 10), span)


def _century(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    """Read "the 20th century" as TIMEX3 "19", the first two digits of its years.

    Like PAST_REF, it gets no interval: a century never dates a news event.
    """
    ordinal = match["ord"].lower()
    if ordinal[0].isdigit():
        count = int(ordinal.rstrip("stndrh"))
    else:
        count = CENTURY_ORDINALS.index(ordinal.replace(" ", "-")) + 1
    return Reading("DATE", f"{count - 1:02d}", UNKNOWN)


def _season(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    code = SEASONS[match["season"].lower()]
    year = _any_year(match) if match["year"] or match["spelled"] else None
    if year is not None:
        return Reading("DATE", f"{year}-{code}", season_span(year, code))
    if anchor is None:
        return unanchored()
    rel = (match["rel"] or "").lower()
    spans = [season_span(year, code) for year in range(anchor.year - 2, anchor.year + 2)]
    if rel in ("last", "past"):
        span = [s for s in spans if s.end < anchor][-1]
    elif rel in ("next", "coming"):
        span = next(s for s in spans if s.start > anchor)
    elif rel == "this":
        span = season_span(anchor.year - (code == "WI" and anchor.month <= 2), code)
    elif tense == "future":
        span = next(s for s in spans if s.end >= anchor)
    else:
        span = [s for s in spans if s.start <= anchor][-1]
    return Reading("DATE", f"{span.start.year}-{code}", span, relative=True)


def _quarter(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    ordinal = match["ord"]
    number_ = "1234".index(ordinal[0]) + 1 if ordinal and ordinal[0].isdigit() else None
    if ordinal and number_ is None:
        number_ = ("first", "second", "third", "fourth").index(ordinal.lower()) + 1
    if match["year"] and number_:
        return quarter_reading(int(match["year"]), number_, relative=False)
    if anchor is None:
        return unanchored()
    year, current = quarter_of(anchor)
    if number_:
        year += {"last": -1, "next": 1}.get((match["yrel"] or "").lower(), 0)
        if not match["yrel"] and tense == "past" and number_ > current:
            year -= 1
        return quarter_reading(year, number_, relative=True)
    rel = (match["rel"] or "").lower()
    by = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, -1)
    return quarter_reading(*shift_quarter(year, current, by), relative=True)


def _qn(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    """Read "Q3 2012" as that quarter, "H1 2012" as that half ("2012-H1"); without a
    year, the anchor's, or the year before in a past sentence when it is yet to come."""
    number_, months = int(match["qn"][1]), 3 if match["qn"][0] == "Q" else 6
    if match["year"]:
        year, relative = int(match["year"]), False
    elif anchor is None:
        return unanchored()
    else:
        current = (anchor.month - 1) // months + 1
        year, relative = anchor.year - (tense == "past" and number_ > current), True
    read = quarter_reading if months == 3 else half_reading
    return read(year, number_, relative=relative)


def _ago(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    count = number(match["num"]) if match["num"] else None
    if count is None:
        return Reading("DATE", "PAST_REF", UNKNOWN)
    if anchor is None:
        return unanchored()
    return moved(anchor, unit_key(match["unit"]), -count)


def _clock(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    """Read "9 a.m. EST Tuesday", "noon Thursday" or "0300 GMT" as a TIME on that day."""
    if anchor is None:
        return unanchored("TIME")
    if match["word"]:
        hour, minute = (24 if match["word"].lower() == "midnight" else 12), 0
    elif match["h24"]:
        hour, minute = int(match["h24"]), int(match["m24"])
    else:
        hour = int(match["hour"]) % 12 + (12 if match["half"].lower() == "p" else 0)
        minute = int(match["minute"] or 0)
    word = (match["day"] or "today").lower()
    if match["month"]:
        month, number_ = month_number(match["month"]), _day_number(match["date"])
        day = date(pick_year(month, anchor, tense, number_), month, number_)
    elif word in WEEKDAY_WORDS:
        day = pick_weekday(weekday_number(word), anchor, tense)
    else:
        day = anchor + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    value = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return Reading("TIME", value, TimeSpan(day, day, "day"), relative=True)


# Parts of a named weekday that news annotation (TimeBank) mostly dates as the day
# itself: "Friday night" is 1998-10-23, while "Friday evening" keeps its TEV.
_DAY_WIDE = frozenset(["MO", "NI"])


def _part_of_day(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return unanchored("TIME")
    word = (match["day"] or match["after"] or "").lower()
    pod = POD.get((match["pod"] or match["mid"] or "").lower(), "NI")
    if word in WEEKDAY_WORDS:
        day = pick_weekday(weekday_number(word), anchor, tense)
        if pod in _DAY_WIDE and not match["mid"]:
            return day_reading(day, relative=True)
    else:
        day = anchor + timedelta(days={"yesterday": -1, "last": -1, "tomorrow": 1}.get(word, 0))
    return Reading("TIME", f"{day.isoformat()}T{pod}", TimeSpan(day, day, "day"), relative=True)


def _relative(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return unanchored()
    rel = match["rel"].lower().split()[-1]
    unit = match["unit"].lower()
    by = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, -1)
    if unit == "decade":  # "the last decade": the decade before the anchor's, "198"
        first = (anchor.year // 10 + by) * 10
        span = TimeSpan(date(first, 1, 1), date(first + 9, 12, 31), "decade")
        return Reading("DATE", str(first // 10), span, relative=True)
    if unit == "weekend" and rel == "this":
        return _weekend(anchor, tense)
    return moved(anchor, unit, by)


def _weekend(anchor: date, tense: str) -> Reading:
    saturday = pick_weekday(5, anchor, tense)
    if anchor.weekday() == 6 and tense != "future":
        saturday = anchor - timedelta(days=1)
    return week_reading(saturday, relative=True, weekend=True)


def _the_weekend(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return unanchored() if anchor is None else _weekend(anchor, tense)


def _year_end(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    """Read "year-end", "year's end" as "the end of the year": the year's value, and
    December as its interval (the convention of time.py for "the end of")."""
    if anchor is None:
        return unanchored()
    year = anchor.year - (tense == "past" and anchor.month < 12)
    span = TimeSpan(date(year, 12, 1), date(year, 12, 31), "month")
    return Reading("DATE", str(year), span, relative=True)


_DAY_OFFSETS = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                "the day after tomorrow": 2}  # fmt: skip


# The readings of the deictic words that name no day ("now", "recently", "the future").
_REF_READINGS = {value: Reading("DATE", value, UNKNOWN) for value in {*REFS.values(), "PAST_REF"}}


def _deictic(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    word = " ".join(match["word"].lower().split())
    if word in _DAY_OFFSETS:
        if anchor is None:
            return unanchored()
        return day_reading(anchor + timedelta(days=_DAY_OFFSETS[word]), relative=True)
    return _REF_READINGS[REFS.get(word, "PAST_REF")]


def _weekday(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return unanchored()
    rel = (match["rel"] or "").lower()
    day = pick_weekday(weekday_number(match["wd"]), anchor, tense, "" if rel == "this" else rel)
    return day_reading(day, relative=True)


def _set(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if match["adv"]:
        unit = {"daily": "day", "weekly": "week", "monthly": "month", "hourly": "hour"}
        return Reading("SET", duration_value(1, unit.get(match["adv"].lower(), "year")), UNKNOWN)
    unit = match["unit"].lower()
    if unit in WEEKDAY_WORDS:
        return Reading("SET", f"XXXX-WXX-{weekday_number(unit) + 1}", UNKNOWN)
    if unit[:3] in MONTHS:  # "each July": that month of every year
        return Reading("SET", f"XXXX-{month_number(unit):02d}", UNKNOWN)
    count = number(match["num"]) if match["num"] else 1
    return Reading("SET", duration_value(count, unit_key(unit)), UNKNOWN)


def _duration(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    count = number(match["num"])
    half = count is not None and bool(match["frac"] or match["half"])
    value = duration_value(count, unit_key(match["unit"]), half=half)
    return Reading("DURATION", value, UNKNOWN)


def _bare_duration(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    """Read "for years", "within weeks", "over the years", "the weeks ahead" (PXY, PXW)
    and "day-long", "decades-long" (P1D, PXY)."""
    unit = match["unit"] or match["long"] or match["over"] or match["ahead"]
    count = 1 if match["long"] and not unit.endswith("s") else None
    value = duration_value(count, unit_key(unit))
    if match["ahead"] and anchor is not None:  # "the weeks ahead": "the coming weeks"
        return Reading("DURATION", value, coming_span(anchor, unit.lower()), relative=True)
    return Reading("DURATION", value, UNKNOWN)


RESOLVERS: dict[str, Resolver] = {
    "range_md": _range, "range_between": _range, "range_dm": _range,
    "range_year": _range_year, "clock": _clock, "iso": _iso, "numeric": _numeric,
    "mdy": _date_reading,
    "dmy": _date_reading, "century": _century, "decade": _decade,
    "month_year": _month_year, "season": _season, "quarter": _quarter, "qn": _qn,
    "fiscal": _fiscal, "ago": _ago, "part_of_day": _part_of_day,
    "relative": _relative, "the_weekend": _the_weekend, "year_end": _year_end, "deictic": _deictic,
    "weekday": _weekday, "set": _set, "duration": _duration,
    "bare_duration": _bare_duration, "month_rel": _month_rel, "year": _year,
    "holiday": holidays.resolve,
}  # fmt: skip
