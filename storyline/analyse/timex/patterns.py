"""The patterns of the time tagger: one precompiled regex per kind of expression.

Each kind has its own pattern with named groups, used to parse a match.
:data:`MASTER` joins them all, in priority order, into one alternation with the
inner groups made non-capturing, so ``match.lastgroup`` names the kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyline.analyse.timex import holidays
from storyline.analyse.timex.compiling import compile_fast, kind_alternation
from storyline.analyse.timex.vocab import (
    CENTURY_ORDINALS,
    DECADE_WORDS,
    MONTH_NAMES,
    MONTHS,
    SEASONS,
    SMALL,
    TENS,
    UNITS,
)


def _guard(words: Iterable[str]) -> str:
    """Return a lookahead on the first letters of ``words``, to put before an alternation
    whose every alternative starts with one of them.

    Python's regex engine tries every alternative in turn; the lookahead lets it fail
    at once where none can start. It fails only where every alternative fails, so
    matches are unchanged.
    """
    return f"(?=[{''.join(sorted({word[0] for word in words}))}])"


def _one_of(words: Iterable[str]) -> str:
    """Return the alternation of ``words`` (each starting with a letter) behind its guard."""
    words = list(words)
    return f"{_guard(words)}(?:{'|'.join(words)})"


def _month_words() -> str:
    names = []
    for name in MONTH_NAMES:
        names += [name, name.upper()]
        abbr = "Sept" if name == "September" else name[:3]
        if len(name) > 4:
            names += [abbr + r"\.", abbr, abbr.upper() + r"\.?"]
    names.sort(key=len, reverse=True)
    return rf"(?-i:{_one_of(names)})(?![\w])"


MONTH = _month_words()
FULL_MONTH = rf"(?-i:{_one_of(w for n in MONTH_NAMES for w in (n, n.upper()))})\b"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
YEAR = r"(?:1[89]\d\d|20\d\d)(?![\w])"
_WEEKDAY_LIST = [day + "day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")]
WEEKDAY = rf"{_one_of(_WEEKDAY_LIST)}(?![\w])"
_SMALL = "|".join(sorted(SMALL[1:], key=len, reverse=True))
_FREQUENCY = rf"(?:once|twice|thrice|(?:\d+|{_SMALL})\s+times)"
_NUM_GUARD = _guard([*TENS, *SMALL[1:], "a", "couple", "few", "several", "many", "dozens"])
NUM = (
    rf"(?:\d+(?:\.\d+)?|{_NUM_GUARD}"
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_SMALL}))?|"
    rf"{_SMALL}|a\s+couple\s+of|couple\s+of|a\s+dozen|a\s+few|few|several|many|dozens\s+of|an?))"
    r"(?:\s+hundred)?"
)
_UNITS = (
    r"seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|"
    r"century|centuries"
)
UNIT = rf"{_one_of(_UNITS.split('|'))}(?![\w])"
PLURAL_UNIT = r"(?:seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)"
PLAIN_UNIT = r"(?:week|weekend|month|year|decade|quarter)"
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_HEDGES = (
    r"nearly|almost|about|around|roughly|approximately|some|only|just|more\s+than|"
    r"less\s+than|fewer\s+than|over|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than"
)
APPROX = rf"(?:{_one_of(_HEDGES.split('|'))}\s+)?"
# A duration's span leaves out the focus particles "only" and "just" ("only six
# months"), which say nothing of its length; TimeBank tags "six months".
_FOCUS = ("only", "just")
_DURATION_HEDGES = [hedge for hedge in _HEDGES.split("|") if hedge not in _FOCUS]
DURATION_APPROX = rf"(?:{_one_of(_DURATION_HEDGES)}\s+)?"
SPELLED_YEAR = (
    r"nineteen[\s-](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|"
    r"two\s+thousand(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?"
)
_CENTURY_ORDINAL = _one_of(sorted(CENTURY_ORDINALS, key=len, reverse=True))
_DECADE_WORD = _one_of(DECADE_WORDS)
# What a count of units can take after it: a half ("2 1/2 years", "a year and a half")
# and "more" ("20 more years"), which the duration's value leaves out.
_HALF = r"(?P<frac>\s+1/2|\s*½|\s+and\s+a\s+half)?"
_MORE = r"(?:(?:more|additional|extra|further|trading|business|working)\s+)?"
_BARE_UNITS = r"(?:years|months|weeks|days|decades|hours|minutes|centuries)"
# A year in digits or, in transcripts, in words ("January nineteen ninety-seven").
_ANY_YEAR = rf"(?:(?P<year>{YEAR})|(?P<spelled>{SPELLED_YEAR})(?![\w-]))"
# "a week or so ago", "the next two years or so": a hedge TimeML keeps in the span.
_OR_SO = r"(?:\s+or\s+so(?![\w]))?"
# A time zone, or the words that mark a 24-hour time ("0300 hours", "local time").
_ZONE = r"(?:(?-i:[ECMP][SD]T|GMT|UTC)|local\s+time|hours|hrs)(?![\w])"
_CONNECT = r"\s*(?:-|–|—|to|through|till|until)\s*"

# Kinds in priority order: the first alternative that matches at a position wins.
KINDS: dict[str, str] = {
    "iso": r"(?P<year>(?:1[89]|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b",
    "clock": (
        r"(?:(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?m\.?(?![\w])|"
        r"(?P<word>noon|midnight|midday)(?![\w])|"
        # A 24-hour time only with its zone: "0300 GMT", "14:30 local time".
        rf"(?P<h24>[01]\d|2[0-3]):?(?P<m24>[0-5]\d)(?=\s*{_ZONE}))"
        rf"(?:\s*{_ZONE})?"
        rf"(?:,?\s+(?:on\s+)?(?:(?P<day>today|yesterday|tomorrow|{WEEKDAY})|"
        rf"(?P<month>{MONTH})\s+(?P<date>{DAY})))?"
    ),
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
    # "the week of March 6": the ISO week that holds the day.
    "week_of": rf"(?:the\s+)?week\s+of\s+(?P<inner>(?:{MONTH})\s+{DAY}(?:,?\s+{YEAR})?)",
    # "the day before last Tuesday", "the day after March 5": a day from the day named.
    "day_shift": (
        r"(?:the\s+)?day\s+(?P<dir>before|after)\s+(?P<inner>"
        rf"{MONTH}\s+{DAY}(?:,?\s+{YEAR})?|(?:(?:last|next|this)\s+)?{WEEKDAY})(?![\w])"
    ),
    "modified": (
        r"(?P<mod>(?:the\s+)?(?:very\s+)?(?:early|mid|late)|earlier|later|"
        r"(?:the\s+)?(?:beginning|start|middle|end|turn)\s+of|"
        r"(?:the\s+)?(?:first|second|latter|last)\s+half\s+of)[\s-]+(?:in\s+)?"
        rf"(?P<inner>(?:{MONTH})(?:,?\s+{YEAR})?|(?:the\s+)?(?:1[89]|20)\d0'?s|the\s+['’]\d0s|{YEAR}|"
        rf"(?:last|this|next|the|the\s+same)\s+{PLAIN_UNIT}|{WEEKDAY}|today|yesterday|"
        rf"tomorrow|(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of\s+{YEAR})?)"
    ),
    "century": (
        rf"(?:the\s+)?(?P<ord>(?:[1-9]|1\d|2[01])(?:st|nd|rd|th)|{_CENTURY_ORDINAL})"
        r"[\s-]+century(?![\w])"
    ),
    "decade": (
        r"(?:the\s+)?(?P<decade>(?:1[89]|20)\d0)'?s(?![\w])|"
        rf"the\s+(?:(?P<spelled>{_DECADE_WORD})|['’](?P<short>\d)0s)(?![\w])"
    ),
    "month_year": rf"(?P<month>{MONTH})(?:\s+of)?,?\s+{_ANY_YEAR}",
    "season": (
        r"(?:(?P<rel>this|last|next|past|coming|the)\s+)?"
        r"(?P<season>spring|summer|autumn|fall|winter)(?![\w])"
        rf"(?:(?:\s+of)?,?\s+{_ANY_YEAR})?"
    ),
    # "the corresponding period last year", "the quarter a year ago": the period compared.
    "period_ago": (
        r"(?:the\s+)?(?:(?:corresponding|comparable|same)\s+(?:period|quarter)\s+(?:of\s+)?"
        r"last\s+year|quarter\s+a\s+year\s+(?:ago|earlier))(?![\w])"
    ),
    "quarter": (
        r"(?:the\s+)?(?:(?P<rel>this|last|next|past|latest|current|coming|previous|"
        rf"most\s+recent)\s+)?(?:fiscal[\s-]+)?(?:(?P<ord>{ORDINAL})[\s-]+)?quarter(?![\w]|-to-)"
        rf"(?:\s+of\s+(?:(?P<year>{YEAR})|(?P<yrel>this|last|next)\s+year))?"
    ),
    # "Q3 2012", "Q4", "H1 2012": a quarter or a half, of the year named or the anchor's.
    "qn": rf"(?-i:(?P<qn>Q[1-4]|H[12]))(?:(?:\s+|-|/)?(?P<year>{YEAR}))?(?![\w])",
    "fiscal": rf"(?:fiscal|FY)\s*(?:year\s+)?(?P<year>{YEAR})",
    "ago": rf"{APPROX}(?:(?P<num>{NUM})[\s-]+)?(?P<unit>{UNIT}){_OR_SO}\s+ago(?![\w])",
    # "three days later": TimeBank tags the duration, and "later" is its signal.
    "lapse": (
        rf"{APPROX}(?P<num>{NUM})[\s-]+(?P<unit>(?:second|minute|hour|day)s?)"
        r"(?=[\s-]+(?P<dir>earlier|later)(?![\w]))"
    ),
    "shifted": rf"{APPROX}(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})[\s-]+(?P<dir>earlier|later)(?![\w])",
    "year_quarter": (
        rf"(?:the\s+)?(?:(?P<yrel>this|last|next)\s+year['’]s|(?P<year>{YEAR}))\s+"
        rf"(?:fiscal\s+)?(?:(?P<ord>{ORDINAL})[\s-]+)?(?:fiscal\s+)?(?P<noun>quarter|period)"
        r"(?![\w-])"
    ),
    "year_end": r"(?:the\s+)?year(?:['’]s)?[\s-]end(?![\w-])",
    "year_ago": (
        r"(?:the\s+)?(?:comparable\s+|same\s+)?(?P<unit>year|quarter|month)[\s-](?:earlier|ago)"
        rf"(?:\s+(?:(?P<ord>{ORDINAL})[\s-]+)?(?P<noun>quarter|period)|"
        rf"\s+(?P<num>{NUM})\s+(?P<plural>months|quarters))?(?![\w])"
    ),
    "past_units": (
        r"(?:the\s+)?(?P<rel>past|last|next|coming|previous|first|recent|upcoming|following)\s+"
        rf"(?:(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})|(?P<plural>{PLURAL_UNIT})){_OR_SO}(?![\w-])"
    ),
    "spelled_year": rf"(?:the\s+year\s+)?(?P<spelled>{SPELLED_YEAR})(?![\w-])",
    "anaphoric": (
        r"(?P<det>that|the\s+same|the\s+following|the\s+latest|the\s+full|the)\s+"
        r"(?:fiscal\s+)?(?P<noun>year|quarter|period)(?![\w-]|\s+\d)"  # not "the year 2000"
        # A fiscal year "ended Sept. 30": the verb is left out of the span, as TimeML does.
        r"(?:(?=\s+(?:ended|ending|ends)(?![\w]))(?P<ended>)|(?P<to_date>\s+to\s+date))?"
    ),
    # "that day", "the next morning", "the following month", "the previous Friday":
    # TimeML anchors them on the reference time, the last day or month the text named.
    "day_anaphor": (
        r"(?:(?P<det>that(?:\s+same)?|the\s+same|the\s+following|the\s+next|the\s+previous)\s+"
        r"(?P<noun>day|morning|afternoon|evening|night)|"
        r"(?P<month_det>that|the\s+same|the\s+following)\s+month|"
        rf"(?P<wd_det>the\s+following|the\s+previous|the\s+preceding)\s+(?P<wd>{WEEKDAY}))"
        r"(?![\w'’-])"
    ),
    "part_of_day": (
        rf"(?P<day>yesterday|tomorrow|today|this|last|{WEEKDAY})\s+"
        r"(?P<pod>morning|afternoon|evening|night)(?![\w])|tonight(?![\w])|"
        r"(?:overnight|mid[\s-]?(?P<mid>morning|afternoon|evening))(?![\w])"
        rf"(?:\s+(?P<after>yesterday|tomorrow|today|{WEEKDAY}))?"
    ),
    "relative": (
        r"(?P<rel>this|last|next|past|previous|coming|current|the\s+past|the\s+previous|"
        rf"the\s+coming|the\s+current)\s+(?:fiscal\s+)?(?P<unit>{PLAIN_UNIT}){_OR_SO}(?![\w])"
    ),
    "the_weekend": r"the\s+weekend(?![\w])",
    "deictic": (
        r"(?P<word>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
        r"the\s+day\s+after\s+tomorrow|now|currently|nowadays|recently|lately|"
        r"the\s+(?:near\s+)?future|the\s+(?:near|short)\s+term|the\s+past|current|recent|"
        r"these\s+days|soon|"
        # "will one day be": an indefinite future, not the duration of a day.
        r"(?:(?<=will\s)|(?<=would\s)|(?<=could\s)|(?<=might\s)|(?<=may\s)|(?<=can\s))"
        r"one\s+day)"
        r"(?![\w-])"
    ),
    "weekday": rf"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{WEEKDAY})",
    # "every two weeks", "each July", "twice a week" (TimeML: P1W, with a frequency).
    "set": (
        rf"(?:(?:every|each)\s+(?:(?P<num>{NUM})\s+)?|{_FREQUENCY}\s+(?:a|an|per|each|every)\s+)"
        rf"(?P<unit>{UNIT}|{WEEKDAY}|{FULL_MONTH})|"
        r"(?P<adv>daily|weekly|monthly|annually|yearly|hourly)(?![\w])"
    ),
    # "the nine months": TimeBank keeps the article of a definite duration in its span.
    "duration": (
        rf"(?:the\s+(?:latest\s+)?)?{DURATION_APPROX}(?P<num>{NUM}){_HALF}[\s-]+{_MORE}(?P<unit>{UNIT})"
        r"(?P<half>\s+and\s+a\s+half)?(?![\s-]+old|-long)"
    ),
    "bare_duration": (
        # "for years", "within weeks", "the first time in years" (PXY).
        rf"(?:(?<=for\s)|(?<=in\s))(?P<unit>{_BARE_UNITS})(?![\w])"
        rf"(?:\s+or\s+{_BARE_UNITS}(?![\w]))?|"
        r"(?P<long>(?:minute|hour|day|week|month|year|decade)s?)-long(?![\w-])|"
        # "over the years", "in the weeks ahead": an unspecified stretch of time.
        rf"(?:(?<=over\s)the\s+(?P<over>{_BARE_UNITS})|the\s+(?P<ahead>{_BARE_UNITS})"
        r"\s+ahead)(?![\w])"
    ),
    "month_rel": (
        rf"(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<month>{FULL_MONTH})"
        r"(?:\s+(?P<yrel>last|this|next)\s+year(?![\w'’]))?"
    ),
    # "post-1959": TimeML values the year and puts "after" in the MOD attribute.
    "year": (
        rf"(?:the\s+year\s+|(?P<bound>pre|post)-)?(?P<year>{YEAR})"
        r"(?!\s*[-–]\s*\d|['’]?s\b|,\d|\.\d|%)"
    ),
    "holiday": holidays.PATTERN,
}

_GROUP = re.compile(r"\(\?P<\w+>")
_FLAGS = re.IGNORECASE
PATTERNS = {kind: compile_fast(pattern, _FLAGS) for kind, pattern in KINDS.items()}
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
       "now", "currently", "nowadays", "recently", "lately", "future", "past", "recent", "soon",
       "spring", "summer", "autumn", "fall", "winter", "daily", "weekly", "monthly",
       "annually", "yearly", "hourly", "morning", "afternoon", "evening", "night",
       "current", "period", "term", "nineteen", "thousand", "noon", "midnight", "midday",
       "thanksgiving", "christmas", "easter", "eve", *DECADE_WORDS]
)  # fmt: skip
_NUMBER_WORDS = [*SMALL[1:], *TENS, "a", "an", "few", "several", "many", "dozens", "hundreds",
                 "couple"]  # fmt: skip
_MONTH_WORDS = [*(name.lower() for name in MONTH_NAMES), *MONTHS, "sept"]
_COUNT_START = ["#", *_NUMBER_WORDS, *UNITS, "centuries", *(u + "s" for u in UNITS)]
_APPROX_WORDS = ["nearly", "almost", "about", "around", "roughly", "approximately", "some",
                 "only", "just", "more", "less", "fewer", "over", "under", "at", "up", "no",
                 *_COUNT_START]  # fmt: skip
_REL = ["this", "last", "next", "past", "coming", "previous", "current", "the"]
# The words an expression of each kind can start with ("#": a token with a digit).
_STARTS: dict[str, list[str]] = {
    "iso": ["#"], "clock": ["#", "noon", "midnight", "midday"], "range_md": _MONTH_WORDS,
    "range_between": _MONTH_WORDS,
    "range_dm": ["#"], "range_year": ["#"], "numeric": ["#"],
    "mdy": _MONTH_WORDS + _WEEKDAY_LIST, "dmy": ["#", "the", *_WEEKDAY_LIST],
    "week_of": ["the", "week"], "day_shift": ["the", "day"],
    "modified": ["the", "very", "early", "mid", "late", "earlier", "later", "beginning",
                 "start", "middle", "end", "turn", "first", "second", "latter", "last"],
    "century": ["#", "the", *(word.split("-")[0] for word in CENTURY_ORDINALS)],
    "decade": ["#", "the"], "month_year": _MONTH_WORDS,
    "season": [*_REL, *SEASONS], "quarter": [*_REL, "latest", "most", "fiscal", "quarter",
                                           "first", "second", "third", "fourth", "#"],
    "period_ago": ["the", "corresponding", "comparable", "same", "quarter"],
    "qn": ["q", "h"], "fiscal": ["fiscal", "fy", "#"], "ago": _APPROX_WORDS, "lapse": _APPROX_WORDS,
    "shifted": _APPROX_WORDS,
    "year_quarter": ["the", "this", "last", "next", "#"],
    "year_end": ["the", "year"],
    "year_ago": ["the", "comparable", "same", "year", "quarter", "month"],
    "past_units": ["the", "past", "last", "next", "coming", "previous", "first", "recent",
                   "upcoming", "following"],
    "anaphoric": ["that", "the"], "day_anaphor": ["that", "the"],
    "spelled_year": ["the", "nineteen", "two"],
    "part_of_day": ["yesterday", "tomorrow", "today", "this", "last", "tonight", "overnight", "mid",
                    *_WEEKDAY_LIST],
    "relative": _REL, "the_weekend": ["the"],
    "deictic": ["today", "yesterday", "tomorrow", "the", "now", "currently", "nowadays", "current",
                "recently", "lately", "recent", "these", "one", "soon"],
    "weekday": [*_REL, *_WEEKDAY_LIST],
    "set": ["every", "each", "daily", "weekly", "monthly", "annually", "yearly", "hourly",
            "once", "twice", "thrice", "#", *SMALL[1:]],
    "duration": ["the", *(w for w in _APPROX_WORDS if w not in _FOCUS), "#", *_NUMBER_WORDS],
    "bare_duration": ["the", "years", "months", "weeks", "days", "decades", "hours", "minutes",
                      "centuries", "minute", "hour", "day", "week", "month", "year", "decade"],
    "month_rel": [*_REL, *_MONTH_WORDS], "year": ["#", "the", "pre", "post"],
    "holiday": ["last", "next", "this", "the", *holidays.FIRST_WORDS],
}  # fmt: skip
STARTS: dict[str, tuple[str, ...]] = {}
for _kind in KINDS:
    for _word in dict.fromkeys(_STARTS[_kind]):
        STARTS[_word] = (*STARTS.get(_word, ()), _kind)


# For each start word, its kinds joined into one pattern: one call finds the first
# kind that matches there, or shows that none does.
FIRST = {word: kind_alternation(KINDS, kinds, _FLAGS) for word, kinds in STARTS.items()}
WORD = re.compile(r"\w+")


# A number that counts money, shares or people, which no kind starting at it can
# match ("3.5 million", "12%"); a year-like number may still be a year on its own.
COUNT = compile_fast(
    r"(?!(?:1[89]|20)\d\d\b)\d+(?:[.,]\d+)*(?:\s*%|\s+(?:percent|per\s+cent|million|billion|"
    r"trillion|cents?|pence|shares|people|points)\b)",
    _FLAGS,
)
# What can follow the start of a number inside an expression: a year, a count of
# units or of times ("3 times a week"), a 24-hour time with its zone, or a day, hour
# or ordinal before a separator, a connective, a month or a quarter. A number where
# none of these can ("5 people", "747 jets") is never the first word of an expression,
# and is inside one only when the word before joins it (:data:`NUMBER_JOINERS`). It is
# looser than the kinds that start with a number.
NUMBER_AHEAD = compile_fast(
    rf"(?:1[89]|20)\d\d|\d0s\b|\d+(?:\.\d+|\s+1/2)?[\s-]+(?:{UNIT}|{WEEKDAY})|\d+\s+times\s|"
    r"\d{4}\s*(?:GMT|UTC|hours|hrs|local)|"
    r"\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:[-–—/:ap]|to|through|till|until)|"
    r"[\s-]+century|\s+(?:and|of|quarter|period|fiscal|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    _FLAGS,
)
# The words before a day, hour or two-digit year that carry on an expression with it,
# besides month names: the connectives of ranges ("March 17 to 30").
NUMBER_JOINERS = frozenset(["to", "through", "till", "until", "and"])
# The characters between two numbers of one expression ("1998-01-05", "10:30", "5/12").
NUMBER_SEPARATORS = frozenset("-–—/:")
LOOKBACK = 4
WINDOW = 64
# The lookahead lets the engine skip, at a glance, positions no cue can start at.
FUTURE_CUES = re.compile(
    r"\b(?=[wsgpeia'])(?:will|shall|won't|'ll|going\s+to|would|plans?\s+to|scheduled\s+to|expected\s+to|"
    r"is\s+to|are\s+to)\b",
    _FLAGS,
)
# "a" or "an" before a plural unit: not a count ("a decades-long feud").
A_PLURAL = re.compile(rf"an?[\s-]+{PLURAL_UNIT}(?![\w])", _FLAGS)
# After "a/one quarter" or "three quarters": "of" and something other than a year, which
# makes it a fraction of a whole ("three-quarters of its food"), not a time ("two
# quarters of 1990", "several quarters of losses").
FRACTION_OF = re.compile(
    rf"\s+of\s+(?!{YEAR}|(?:this|last|next|the)\s+(?:fiscal\s+)?year\b|fiscal\b)",
    _FLAGS,
)
# A quantity that ends just before an expression ("$2 million", "20%", "700 seats"): "a
# year" or "annually" after it is the unit of a rate, which measures the quantity and
# refers to no time; TimeBank mostly leaves it untagged ("save $500 million a year").
QUANTITY_BEFORE = re.compile(
    r"\d[\d,.]*(?:\s*%|\s+(?:percent|million|billion|thousand|[a-z]+s))?\s+\Z", _FLAGS
)
PLURAL_NEXT = re.compile(r"\s+([a-z]+s)\b")
# The last word (with its full stops and apostrophes) of a window, read in the reversed
# window: a single match from its start, where a search for the last word in the
# window itself tries every position.
WORD_BEFORE_REVERSED = re.compile(r"\W*?([\w.'’]*\w[\w.'’]*)")
