"""The time stage: find time expressions and normalise them to TIMEX3 values and intervals.

The tagger is rule based: precompiled patterns (:mod:`storyline.analyse.timex`) scan each
sentence, a few context checks drop look-alikes, and the tense of the governing verb
decides which way an underspecified expression points from the anchor (the
publication date). Every interval is inclusive and counted in days.

Conventions
-----------
- Month parts: early = days 1–10, mid = 11–20, late = 21–end; "the beginning/start
  of" = early, "the middle of" = mid, "the end of" = late; "the first/second half of"
  = 1–15 / 16–end.
- Year parts: early/mid/late = Jan–Apr / May–Aug / Sep–Dec; "the beginning of" =
  January, "the middle of" = June–July, "the end of" = December, halves = Jan–Jun /
  Jul–Dec, valued "1989-H1" / "1989-H2" as TIMEX3 writes halves. "Year-end" and
  "year's end" after a preposition ("by year-end") are "the end of the year".
  Decade parts: early/mid/late = years 0–3 / 4–6 / 7–9.
  A modified span keeps the TIMEX3 value of what it modifies (TimeML puts the part in
  a MOD attribute) and gets the next finer granularity (year → quarter or month,
  month → week, decade → year).
- "earlier this month/week/year" = first day of the unit to the anchor; "later this
  …" = the anchor to the unit's last day.
- Weeks are ISO weeks, Monday to Sunday. "last week" = the week before the
  anchor's; "this week" = the anchor's; "next week" = the one after; "the week of
  March 6" = the week that holds March 6.
  "this month/year/quarter" = the anchor's; "last/next …" the one before/after.
- Weekdays ("on Monday"): past tense = the latest such day on or before the
  anchor (the anchor itself when it is that day); future tense = the first on or
  after the anchor (again the anchor itself when it is that day, as wire style
  names the day of publication); present tense = the nearest, ties to the past.
  "last Monday" = strictly before the anchor, "next Monday" = strictly after.
- Dates without a year and bare months take the year the tense points to: past →
  the latest such date no more than 60 days after the anchor (past-tense sentences
  set deadlines: "extended the offer to Nov. 16"); future → the first that ended no
  more than 7 days before it; present → the nearest. After "until", "by" or
  "through" a past tense counts as present; after "effective" ("a pact effective
  June 1") as future, as the news announces a change before it takes effect; after
  "since" any tense counts as past. A to-infinitive takes the tense of the verb it hangs on,
  also as a subject ("the first to join NATO on Friday were ..."), and verbs of
  planning ("planned a rally on Saturday") point to the future, unless the expression
  comes before the planning verb ("On Friday, the government planned ..."), which it
  then dates, or the verb is a participle that describes a noun without a
  to-infinitive ("a service planned for Saturday was canceled", "the record set on
  Aug. 6"), which the clause's own verb dates. A possessive ("Friday's ruling") modifies a
  noun, so a future verb above it counts as present.
- Holidays (:mod:`timex.holidays`) are the day they fall on, in the year the tense
  points to, as weekdays are.
- A named weekday's morning or night ("Friday night") is that day, a DATE, as
  TimeBank mostly annotates it; its evening and the parts of "today", "yesterday",
  "this", "last" keep the TIMEX3 part of day (TIME, "2020-03-27TEV"). "Earlier/later"
  before a day that is over ("later yesterday") is that day.
- "June last year" is one expression, the month of the year named; "each July" is
  the SET "XXXX-07". "post-1959", "pre-1990" keep the year's value (TimeML puts
  "after"/"before" in MOD) and, open on one side, get no interval.
- "that (same) day", "the next/following/previous day" (or morning, evening, night)
  = the reference day (the last day the text named) or the day after or before it,
  a DATE; "that month", "the following month" = the reference's month or the next.
  Without such a reference they are not tagged: TimeML anchors them on it. "The
  following Monday", "the previous Friday" = the first such weekday after or before the
  reference day, else the anchor. "The day before/after X" = the day before or after
  the day X names ("the day before last Tuesday's hearing").
- Quarter anaphora ("the year-ago quarter", "that quarter", "a year ago" in a report
  on a quarter) refer to the last quarter the text named, even when a day was named
  since ("the third quarter, which ended Sept. 30"), but not to "the 1988 period", a
  quarter of a year named in digits: the period the reported one is compared with.
- Seasons are northern meteorological: spring Mar–May, summer Jun–Aug,
  autumn/fall Sep–Nov, winter Dec–Feb (winter YEAR starts in December of YEAR).
- "in the coming days" = anchor+1 to anchor+10; "coming weeks" = +1 to +42 days;
  "coming months" = +1 day to +6 months; "coming years" = +1 day to +3 years. As
  TimeML asks, they are durations (PXD, PXW ...) that keep this interval;
  expressions anchored on the text's reference time ("a year earlier", "the
  year-ago quarter", "the past two months", "the nine months") follow
  :mod:`timex.anaphora`. A clock time that names no day ("shot at 10 p.m.") falls on
  the day the text last named, else on the anchor.
- "now", "currently", "these days" (PRESENT_REF), "recently", "the past" (PAST_REF),
  "soon", "the future" (FUTURE_REF) get a value but no interval: they never date
  an event. Durations (P3M) and sets (P1W, XXXX-WXX-1) have no interval either.
  "Now," opening a sentence is a discourse marker and "high noon" an idiom: no times.
- Centuries: "the 20th century" = "19" (the first two digits of its years), with no
  interval, as PAST_REF. Decades in words: "the nineties", "the '80s" = the latest such
  decade begun by the anchor ("199"); "the last decade" = the decade before the
  anchor's. Spelled years complete months and seasons ("January nineteen ninety-seven").
- Durations: a half goes into the next finer unit ("2 1/2 years" = P2Y6M, "a minute
  and a half" = PT1M30S; weeks and months take a decimal, P2.5W); hedges and "more",
  "additional", "trading" stay in the span but out of the value ("almost a hundred
  years" = P100Y, "at least 20 more years" = P20Y, "eight trading days" = P8D), as
  does "or so" ("a week or so ago" is the week before, "the next two years or so" P2Y). Vague
  plurals after "for", "within" or "in" ("for centuries" = PXC, "within weeks or
  months" = PXW, "the first time in years" = PXY) and "-long" adjectives ("day-long"
  = P1D, "decades-long" = PXY) are durations.
- Signals stay out of the span: "within a week" tags "a week", "the fiscal year ended
  Jan. 31" tags "the fiscal year" (P1Y) and "Jan. 31". "The end of the month" is the
  anchor's month; "mid-afternoon yesterday" is yesterday's TAF.
- A range ("March 17 to 30", "between March 1 and 5", "2019-2020", "on April 24 and
  25." where a clause ends after the second day) is one DATE timex whose value is an
  ISO 8601 interval, "2020-03-17/2020-03-30". The ``timex`` task scores it as its two
  ends, as TimeML tags them (a TIMEX3 value cannot be an interval).
- Wire and business copy: "Q3 2012", "H1 2012" are that quarter or half ("2012-H1");
  without a year, after a preposition or a determiner ("in Q3", "its Q1 results"), the
  anchor's, or the year before when a past sentence names one yet to come; alone they are
  as often a model ("the Audi Q3"). A 24-hour time counts only with its zone ("0300 GMT",
  "14:30 local time", "0600 hours"). A frequency is a SET of its unit ("twice a week",
  "3 times per day" = P1W, P1D). After "to", a modal or a negation, "last" is a verb
  ("expected to last six months" tags "six months", with no interval). "Overnight
  Saturday" is Saturday, as "Saturday night" is.
- Without an anchor, expressions that need one get ``value=None``, an unknown
  interval and ``relative=True``; :func:`reanchor` resolves them later.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date, timedelta

from storyline.analyse.timex import anaphora
from storyline.analyse.timex import patterns as rules
from storyline.analyse.timex.anaphora import is_reference
from storyline.analyse.timex.readings import (
    UNKNOWN,
    Reading,
    add_months,
    half_reading,
    week_reading,
)
from storyline.analyse.timex.resolvers import RESOLVERS as KIND_RESOLVERS
from storyline.analyse.timex.scan import Words, word_before
from storyline.analyse.timex.tense import TenseFinder
from storyline.model import Document, Sentence, TimeSpan, Timex, Token
from storyline.pipeline import Context, stage

log = logging.getLogger(__name__)

# Kinds whose normalisation can depend on the tense of the governing verb.
TENSED = frozenset(
    [
        "mdy",
        "dmy",
        "clock",
        "range_md",
        "range_between",
        "range_dm",
        "modified",
        "season",
        "quarter",
        "part_of_day",
        "relative",
        "the_weekend",
        "weekday",
        "month_rel",
        "holiday",
        "year_end",
        "week_of",
        "day_shift",
        "qn",
    ]
)
_LEADING = ("on ", "in ", "from ", "between ", "since ", "during ", "by ", "until ", "at ")
_DATE_KINDS = ("iso", "numeric", "mdy", "dmy", "month_year")
# Abbreviations whose full stop does not end a sentence ("at 10 p.m. Wednesday").
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[ap]\.m|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mr|mrs|ms|dr|gen|st|"
    r"u\.s|no)\.\Z",
    re.IGNORECASE,
)
# A sentence end, from its full stop (or blank line) to the next sentence's start.
# It starts with a character class, which lets the regex engine skip ahead fast.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])\s+(?=[A-Z\"“‘'])|(?<=\n)\s*\n)")


def find_timexes(
    text: str,
    *,
    anchor: date | None,
    sentences: Sequence[Sentence] = (),
    tokens: Sequence[Token] = (),
) -> tuple[Timex, ...]:
    """Find and normalise the time expressions of ``text`` against ``anchor``."""
    words = Words(text)
    if not words.heads:
        return ()  # every expression holds a head word or a number
    segments = sentences or _split_sentences(text)
    tense_of = TenseFinder(text, tokens)
    found: list[Timex] = []
    reference: Reading | None = None
    quarter: Reading | None = None  # the last quarter reported: what reporting compares
    for sent in segments:
        for kind, match in words.scan(sent.start, sent.end):
            start = match.start()
            before = word_before(text, start)
            signal = _signal(before)
            tense = "past"
            if kind in TENSED:
                tense = tense_of(start, match.end(), sent)
                if tense == "past" or signal == "since":
                    tense = _deadline_tense(before)
            quarterly = kind in anaphora.QUARTERLY and _coarse(reference, quarter)
            ref = quarter if quarterly else reference
            reading = _resolve(kind, match, anchor=anchor, tense=tense, reference=ref)
            if reading is None:
                continue
            found.append(_timex(match, sent, reading, tense, signal))
            if kind == "year_quarter" and match["year"] is not None:
                continue  # "the 1988 period": the quarter compared, not the one reported
            if kind not in anaphora.DERIVED and reading is not reference and is_reference(reading):
                reference = reading
                quarter = reading if _reported(reading, anchor) else quarter
            elif (
                reading.type == "DURATION"
                and anchor is not None
                and anaphora.is_to_date(reading, _determiner(match, before))
                and not text.startswith(" of ", match.end())  # "... quarters of 1990"
            ):
                reference = quarter = anaphora.to_date(reading, quarter, anchor)
    return tuple(found)


def _reported(reading: Reading, anchor: date | None) -> bool:
    """Whether ``reading`` is a quarter that has ended, one a report can give results for:
    "the year-ago period" compares with it, not with a quarter only forecast."""
    return reading.span.granularity == "quarter" and (anchor is None or reading.span.end < anchor)


def _coarse(reference: Reading | None, quarter: Reading | None) -> bool:
    """Whether a quarter anaphor should skip ``reference`` for the last quarter reported."""
    return quarter is not None and (reference is None or reference is not quarter)


def normalise(
    expression: str, *, anchor: date | None, tense: str = "past"
) -> tuple[str | None, TimeSpan, bool]:
    """Return the TIMEX3 value, the interval and whether the anchor was needed."""
    reading = _read_expression(expression, anchor=anchor, tense=tense)
    if reading is None:
        return None, UNKNOWN, False
    return reading.value, reading.span, reading.relative


def reanchor(timex: Timex, anchor: date) -> Timex:
    """Recompute a relative timex once the publication date is known."""
    if not timex.relative:
        return timex
    reading = _read_expression(timex.text, anchor=anchor, tense=timex.tense)
    if reading is None:
        return timex
    return dataclasses.replace(timex, value=reading.value, span=reading.span)


def parse_date_phrase(text: str, *, year: int | None = None) -> date | None:
    """Return the first calendar date written in ``text``, such as "March 26, 2020".

    ``year`` completes a date written without one ("July 24").
    """
    for match in rules.MASTER.finditer(text):
        if match.lastgroup not in _DATE_KINDS:
            continue
        reading = _read(match.lastgroup, match.group(), anchor=None, tense="past")
        if reading is not None and reading.span.granularity == "day":
            return reading.span.start
        if reading is not None and year is not None and reading.relative:
            return _with_year(match.group(), year)
    return None


@stage("time", requires=("sentences", "tokens"), assigns=("timexes",))
def tag_times(doc: Document, ctx: Context) -> Document:
    """Tag and normalise the time expressions of one document."""
    anchor = doc.published.date if doc.published else None
    timexes = find_timexes(doc.text, anchor=anchor, sentences=doc.sentences, tokens=doc.tokens)
    return dataclasses.replace(doc, timexes=timexes)


def _stop(text: str, start: int) -> int:
    """Return where the sentence before a sentence end starting at ``start`` stops."""
    return start if text[start] == "\n" else start + 1


def _split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` roughly into sentences when no parse gives them."""
    first = _SENTENCE_END.search(text)
    if first is None:  # most texts scanned alone are one sentence
        return (Sentence(0, 0, len(text)),) if text else ()
    ends = (
        m
        for m in _SENTENCE_END.finditer(text, first.start())
        if not _ABBREVIATION.search(text, max(0, m.start() - 8), _stop(text, m.start()))
    )
    bounds = [0, *(m.end() for m in ends), len(text)]
    pairs = zip(bounds, bounds[1:], strict=False)
    return tuple(Sentence(i, start, end) for i, (start, end) in enumerate(pairs) if end > start)


def _timex(
    match: re.Match[str], sent: Sentence, reading: Reading, tense: str, signal: str
) -> Timex:
    start, end = match.span()
    return Timex(
        start=start,
        end=end,
        text=match.group(),
        sentence=sent.index,
        type=reading.type,
        value=reading.value,
        span=reading.span,
        relative=reading.relative,
        tense=tense,
        signal=signal,
    )


SIGNALS = frozenset(["since", "until", "till", "by", "before", "after"])
DEADLINES = frozenset(["until", "till", "by", "through"])


def _deadline_tense(before: str) -> str:
    """Return the tense of an expression in a past-tense sentence, or after "since",
    from the word ``before`` it.

    "extended the offer until Nov. 6", "loans through January": a deadline, either way
    (present); "a pact effective June 1": the day a change takes effect, which the news
    announces ahead of it (future); "since year-end": a point already passed (past).
    """
    if before == "since":
        return "past"
    if before in DEADLINES:
        return "present"
    return "future" if before == "effective" else "past"


def _determiner(match: re.Match[str], before: str) -> str:
    """Return the expression's first word when it is "the", else the word ``before`` it."""
    return "the" if match.group()[:4].lower() == "the " else before


def _signal(before: str) -> str:
    """Return the word ``before`` an expression if it is a temporal preposition that
    bounds an event ("since", "until" ...), else ""."""
    return ("until" if before == "till" else before) if before in SIGNALS else ""


def _read(kind: str, expression: str, *, anchor: date | None, tense: str) -> Reading | None:
    match = rules.PATTERNS[kind].fullmatch(expression)
    return None if match is None else _resolve(kind, match, anchor=anchor, tense=tense)


def _resolve(
    kind: str,
    match: re.Match[str],
    *,
    anchor: date | None,
    tense: str,
    reference: Reading | None = None,
) -> Reading | None:
    try:
        if kind in anaphora.RESOLVERS:
            return anaphora.RESOLVERS[kind](match, anchor, tense, reference)
        return RESOLVERS[kind](match, anchor, tense)
    except (ValueError, OverflowError) as e:
        log.debug("cannot normalise %r: %s", match.group(), e)
        return None


def _read_expression(expression: str, *, anchor: date | None, tense: str) -> Reading | None:
    expression = " ".join(expression.split())
    lowered = expression.lower()
    for lead in _LEADING:
        if lowered.startswith(lead):
            expression = expression[len(lead) :]
            break
    match = rules.MASTER.fullmatch(expression)
    if match is None:
        return None
    return _read(match.lastgroup, expression, anchor=anchor, tense=tense)


def _read_inner(expression: str, *, anchor: date | None, tense: str) -> Reading | None:
    """Read the expression inside a modified one, trying only the kinds its first word
    can start (:data:`rules.STARTS`), as the scan does, not the whole alternation."""
    word = rules.WORD.match(expression)
    key = "#" if word is None or word.group()[0].isdigit() else word.group().lower()
    kinds = rules.FIRST.get(key)
    match = kinds.fullmatch(expression) if kinds is not None else None
    if match is None:
        return None
    return _read(match.lastgroup, expression, anchor=anchor, tense=tense)


def _with_year(expression: str, year: int) -> date | None:
    reading = _read_expression(expression, anchor=date(year, 12, 31), tense="past")
    if reading is None or reading.span.start is None or reading.span.granularity != "day":
        return None
    return reading.span.start.replace(year=year)


def _modified(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    """Narrow the interval of the inner expression to the part the modifier names."""
    words = match["inner"].split()
    if len(words) == 2 and words[0].lower() == "the" and words[1].lower() in _UNITS:
        words[0] = "this"  # "the end of the month": the anchor's month
    inner = _read_inner(" ".join(words), anchor=anchor, tense=tense)
    if inner is None or not inner.span.known:
        return inner
    mod = " ".join(match["mod"].lower().replace("the ", "").replace("very ", "").split())
    start, end = inner.span.start, inner.span.end
    if mod in ("earlier", "later"):
        if anchor is None or not start <= anchor <= end:
            return inner  # "earlier yesterday", "later Sunday": a part of a past day
        start, end = (start, anchor) if mod == "earlier" else (anchor, end)
        return _with_span(inner, TimeSpan(start, end, inner.span.granularity))
    part = _part(mod, inner.span)
    if part is None:
        return inner
    if inner.span.granularity == "year" and mod in _HALVES:  # TIMEX3 "1989-H2"
        return half_reading(inner.span.start.year, _HALVES[mod], relative=inner.relative)
    return _with_span(inner, part)


def _with_span(reading: Reading, span: TimeSpan) -> Reading:
    """Return ``reading`` over ``span`` (built directly: ``dataclasses.replace`` is slow)."""
    return Reading(reading.type, reading.value, span, reading.relative)


def _part(mod: str, span: TimeSpan) -> TimeSpan | None:
    """Return the part of a month, year or decade that ``mod`` names."""
    start, end = span.start, span.end
    if span.granularity == "month":
        first, last = _MONTH_PARTS.get(mod, (21, 31))
        return TimeSpan(start.replace(day=first), start.replace(day=min(last, end.day)), "week")
    if span.granularity == "year":
        first, last = _YEAR_PARTS.get(mod, (12, 12))
        granularity = "quarter" if last - first >= 3 else "month"
        last_day = add_months(date(start.year, last, 1), 1) - timedelta(days=1)
        return TimeSpan(start.replace(month=first), last_day, granularity)
    if span.granularity == "decade" and mod in _DECADE_PARTS:
        first, last = _DECADE_PARTS[mod]
        return TimeSpan(date(start.year + first, 1, 1), date(start.year + last, 12, 31), "year")
    return None


_MONTH_PARTS = {
    "early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
    "middle of": (11, 20), "first half of": (1, 15), "second half of": (16, 31),
    "latter half of": (16, 31), "last half of": (16, 31),
}  # fmt: skip
_YEAR_PARTS = {
    "early": (1, 4), "mid": (5, 8), "late": (9, 12), "beginning of": (1, 1),
    "start of": (1, 1), "middle of": (6, 7), "turn of": (12, 12), "first half of": (1, 6),
    "second half of": (7, 12), "latter half of": (7, 12), "last half of": (7, 12),
}  # fmt: skip
# Halves of a year have their own TIMEX3 values (TIDES: "YYYY-H1", "YYYY-H2").
_HALVES = {"first half of": 1, "second half of": 2, "latter half of": 2, "last half of": 2}
_UNITS = frozenset(["week", "month", "year", "quarter"])
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def _week_of(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    """Read "the week of March 6" as the ISO week that holds the day named."""
    inner = _read_inner(match["inner"], anchor=anchor, tense=tense)
    if inner is None or inner.span.granularity != "day":
        return inner
    return week_reading(inner.span.start, relative=inner.relative)


def _day_shift(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    """Read "the day before last Tuesday('s hearing)", "the day after March 5" as the
    day before or after the day named."""
    inner = _read_inner(match["inner"], anchor=anchor, tense=tense)
    if inner is None or inner.span.granularity != "day":
        return None
    return anaphora.shift(inner, "day", -1 if match["dir"].lower() == "before" else 1)


RESOLVERS = {
    **KIND_RESOLVERS, "modified": _modified, "week_of": _week_of, "day_shift": _day_shift
}  # fmt: skip
