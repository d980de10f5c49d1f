"""The patterns of the time tagger: word tables and precompiled regexes.

Each kind of expression has its own pattern with named groups, used to parse a
match. :data:`MASTER` joins them all, in priority order, into one alternation
with the inner groups made non-capturing, so a text is scanned once and
``match.lastgroup`` names the kind. Word tables are standard English calendar
and number vocabulary (source: the Gregorian calendar and TimeML/TIMEX3
guidelines, Pustejovsky et al. 2005, for the value units).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import TimeSpan

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# TIMEX3 duration units; decades and centuries are written in years as TimeBank does.
UNITS = {
    "second": ("T", "S", 1), "minute": ("T", "M", 1), "hour": ("T", "H", 1),
    "day": ("", "D", 1), "week": ("", "W", 1), "fortnight": ("", "W", 2),
    "month": ("", "M", 1), "quarter": ("", "Q", 1), "year": ("", "Y", 1),
    "decade": ("", "Y", 10), "centur": ("", "Y", 100),
}  # fmt: skip
SMALL = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}  # fmt: skip
NUMBERS = {word: i for i, word in enumerate(SMALL)} | TENS | {
    "a": 1, "an": 1, "one": 1, "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
}  # fmt: skip
# Words that introduce a bare season or an ambiguous month name ("May", "March").
PREPOSITIONS = frozenset((
    "in", "since", "until", "till", "by", "from", "through", "during", "last", "this",
    "next", "early", "late", "mid", "of", "before", "after", "to", "and", "or", "between",
    "throughout", "over", "around",
))  # fmt: skip
# Words before a four-digit number that make it a count, not a year.
COUNT_CUES = frozenset((
    "about", "around", "nearly", "almost", "over", "some", "approximately", "roughly",
    "at", "than", "least", "up", "killed", "wounded", "deployed", "sent", "no.", "number",
))  # fmt: skip
ARTICLES = frozenset((
    "the", "in", "of", "since", "by", "until", "till", "from", "for", "'s", "’s", "during",
    "before", "after",
))  # fmt: skip


def _month_words() -> str:
    names = []
    for name in MONTH_NAMES:
        names += [name, name.upper()]
        abbr = "Sept" if name == "September" else name[:3]
        if len(name) > 4:
            names += [abbr + r"\.", abbr, abbr.upper() + r"\.?"]
    names.sort(key=len, reverse=True)
    return r"(?-i:" + "|".join(names) + r")(?![\w])"


MONTH = _month_words()
FULL_MONTH = r"(?-i:" + "|".join(n + "|" + n.upper() for n in MONTH_NAMES) + r")\b"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
YEAR = r"(?:1[89]\d\d|20\d\d)(?![\w])"
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![\w])"
_SMALL = "|".join(sorted(SMALL[1:], key=len, reverse=True))
NUM = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:[- ](?:{_SMALL}))?|{_SMALL}|a\s+couple\s+of|couple\s+of|a\s+dozen|a\s+few|"
    r"few|several|many|dozens\s+of|an?)"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
    r"decades?|century|centuries)(?![\w])"
)
PLAIN_UNIT = r"(?:week|weekend|month|year|decade|quarter)"
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_CONNECT = r"\s*(?:-|–|—|to|through|till|until)\s*"

# Kinds in priority order: the first alternative that matches at a position wins.
KINDS: dict[str, str] = {
    "iso": r"(?P<year>(?:1[89]|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b",
    "range_md": (
        rf"(?P<m1>{MONTH})\s+(?P<d1>{DAY}){_CONNECT}(?:(?P<m2>{MONTH})\s+)?(?P<d2>{DAY})"
        rf"(?:,?\s+(?P<year>{YEAR}))?"
    ),
    "range_between": (
        rf"(?P<m1>{MONTH})\s+(?P<d1>{DAY})\s+and\s+(?:(?P<m2>{MONTH})\s+)?"
        rf"(?P<d2>{DAY})(?:,?\s+(?P<year>{YEAR}))?"
    ),
    "range_dm": (
        rf"(?P<d1>{DAY})(?:{_CONNECT}|\s+and\s+)(?P<d2>{DAY})\s+(?:of\s+)?(?P<m1>{MONTH})"
        rf"(?:,?\s+(?P<year>{YEAR}))?"
    ),
    "range_year": rf"(?P<y1>{YEAR})\s*[-–]\s*(?P<y2>{YEAR}|\d\d(?![\w]))",
    "numeric": rf"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>{YEAR})",
    "mdy": (
        rf"(?:{WEEKDAY},?\s+)?(?P<month>{MONTH})\s+(?P<day>{DAY})(?!\s*[:.]\d)"
        rf"(?:,?\s+(?P<year>{YEAR}))?"
    ),
    "dmy": (
        rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})"
        rf"(?:,?\s+(?P<year>{YEAR}))?"
    ),
    "modified": (
        r"(?P<mod>(?:the\s+)?(?:very\s+)?(?:early|mid|late)|earlier|later|"
        r"(?:the\s+)?(?:beginning|start|middle|end|turn)\s+of|"
        r"(?:the\s+)?(?:first|second|latter|last)\s+half\s+of)[\s-]+(?:in\s+)?"
        rf"(?P<inner>(?:{MONTH})(?:,?\s+{YEAR})?|(?:the\s+)?(?:1[89]|20)\d0'?s|{YEAR}|"
        rf"(?:last|this|next|the|the\s+same)\s+{PLAIN_UNIT}|{WEEKDAY}|today|yesterday|"
        rf"tomorrow|(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of\s+{YEAR})?)"
    ),
    "decade": r"(?:the\s+)?(?P<decade>(?:1[89]|20)\d0)'?s(?![\w])",
    "month_year": rf"(?P<month>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})",
    "season": (
        r"(?:(?P<rel>this|last|next|past|coming|the)\s+)?"
        r"(?P<season>spring|summer|autumn|fall|winter)(?![\w])"
        rf"(?:(?:\s+of)?,?\s+(?P<year>{YEAR}))?"
    ),
    "quarter": (
        r"(?:the\s+)?(?:(?P<rel>this|last|next|past|latest|current|coming|previous|"
        rf"most\s+recent)\s+)?(?:fiscal[\s-]+)?(?:(?P<ord>{ORDINAL})[\s-]+)?quarter(?![\w])"
        rf"(?:\s+of\s+(?:(?P<year>{YEAR})|(?P<yrel>this|last|next)\s+year))?"
    ),
    "qn": rf"(?-i:Q(?P<qn>[1-4]))(?:\s+|-|/)?(?P<year>{YEAR})",
    "fiscal": rf"(?:fiscal|FY)\s*(?:year\s+)?(?P<year>{YEAR})",
    "ago": rf"(?:(?P<num>{NUM})[\s-]+)?(?P<unit>{UNIT})\s+ago(?![\w])",
    "part_of_day": (
        rf"(?P<day>yesterday|tomorrow|today|this|last|{WEEKDAY})\s+"
        r"(?P<pod>morning|afternoon|evening|night)(?![\w])|tonight(?![\w])|overnight(?![\w])"
    ),
    "coming": (
        r"(?:the\s+)?(?:coming|next\s+few|upcoming|following)\s+(?P<unit>days|weeks|months|"
        r"years)(?![\w])"
    ),
    "relative": (
        r"(?P<rel>this|last|next|past|previous|coming|current|the\s+past|the\s+previous|"
        rf"the\s+coming|the\s+current)\s+(?P<unit>{PLAIN_UNIT})(?![\w])"
    ),
    "the_weekend": r"the\s+weekend(?![\w])",
    "deictic": (
        r"(?P<word>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
        r"the\s+day\s+after\s+tomorrow|now|currently|nowadays|recently|lately|"
        r"the\s+future|the\s+past|"
        r"recent\s+(?:years|months|weeks|days))(?![\w])"
    ),
    "weekday": rf"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{WEEKDAY})",
    "set": (
        rf"(?:every|each)\s+(?:(?P<num>{NUM})\s+)?(?P<unit>{UNIT}|{WEEKDAY})|"
        r"(?P<adv>daily|weekly|monthly|annually|yearly|hourly)(?![\w])"
    ),
    "duration": (
        r"(?:the\s+(?:(?P<pre>first|last|past|next|previous|coming)\s+)?)?"
        rf"(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})(?![\s-]+old)"
    ),
    "bare_duration": r"(?<=for\s)(?P<unit>years|months|weeks|days|decades|hours)(?![\w])",
    "month_rel": rf"(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<month>{FULL_MONTH})",
    "year": rf"(?:in\s+the\s+year\s+)?(?P<year>{YEAR})(?!\s*[-–]\s*\d|['’]?s\b|,\d|\.\d|%)",
}

_GROUP = re.compile(r"\(\?P<\w+>")
_FLAGS = re.IGNORECASE
PATTERNS = {kind: re.compile(pattern, _FLAGS) for kind, pattern in KINDS.items()}
MASTER = re.compile(
    r"(?<![\w$£€#/.+-])(?:"
    + "|".join(f"(?P<{kind}>{_GROUP.sub('(?:', p)})" for kind, p in KINDS.items())
    + ")",
    _FLAGS,
)
# Head words: every expression holds one of these or a number, so only the few words
# before a head word need trying as the start of a match.
HEADS = frozenset(
    [name.lower() for name in MONTH_NAMES]
    + [*MONTHS, "sept", "fy", "fiscal", "quarter", "quarters", "weekend", "weekends"]
    + [day + "day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")]
    + [unit + suffix for unit in ("second", "minute", "hour", "day", "week", "fortnight",
                                  "month", "year", "decade") for suffix in ("", "s")]
    + ["century", "centuries", "today", "yesterday", "tomorrow", "tonight", "overnight",
       "now", "currently", "nowadays", "recently", "lately", "future", "past", "recent",
       "spring", "summer", "autumn", "fall", "winter", "daily", "weekly", "monthly",
       "annually", "yearly", "hourly", "morning", "afternoon", "evening", "night"]
)  # fmt: skip
_WEEKDAY_LIST = [day + "day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")]
_NUMBER_WORDS = [*SMALL[1:], *TENS, "a", "an", "few", "several", "many", "dozens", "hundreds",
                 "couple"]  # fmt: skip
_MONTH_WORDS = [*(name.lower() for name in MONTH_NAMES), *MONTHS, "sept"]
_REL = ["this", "last", "next", "past", "coming", "previous", "current", "the"]
# The words an expression of each kind can start with ("#": a token with a digit).
_STARTS: dict[str, list[str]] = {
    "iso": ["#"], "range_md": _MONTH_WORDS, "range_between": _MONTH_WORDS,
    "range_dm": ["#"], "range_year": ["#"], "numeric": ["#"],
    "mdy": _MONTH_WORDS + _WEEKDAY_LIST, "dmy": ["#", "the", *_WEEKDAY_LIST],
    "modified": ["the", "very", "early", "mid", "late", "earlier", "later", "beginning",
                 "start", "middle", "end", "turn", "first", "second", "latter", "last"],
    "decade": ["#", "the"], "month_year": _MONTH_WORDS,
    "season": [*_REL, *SEASONS], "quarter": [*_REL, "latest", "most", "fiscal", "quarter",
                                           "first", "second", "third", "fourth", "#"],
    "qn": ["#"], "fiscal": ["fiscal", "fy", "#"], "ago": ["#", *_NUMBER_WORDS, *UNITS, "centuries",
                                                         *(u + "s" for u in UNITS)],
    "part_of_day": ["yesterday", "tomorrow", "today", "this", "last", "tonight", "overnight",
                    *_WEEKDAY_LIST],
    "coming": ["the", "coming", "next", "upcoming", "following"],
    "relative": _REL, "the_weekend": ["the"],
    "deictic": ["today", "yesterday", "tomorrow", "the", "now", "currently", "nowadays",
                "recently", "lately", "recent"],
    "weekday": [*_REL, *_WEEKDAY_LIST],
    "set": ["every", "each", "daily", "weekly", "monthly", "annually", "yearly", "hourly"],
    "duration": ["the", "#", *_NUMBER_WORDS],
    "bare_duration": ["years", "months", "weeks", "days", "decades", "hours"],
    "month_rel": [*_REL, *_MONTH_WORDS], "year": ["#", "in"],
}  # fmt: skip
STARTS: dict[str, tuple[str, ...]] = {}
for _kind in KINDS:
    for _word in _STARTS[_kind]:
        STARTS[_word] = (*STARTS.get(_word, ()), _kind)
WORD = re.compile(r"\w+")
LOOKBACK = 4
FUTURE_CUES = re.compile(
    r"\b(?:will|shall|won't|'ll|going\s+to|would|plans?\s+to|scheduled\s+to|expected\s+to|"
    r"is\s+to|are\s+to)\b",
    _FLAGS,
)
PLURAL_NEXT = re.compile(r"\s+([a-z]+s)\b")
WORD_BEFORE = re.compile(r"([\w.'’]+)\W*$")


def number(word: str) -> int | None:
    """Return the value of a number written in digits or words; None when vague."""
    word = " ".join(word.lower().replace("-", " ").split())
    if word.replace(".", "", 1).isdigit():
        return round(float(word))
    if word in NUMBERS:
        return NUMBERS[word]
    parts = word.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in NUMBERS:
        return TENS[parts[0]] + NUMBERS[parts[1]]
    return None


def month_number(word: str) -> int:
    """Return 1–12 for a month name or abbreviation."""
    return MONTHS[word[:3].lower()]


def weekday_number(word: str) -> int:
    """Return 0 (Monday) to 6 (Sunday) for a weekday name."""
    return WEEKDAYS[word[:3].lower()]


def unit_key(word: str) -> str:
    """Return the :data:`UNITS` key of a unit word such as "months" or "centuries"."""
    word = word.lower()
    if word.startswith("centur"):
        return "centur"
    return word[:-1] if word.endswith("s") else word


# Resolution: each kind's match becomes a Reading (see the conventions in time.py).


@dataclass(frozen=True, slots=True)
class Reading:
    """What a matched expression means: TIMEX3 type and value, interval, anchoring."""

    type: str
    value: str | None
    span: TimeSpan
    relative: bool = False


UNKNOWN = TimeSpan(None, None, "unknown")
Resolver = Callable[[re.Match[str], date | None, str], "Reading | None"]
POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
COMING = {"days": (10, 0, "week"), "weeks": (42, 0, "month"), "months": (0, 6, "year"),
          "years": (0, 36, "decade")}  # fmt: skip
FINER = {"year": "quarter", "month": "week", "decade": "year", "quarter": "month"}
REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "the future": "FUTURE_REF",
}  # fmt: skip


def _unanchored(kind: str = "DATE") -> Reading:
    return Reading(kind, None, UNKNOWN, relative=True)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day_reading(day: date, *, relative: bool) -> Reading:
    """Return the reading of one calendar day."""
    return Reading("DATE", day.isoformat(), TimeSpan(day, day, "day"), relative)


def month_reading(year: int, month: int, *, relative: bool) -> Reading:
    """Return the reading of one calendar month."""
    span = TimeSpan(date(year, month, 1), date(year, month, _last_day(year, month)), "month")
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
        date(year, first, 1), date(year, first + 2, _last_day(year, first + 2)), "quarter"
    )
    return Reading("DATE", f"{year}-Q{quarter}", span, relative)


def season_span(year: int, code: str) -> TimeSpan:
    """Return the meteorological season ``code`` (SP, SU, FA, WI) of ``year``."""
    if code == "WI":
        return TimeSpan(date(year, 12, 1), date(year + 1, 2, _last_day(year + 1, 2)), "season")
    first = {"SP": 3, "SU": 6, "FA": 9}[code]
    return TimeSpan(
        date(year, first, 1), date(year, first + 2, _last_day(year, first + 2)), "season"
    )


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by whole months, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _last_day(year, month + 1)))


def pick_year(month: int, anchor: date, tense: str) -> int:
    """Return the year of a month named without one, as the tense points from ``anchor``."""
    if tense == "past":
        return anchor.year - 1 if month > anchor.month else anchor.year
    if tense == "future":
        return anchor.year + 1 if month < anchor.month else anchor.year
    candidates = (anchor.year - 1, anchor.year, anchor.year + 1)
    return min(candidates, key=lambda y: abs((y * 12 + month) - (anchor.year * 12 + anchor.month)))


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


def _date_reading(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    month = month_number(match["month"])
    day = int(re.sub(r"\D", "", match["day"]))
    if match["year"]:
        return day_reading(date(int(match["year"]), month, day), relative=False)
    if anchor is None:
        return _unanchored()
    return day_reading(date(pick_year(month, anchor, tense), month, day), relative=True)


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
    first_day, last_day = (int(re.sub(r"\D", "", match[g])) for g in ("d1", "d2"))
    if match["year"]:
        year, relative = int(match["year"]), False
    elif anchor is None:
        return _unanchored()
    else:
        year, relative = pick_year(first_month, anchor, tense), True
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


def _month_year(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return month_reading(int(match["year"]), month_number(match["month"]), relative=False)


def _month_rel(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return _unanchored()
    month, rel = month_number(match["month"]), (match["rel"] or "").lower()
    if rel in ("last", "past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year if rel == "this" else pick_year(month, anchor, tense)
    return month_reading(year, month, relative=True)


def _year(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return year_reading(int(match["year"]), relative=False)


def _fiscal(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return year_reading(int(match["year"]), relative=False)


def _decade(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    first = int(match["decade"])
    span = TimeSpan(date(first, 1, 1), date(first + 9, 12, 31), "decade")
    return Reading("DATE", str(first // 10), span)


def _season(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    code = SEASONS[match["season"].lower()]
    if match["year"]:
        year = int(match["year"])
        return Reading("DATE", f"{year}-{code}", season_span(year, code))
    if anchor is None:
        return _unanchored()
    rel = (match["rel"] or "").lower()
    spans = [season_span(year, code) for year in range(anchor.year - 2, anchor.year + 2)]
    if rel in ("last", "past"):
        span = [s for s in spans if s.end < anchor][-1]
    elif rel in ("next", "coming"):
        span = next(s for s in spans if s.start > anchor)
    elif tense == "future":
        span = next(s for s in spans if s.end >= anchor)
    else:
        span = [s for s in spans if s.start <= anchor][-1]
    return Reading("DATE", f"{span.start.year}-{code}", span, relative=True)


def _quarter_of(anchor: date) -> tuple[int, int]:
    return anchor.year, (anchor.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def _quarter(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    ordinal = match["ord"]
    number_ = "1234".index(ordinal[0]) + 1 if ordinal and ordinal[0].isdigit() else None
    if ordinal and number_ is None:
        number_ = ("first", "second", "third", "fourth").index(ordinal.lower()) + 1
    if match["year"] and number_:
        return quarter_reading(int(match["year"]), number_, relative=False)
    if anchor is None:
        return _unanchored()
    year, current = _quarter_of(anchor)
    if number_:
        year += {"last": -1, "next": 1}.get((match["yrel"] or "").lower(), 0)
        if not match["yrel"] and tense == "past" and number_ > current:
            year -= 1
        return quarter_reading(year, number_, relative=True)
    rel = (match["rel"] or "").lower()
    by = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, -1)
    return quarter_reading(*_shift_quarter(year, current, by), relative=True)


def _qn(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return quarter_reading(int(match["year"]), int(match["qn"]), relative=False)


def _moved(anchor: date, unit: str, by: int) -> Reading:
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
        return quarter_reading(*_shift_quarter(*_quarter_of(anchor), by), relative=True)
    years = by * {"decade": 10, "centur": 100}.get(unit, 1)
    return year_reading(anchor.year + years, relative=True)


def _ago(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    count = number(match["num"]) if match["num"] else None
    if count is None:
        return Reading("DATE", "PAST_REF", UNKNOWN)
    if anchor is None:
        return _unanchored()
    return _moved(anchor, unit_key(match["unit"]), -count)


def _part_of_day(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return _unanchored("TIME")
    word = (match["day"] or "").lower()
    pod = POD.get((match["pod"] or "").lower(), "NI")
    if word in WEEKDAY_WORDS:
        day = pick_weekday(weekday_number(word), anchor, tense)
    else:
        day = anchor + timedelta(days={"yesterday": -1, "last": -1, "tomorrow": 1}.get(word, 0))
    return Reading("TIME", f"{day.isoformat()}T{pod}", TimeSpan(day, day, "day"), relative=True)


def _coming(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return _unanchored()
    days, months, granularity = COMING[match["unit"].lower()]
    end = add_months(anchor, months) if months else anchor + timedelta(days=days)
    span = TimeSpan(anchor + timedelta(days=1), end, granularity)
    return Reading("DATE", "FUTURE_REF", span, relative=True)


def _relative(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return _unanchored()
    rel = match["rel"].lower().split()[-1]
    unit = match["unit"].lower()
    by = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, -1)
    if unit == "weekend" and rel == "this":
        return _weekend(anchor, tense)
    return _moved(anchor, unit, by)


def _weekend(anchor: date, tense: str) -> Reading:
    saturday = pick_weekday(5, anchor, tense)
    if anchor.weekday() == 6 and tense != "future":
        saturday = anchor - timedelta(days=1)
    return week_reading(saturday, relative=True, weekend=True)


def _the_weekend(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return _unanchored() if anchor is None else _weekend(anchor, tense)


def _deictic(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    word = " ".join(match["word"].lower().split())
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}  # fmt: skip
    if word in offsets:
        if anchor is None:
            return _unanchored()
        return day_reading(anchor + timedelta(days=offsets[word]), relative=True)
    return Reading("DATE", REFS.get(word, "PAST_REF"), UNKNOWN)


def _weekday(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if anchor is None:
        return _unanchored()
    rel = (match["rel"] or "").lower()
    day = pick_weekday(weekday_number(match["wd"]), anchor, tense, "" if rel == "this" else rel)
    return day_reading(day, relative=True)


def duration_value(count: int | None, unit: str) -> str:
    """Return the TIMEX3 duration value of ``count`` units, such as "P3M" or "PT2H"."""
    time_part, letter, factor = UNITS[unit]
    amount = "X" if count is None else str(count * factor)
    return f"P{time_part}{amount}{letter}"


def _set(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    if match["adv"]:
        unit = {"daily": "day", "weekly": "week", "monthly": "month", "hourly": "hour"}
        return Reading("SET", duration_value(1, unit.get(match["adv"].lower(), "year")), UNKNOWN)
    unit = match["unit"].lower()
    if unit in WEEKDAY_WORDS:
        return Reading("SET", f"XXXX-WXX-{weekday_number(unit) + 1}", UNKNOWN)
    count = number(match["num"]) if match["num"] else 1
    return Reading("SET", duration_value(count, unit_key(unit)), UNKNOWN)


def _duration(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    count = number(match["num"])
    return Reading("DURATION", duration_value(count, unit_key(match["unit"])), UNKNOWN)


def _bare_duration(match: re.Match[str], anchor: date | None, tense: str) -> Reading:
    return Reading("DURATION", duration_value(None, unit_key(match["unit"])), UNKNOWN)


WEEKDAY_WORDS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
))  # fmt: skip
RESOLVERS: dict[str, Resolver] = {
    "range_md": _range, "range_between": _range, "range_dm": _range,
    "range_year": _range_year, "iso": _iso, "numeric": _numeric, "mdy": _date_reading,
    "dmy": _date_reading, "decade": _decade,
    "month_year": _month_year, "season": _season, "quarter": _quarter, "qn": _qn,
    "fiscal": _fiscal, "ago": _ago, "part_of_day": _part_of_day, "coming": _coming,
    "relative": _relative, "the_weekend": _the_weekend, "deictic": _deictic,
    "weekday": _weekday, "set": _set, "duration": _duration,
    "bare_duration": _bare_duration, "month_rel": _month_rel, "year": _year,
}  # fmt: skip
