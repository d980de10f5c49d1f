"""The time stage: find time expressions and normalise them to TIMEX3 values and intervals.

The tagger is rule based: one precompiled alternation (:mod:`timex_rules`) scans each
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
  Jul–Dec. Decade parts: early/mid/late = years 0–3 / 4–6 / 7–9.
  A modified span keeps the TIMEX3 value of what it modifies (TimeML puts the part in
  a MOD attribute) and gets the next finer granularity (year → quarter or month,
  month → week, decade → year).
- "earlier this month/week/year" = first day of the unit to the anchor; "later this
  …" = the anchor to the unit's last day.
- Weeks are ISO weeks, Monday to Sunday. "last week" = the week before the
  anchor's; "this week" = the anchor's; "next week" = the one after.
  "this month/year/quarter" = the anchor's; "last/next …" the one before/after.
- Weekdays ("on Monday"): past tense = the latest such day on or before the
  anchor (the anchor itself when it is that day); future tense = the first on or
  after the anchor (again the anchor itself when it is that day, as wire style
  names the day of publication); present tense = the nearest, ties to the past.
  "last Monday" = strictly before the anchor, "next Monday" = strictly after.
- Dates without a year and bare months take the anchor's year, shifted by tense:
  past and a later month than the anchor's → the previous year; future and an
  earlier month → the next year; present → the nearest of the three years.
- Seasons are northern meteorological: spring Mar–May, summer Jun–Aug,
  autumn/fall Sep–Nov, winter Dec–Feb (winter YEAR starts in December of YEAR).
- "in the coming days" = anchor+1 to anchor+10; "coming weeks" = +1 to +42 days;
  "coming months" = +1 day to +6 months; "coming years" = +1 day to +3 years
  (value FUTURE_REF).
- "now", "currently" (PRESENT_REF), "recently", "previously", "the past" (PAST_REF),
  "soon", "the future" (FUTURE_REF) get a value but no interval: they never date
  an event. Durations (P3M) and sets (P1W, XXXX-WXX-1) have no interval either.
- A range ("March 17 to 30", "between March 1 and 5", "2019-2020") is one DATE
  timex whose value is an ISO 8601 interval, "2020-03-17/2020-03-30".
- Without an anchor, expressions that need one get ``value=None``, an unknown
  interval and ``relative=True``; :func:`reanchor` resolves them later.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from storyline.analyse import timex_rules as rules
from storyline.analyse.timex_rules import UNKNOWN, Reading
from storyline.model import Document, Sentence, TimeSpan, Timex, Token
from storyline.pipeline import Context, stage

log = logging.getLogger(__name__)

# Kinds whose normalisation can depend on the tense of the governing verb.
TENSED = frozenset(
    [
        "mdy",
        "dmy",
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
    ]
)
_LEADING = ("on ", "in ", "from ", "between ", "since ", "during ", "by ", "until ", "at ")
_GLUED = frozenset("$£€#/.+-_")
_DATE_KINDS = ("iso", "numeric", "mdy", "dmy", "month_year")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])|\n\s*\n")


def find_timexes(
    text: str,
    *,
    anchor: date | None,
    sentences: Sequence[Sentence] = (),
    tokens: Sequence[Token] = (),
) -> tuple[Timex, ...]:
    """Find and normalise the time expressions of ``text`` against ``anchor``."""
    segments = sentences or _split_sentences(text)
    tense_of = _TenseFinder(text, tokens)
    found: list[Timex] = []
    for sent in segments:
        for kind, match in _scan(text, sent.start, sent.end):
            timex = _timex(kind, match, sent, anchor=anchor, tense_of=tense_of)
            if timex is not None:
                found.append(timex)
    return tuple(found)


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


def _split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` roughly into sentences when no parse gives them."""
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    pairs = zip(bounds, bounds[1:], strict=False)
    return tuple(Sentence(i, start, end) for i, (start, end) in enumerate(pairs) if end > start)


def _scan(text: str, start: int, end: int) -> list[tuple[str, re.Match[str]]]:
    """Return (kind, match) of every plausible expression in text[start:end].

    Matching is tried only a few words before each head word or number, which keeps
    the scan far cheaper than running the whole alternation at every character.
    """
    segment = text[start:end].lower()
    words = rules.WORD.findall(segment)
    heads = [
        i for i, w in enumerate(words) if w in rules.HEADS or w[0].isdigit() or w[-1].isdigit()
    ]
    if not heads:
        return []
    offsets, cursor = [], 0
    for word in words[: heads[-1] + 1]:
        cursor = segment.find(word, cursor)
        offsets.append(cursor + start)
        cursor += len(word)
    out: list[tuple[str, re.Match[str]]] = []
    covered = start
    for head in heads:
        if offsets[head] < covered:
            continue
        found = _match_around(text, words, offsets, head, covered, end)
        if found is not None:
            out.append(found)
            covered = found[1].end()
    return out


def _match_around(
    text: str, words: list[str], offsets: list[int], head: int, covered: int, end: int
) -> tuple[str, re.Match[str]] | None:
    """Return the leftmost plausible expression that covers the word ``head``."""
    pos = offsets[head]
    for i in range(max(0, head - rules.LOOKBACK), head + 1):
        word, candidate = words[i], offsets[i]
        kinds = rules.STARTS.get("#" if word[0].isdigit() else word)
        if kinds is None or candidate < covered or (candidate and text[candidate - 1] in _GLUED):
            continue
        for kind in kinds:
            match = rules.PATTERNS[kind].match(text, candidate, end)
            if match is not None and match.end() > pos and _plausible(text, kind, match):
                return kind, match
    return None


def _plausible(text: str, kind: str, match: re.Match[str]) -> bool:
    """Reject look-alikes that only the surrounding words give away."""
    check = _CHECKS.get(kind)
    return check is None or check(text, match.start(), match.end())


def _word_before(text: str, start: int) -> str:
    match = rules.WORD_BEFORE.search(text, max(0, start - 24), start)
    return match.group(1).lower() if match else ""


def _check_year(text: str, start: int, end: int) -> bool:
    before = _word_before(text, start)
    if before in rules.COUNT_CUES or before.isdigit() or text[max(0, start - 1) : start] == "-":
        return False
    after = text[end : end + 12].lower()
    if after.lstrip().startswith(("percent", "gmt", "utc", "local", "hours", "hrs", "km", "m ")):
        return False
    plural = rules.PLURAL_NEXT.match(text, end)
    return plural is None or before in rules.ARTICLES or not before.isalpha()


def _check_range_between(text: str, start: int, end: int) -> bool:
    return _word_before(text, start) == "between"


def _check_season(text: str, start: int, end: int) -> bool:
    span = text[start:end].lower()
    if " " in span.strip():
        return True
    return _word_before(text, start) in rules.PREPOSITIONS and span != "fall"


def _check_quarter(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() != "quarter"


def _check_month(text: str, start: int, end: int) -> bool:
    span = text[start:end]
    if span.lower() not in ("may", "march"):
        return True
    return _word_before(text, start) in rules.PREPOSITIONS


def _check_bare_duration(text: str, start: int, end: int) -> bool:
    return _word_before(text, start) in ("for", "over")


def _check_duration(text: str, start: int, end: int) -> bool:
    """Reject "one" or "a" alone before an hour or a second used as a noun."""
    span = text[start:end].lower()
    return not span.endswith(("second", "seconds")) or span[0].isdigit()


_CHECKS: dict[str, Callable[[str, int, int], bool]] = {
    "year": _check_year,
    "range_between": _check_range_between,
    "season": _check_season,
    "quarter": _check_quarter,
    "month_rel": _check_month,
    "bare_duration": _check_bare_duration,
    "duration": _check_duration,
}


def _timex(
    kind: str, match: re.Match[str], sent: Sentence, *, anchor: date | None, tense_of: _TenseFinder
) -> Timex | None:
    start, end = match.span()
    tense = tense_of(start, end, sent) if kind in TENSED else "past"
    reading = _resolve(kind, match, anchor=anchor, tense=tense)
    if reading is None:
        return None
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
        signal=_signal(match.string, start),
    )


SIGNALS = frozenset(["since", "until", "till", "by", "before", "after"])


def _signal(text: str, start: int) -> str:
    """Return the temporal preposition just before an expression, if it bounds an event."""
    word = _word_before(text, start)
    return ("until" if word == "till" else word) if word in SIGNALS else ""


def _read(kind: str, expression: str, *, anchor: date | None, tense: str) -> Reading | None:
    match = rules.PATTERNS[kind].fullmatch(expression)
    return None if match is None else _resolve(kind, match, anchor=anchor, tense=tense)


def _resolve(kind: str, match: re.Match[str], *, anchor: date | None, tense: str) -> Reading | None:
    try:
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


def _with_year(expression: str, year: int) -> date | None:
    reading = _read_expression(expression, anchor=date(year, 12, 31), tense="past")
    if reading is None or reading.span.start is None or reading.span.granularity != "day":
        return None
    return reading.span.start.replace(year=year)


def _modified(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    """Narrow the interval of the inner expression to the part the modifier names."""
    inner = _read_expression(match["inner"], anchor=anchor, tense=tense)
    if inner is None or not inner.span.known:
        return inner
    mod = " ".join(match["mod"].lower().replace("the ", "").replace("very ", "").split())
    start, end = inner.span.start, inner.span.end
    if mod in ("earlier", "later"):
        if anchor is None or not start <= anchor <= end:
            return None
        start, end = (start, anchor) if mod == "earlier" else (anchor, end)
        return dataclasses.replace(inner, span=TimeSpan(start, end, inner.span.granularity))
    part = _part(mod, inner.span)
    return inner if part is None else dataclasses.replace(inner, span=part)


def _part(mod: str, span: TimeSpan) -> TimeSpan | None:
    """Return the part of a month, year or decade that ``mod`` names."""
    start, end = span.start, span.end
    if span.granularity == "month":
        first, last = _MONTH_PARTS.get(mod, (21, 31))
        return TimeSpan(start.replace(day=first), start.replace(day=min(last, end.day)), "week")
    if span.granularity == "year":
        first, last = _YEAR_PARTS.get(mod, (12, 12))
        granularity = "quarter" if last - first >= 3 else "month"
        last_day = rules.add_months(date(start.year, last, 1), 1) - timedelta(days=1)
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
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
RESOLVERS = {**rules.RESOLVERS, "modified": _modified}


class _TenseFinder:
    """Tell the tense of the verb that governs a span, from the parse when there is one."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.starts = [tok.start for tok in tokens]
        self.base = tokens[0].index if tokens else 0

    def __call__(self, start: int, end: int, sent: Sentence) -> str:
        if self.tokens:
            verb = self._verb(start)
            if verb is not None:
                return self._verb_tense(verb)
        return self._surface_tense(start, sent)

    def _surface_tense(self, start: int, sent: Sentence) -> str:
        clause_start = max(sent.start, self.text.rfind(",", sent.start, start) + 1)
        clause_end = self.text.find(",", start, sent.end)
        clause = self.text[clause_start : sent.end if clause_end < 0 else clause_end]
        return "future" if rules.FUTURE_CUES.search(clause) else "past"

    def _verb(self, start: int) -> Token | None:
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        tok = self.tokens[i]
        for _ in range(12):
            if tok.pos in ("VERB", "AUX") and tok.dep not in ("aux", "auxpass"):
                return tok
            parent = self.tokens[tok.head - self.base]
            if parent is tok:
                return None
            tok = parent
        return None

    def _verb_tense(self, verb: Token) -> str:
        aux = [tok for tok in self._children(verb) if tok.dep in ("aux", "auxpass")]
        words = {tok.text.lower() for tok in aux}
        if words & {"will", "shall", "'ll", "wo", "would", "'d", "going"}:
            return "future"
        if words & {"did", "was", "were", "has", "have", "had", "'ve", "'s"}:
            return "past"
        if aux and aux[-1].tag == "MD" or verb.tag == "VB":
            return "future"
        if verb.tag in ("VBD", "VBN"):
            return "past"
        if verb.tag in ("VBZ", "VBP") or words & {"is", "are", "am", "'re", "'m"}:
            return "present"
        return "past"

    def _children(self, verb: Token) -> list[Token]:
        lo = max(0, verb.index - self.base - 6)
        hi = verb.index - self.base + 1
        return [tok for tok in self.tokens[lo:hi] if tok.head == verb.index and tok is not verb]
