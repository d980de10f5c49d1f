"""The trigger scan of the time tagger: where expressions can be, and which kind matches there.

Every expression holds a head word (:data:`patterns.HEADS`) or a number, so the scan
only tries matches at the few words before each head. The text is split into words
once: :class:`Words` writes it through one ``str.translate`` table that lower-cases
word characters, writes every digit as "0" and every other character as a space.
That marked copy keeps the text's offsets, so its ``split()`` gives the words, set
lookups find the heads, and ``str.find`` locates them, all without a regex over the
whole text; the patterns then run only where a head says an expression may start.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from storyline.analyse.timex import patterns as rules
from storyline.analyse.timex import tables, vocab
from storyline.analyse.timex.tables import table_for

_WORD_CHAR = re.compile(r"\w")
# A word made of a short prefix and a number, such as "fy2020" or "q3" (digits as "0").
_PREFIXED = re.compile(r"[a-z]{1,4}0+")
# Characters that glue a word to the one before, so that it cannot start an expression.
_GLUED = frozenset("$£€#/.+-_")
_CURRENCY = frozenset("$£€")
# The units of a rate after a quantity ("$500 million a year", "700 seats a week").
_RATE_UNITS = frozenset(["a year", "a month", "a week", "a day", "an hour"])
_SOON_AFTER = frozenset(["as", "after", "before", "afterwards", "thereafter"])
_SOON_BEFORE = frozenset(["as", "was", "were", "had", "been"])
_QUOTES = frozenset("\"“'`")
_START_WORDS = frozenset(rules.STARTS)
_CLOSING = re.compile(r"[,.!?]?(?:[\"”]|'')")
_NOUN_NEXT = re.compile(r" [a-z]{3,}\b")
_CLAUSE_END = re.compile(r"[.,;:!?)]|\s*\Z")
_YEAR_END_BEFORE = vocab.PREPOSITIONS | {"at"}  # "by year-end", "at year's end"
# Words after which "last" is a verb: "to", the modals and negations.
_VERB_BEFORE = frozenset(
    ["to", "will", "would", "could", "can", "may", "might", "should", "must", "shall", "not",
     "won't", "wouldn't", "couldn't", "can't", "cannot", "didn't", "doesn't", "don't", "'ll"]
)  # fmt: skip
_PERIOD_BEFORE = vocab.PREPOSITIONS | {"the", "its", "their", "for", "at"}
# Counts of quarters that name a fraction of a whole when "of" follows (FRACTION_OF).
_FRACTIONS = ("a quarter", "one quarter", "one-quarter", "three quarters", "three-quarters")


class _WordSplit(dict[int, str]):
    """A ``str.translate`` table: a word character becomes its lower case ("0" for a
    digit), anything else a space. Each character stays one character, so offsets hold."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isdecimal():
            kept = "0"
        elif _WORD_CHAR.match(char):
            lower = char.lower()
            kept = lower if len(lower) == 1 else char
        else:
            kept = " "
        self[code] = kept
        return kept


_TABLE = _WordSplit()
# The same table for ASCII text, as bytes: ``bytes.translate`` is several times faster.
_ASCII_TABLE = bytes(ord(_TABLE[code]) for code in range(128)) + bytes(128)


def _mark(text: str) -> str:
    """Return ``text`` written through :data:`_TABLE`, the copy that the scan splits."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    return text.translate(_TABLE)


class Words:
    """A text prepared for the scan: its marked copy, its head words with offsets and
    the compiled patterns to run on it (:mod:`storyline.analyse.timex.tables`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marked = _mark(text)
        self.heads = _heads(text, self.marked)
        self.table = table_for(text) if self.heads else tables.UNICODE
        self._ahead: dict[int, bool] = {}  # the scan's :meth:`_number_ahead` results

    def scan(self, start: int, end: int) -> list[tuple[str, re.Match[str]]]:
        """Return (kind, match) of every plausible expression in text[start:end], in order."""
        out: list[tuple[str, re.Match[str]]] = []
        covered = start
        tried: dict[int, re.Match[str] | None] = {}
        self._ahead = {}
        heads = self.heads
        for index in range(bisect.bisect_left(heads, (start, "")), len(heads)):
            pos, word = heads[index]
            if pos < covered:
                continue
            if pos >= end:
                break
            found = self._match_around(pos, word, covered, end, tried)
            if found is not None:
                out.append(found)
                covered = found[1].end()
        return out

    def _match_around(
        self,
        pos: int,
        head: str,
        covered: int,
        end: int,
        tried: dict[int, re.Match[str] | None],
    ) -> tuple[str, re.Match[str]] | None:
        """Return the leftmost plausible expression that covers the head word at ``pos``.

        ``tried`` keeps the first-kind match at each start already tried in this scan:
        the words before one head are often the words before the next.
        """
        ahead = self._number_ahead
        text, table, starts = self.text, self.table, rules.STARTS
        lowest = max(covered, pos - rules.WINDOW)
        if head[0] == "0" and not self._number_may_be_time(pos, end, lowest):
            return None
        candidates = self._words_before(pos, lowest)
        candidates.append((pos, head))
        for candidate, word in candidates:
            key = "#" if word[0] == "0" else word
            kinds = starts.get(key)
            if kinds is None and word[-1] == "0":  # "q3", "fy2020": start by the letters
                key = word.rstrip("0")
                kinds = starts.get(key)
            if kinds is None or (candidate and text[candidate - 1] in _GLUED):
                continue
            if key == "#" and (
                not ahead(candidate, end) or table.count.match(text, candidate, end)
            ):
                continue
            if candidate in tried:
                first = tried[candidate]
            else:
                first = tried[candidate] = table.first[key].match(text, candidate, end)
            if first is None:
                continue
            leading = first.lastgroup
            # That kind's own pattern matches the same span; skip it when it ends too soon.
            if first.end() > pos:
                match = table.patterns[leading].match(text, candidate, end)
                if plausible(text, leading, match):
                    return leading, match
            for kind in kinds[kinds.index(leading) + 1 :]:
                match = table.patterns[kind].match(text, candidate, end)
                if match is not None and match.end() > pos and plausible(text, kind, match):
                    return kind, match
        return None

    def _words_before(self, pos: int, lowest: int) -> list[tuple[int, str]]:
        """Return (start, word) of the last few whole words between ``lowest`` and ``pos``,
        or none when none of them is a number or a word an expression can start with."""
        marked = self.marked
        segment = marked[lowest:pos]
        words = segment.rsplit(None, rules.LOOKBACK)[-rules.LOOKBACK :]
        if "0" not in segment and _START_WORDS.isdisjoint(words):
            return []  # none of them can start an expression: no need to place them
        out: list[tuple[int, str]] = []
        stop = pos
        for word in reversed(words):
            # The word is the last one before ``stop``, so its rightmost occurrence.
            stop = marked.rfind(word, lowest, stop)
            out.append((stop, word))
        if out and stop == lowest and lowest and marked[lowest - 1] != " ":
            out.pop()  # a word that starts before ``lowest``
        out.reverse()
        return out

    def _number_ahead(self, pos: int, end: int) -> bool:
        """Whether :data:`rules.NUMBER_AHEAD` matches at ``pos``, kept for the scan (the
        number at a head is tested again as the start of the words before the next)."""
        known = self._ahead.get(pos)
        if known is None:
            known = self.table.number_ahead.match(self.text, pos, end) is not None
            self._ahead[pos] = known
        return known

    def _number_may_be_time(self, pos: int, end: int, lowest: int) -> bool:
        """Whether the number at ``pos`` can be part of an expression, as far as cheap tests tell.

        Either an expression can go on from it (:data:`rules.NUMBER_AHEAD`), or it
        carries on the expression of the word before (after ``lowest``): a month name,
        a range's connective, or a separator between the two ("10:30", "1998-01-05").
        """
        if self._number_ahead(pos, end):
            return True
        marked = self.marked
        kept = marked[lowest:pos].rstrip(" ")
        if not kept:
            return False
        word = kept.rsplit(" ", 1)[-1]
        start = lowest + len(kept) - len(word)
        if start == lowest and lowest and marked[lowest - 1] != " ":
            return False  # the word starts before ``lowest``
        gap = self.text[start + len(word) : pos]
        return (
            word in rules.NUMBER_JOINERS
            or word[:3] in vocab.MONTHS
            or not rules.NUMBER_SEPARATORS.isdisjoint(gap)
        )


def _heads(text: str, marked: str) -> list[tuple[int, str]]:
    """Return (start, word) of every head word and number of ``text``, in text order.

    A number glued to a currency sign, or the digits after a number's decimal point
    or thousands comma ("$5", "1.5", "1,000"), is part of an amount, never of an expression.
    """
    words = marked.split()
    digit = marked.find("0")
    if digit < 0 and rules.HEADS.isdisjoint(words):
        return []  # most sentences: no head word and no number
    heads: list[tuple[int, str]] = []
    size = len(marked)
    padded = f" {marked} "  # " word " finds whole words only, at their offset in ``marked``
    for word in rules.HEADS.intersection(words):
        needle = f" {word} "
        at = padded.find(needle)
        while at >= 0:
            heads.append((at, word))
            at = padded.find(needle, at + len(word) + 1)
    while digit >= 0:
        first = marked.rfind(" ", 0, digit) + 1
        stop = marked.find(" ", digit)
        stop = size if stop < 0 else stop
        word = marked[first:stop]
        if first == digit:
            glue = text[first - 1] if first else " "
            decimals = glue in ".," and marked[first - 2 : first - 1] == "0"
            if glue not in _CURRENCY and not decimals:
                heads.append((first, word))
        elif _PREFIXED.fullmatch(word):
            heads.append((first, word))
        digit = marked.find("0", stop)
    heads.sort()
    return heads


def plausible(text: str, kind: str, match: re.Match[str]) -> bool:
    """Reject look-alikes that only the surrounding words give away."""
    start, end = match.span()
    if start and text[start - 1] in _QUOTES and _title(text, start, end):
        return False
    check = _CHECKS.get(kind)
    return check is None or check(text, start, end)


def _title(text: str, start: int, end: int) -> bool:
    """Whether a quoted expression is a title ("This Week," on ABC, CBS's "60 Minutes"):
    every word capitalised, and two words or more, or the quote closing right after it.
    TimeML tags times, and a programme's name refers to none."""
    words = text[start:end].split()
    if not all(word[0].isupper() or word[0].isdigit() for word in words):
        return False
    return len(words) > 1 or _CLOSING.match(text, end) is not None


def word_before(text: str, start: int) -> str:
    """Return the word just before ``start``, lower-cased ("" when there is none)."""
    match = rules.WORD_BEFORE_REVERSED.match(text[max(0, start - 24) : start][::-1])
    return match.group(1)[::-1].lower() if match else ""


def _check_year(text: str, start: int, end: int) -> bool:
    before = word_before(text, start)
    if before in vocab.COUNT_CUES or before.isdigit() or text[max(0, start - 1) : start] == "-":
        return False
    after = text[end : end + 12].lower()
    if after.lstrip().startswith(("percent", "gmt", "utc", "local", "hours", "hrs", "km", "m ")):
        return False
    if text[start : start + 3].lower() in ("pre", "pos"):
        return True  # "pre-1990 debts": a bounded year before a noun, not a count of it
    plural = rules.PLURAL_NEXT.match(text, end)
    return plural is None or before in vocab.ARTICLES or not before.isalpha()


def _check_past_units(text: str, start: int, end: int) -> bool:
    """Reject "last" as a verb ("expected to last two years", "will last weeks"): the
    count after it is a duration, not the time before the anchor."""
    return not text[start:end].lower().startswith("last") or (
        word_before(text, start) not in _VERB_BEFORE
    )


def _check_spelled_year(text: str, start: int, end: int) -> bool:
    """Reject a spelled number that counts the noun after it ("two thousand years",
    "two thousand people"); "the year two thousand" names the year whatever follows."""
    return text[start:end].lower().startswith("the") or rules.PLURAL_NEXT.match(text, end) is None


def _check_qn(text: str, start: int, end: int) -> bool:
    """Keep "Q3" or "H1" without a year only after a preposition or a determiner ("in
    Q3", "its Q3 results"): alone it is as often a model ("the Audi Q3")."""
    return text[end - 4 : end].isdigit() or word_before(text, start) in _PERIOD_BEFORE


def _check_range_between(text: str, start: int, end: int) -> bool:
    """Keep "between March 1 and 5", and "on April 24 and 25." where a clause ends
    after the second day; "on March 1 and 5 people ..." counts people."""
    return word_before(text, start) == "between" or _CLAUSE_END.match(text, end) is not None


def _check_season(text: str, start: int, end: int) -> bool:
    span = text[start:end].lower()
    if " " in span.strip():
        return True
    return word_before(text, start) in vocab.PREPOSITIONS and span != "fall"


def _check_quarter(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() != "quarter"


def _check_month(text: str, start: int, end: int) -> bool:
    """Keep "May" and "March" after a preposition, or capitalised between "the" and a
    common noun ("the March accession"); "may" is a verb, "the march" a walk."""
    span = text[start:end]
    if span.lower() not in ("may", "march"):
        return True
    before = word_before(text, start)
    if before == "the" and span[0].isupper():
        return _NOUN_NEXT.match(text, end) is not None
    return before in vocab.PREPOSITIONS


def _check_bare_duration(text: str, start: int, end: int) -> bool:
    if text[end - 5 : end] == "-long" or text[start : start + 4].lower() == "the ":
        return True
    return word_before(text, start) in ("for", "over", "within", "in")


def _check_year_end(text: str, start: int, end: int) -> bool:
    """Keep "by year-end", "since year's end"; drop the modifier in "year-end results"."""
    return word_before(text, start) in _YEAR_END_BEFORE


def _check_deictic(text: str, start: int, end: int) -> bool:
    """Reject a capitalised word inside a name ("USA Today", "This is VOA Today") and
    "Now," opening a sentence, a discourse marker that turns to the next point, not a
    time; keep "soon" alone: "as soon as" is a conjunction, "soon after X" relates to X
    and "was soon released" tells a past sequence; the future "soon" is FUTURE_REF."""
    if start > 1 and text[start].isupper() and text[start - 1] == " " and text[start - 2].isalnum():
        return False
    span = text[start:end]
    if span == "Now":
        return text[end : end + 1] != ","
    if span.lower() != "soon":
        return True
    after = rules.WORD.search(text, end, end + 16)
    if after is not None and after.group().lower() in _SOON_AFTER:
        return False
    return word_before(text, start) not in _SOON_BEFORE


def _check_clock(text: str, start: int, end: int) -> bool:
    """Reject "high noon", the idiom for a decisive moment (and the film), not a time of day."""
    return word_before(text, start) != "high"


def _check_set(text: str, start: int, end: int) -> bool:
    """Reject the unit of a rate ("rise 8.5% annually"): see :data:`rules.QUANTITY_BEFORE`."""
    span = text[start:end].lower()
    every = span.startswith(("every", "each", "once", "twice", "thrice")) or " times " in span
    return every or not _after_quantity(text, start)


def _after_quantity(text: str, start: int) -> bool:
    """Whether a quantity ends just before ``start`` (:data:`rules.QUANTITY_BEFORE`)."""
    return rules.QUANTITY_BEFORE.search(text, max(0, start - 30), start) is not None


def _check_duration(text: str, start: int, end: int) -> bool:
    """Reject "one" or "a" alone before an hour or a second used as a noun, the unit of
    a rate ("$500 million a year"), a fraction of a whole ("three-quarters of its
    food", "a quarter of the market") and an article before a duration that modifies
    a noun ("the 30-day period", "the two day visit")."""
    span = text[start:end].lower()
    if rules.A_PLURAL.match(span) or (span in _RATE_UNITS and _after_quantity(text, start)):
        return False
    if span.endswith(_FRACTIONS) and rules.FRACTION_OF.match(text, end):
        return False
    if span.startswith("the") and (span[-1] != "s" or "-" in span):
        return False  # "the 30-day period": the article goes with the noun, not the span
    return not span.endswith(("second", "seconds")) or span[0].isdigit()


_CHECKS: dict[str, Callable[[str, int, int], bool]] = {
    "year": _check_year,
    "spelled_year": _check_spelled_year,
    "qn": _check_qn,
    "past_units": _check_past_units,
    "range_between": _check_range_between,
    "season": _check_season,
    "quarter": _check_quarter,
    "month_rel": _check_month,
    "bare_duration": _check_bare_duration,
    "duration": _check_duration,
    "set": _check_set,
    "deictic": _check_deictic,
    "clock": _check_clock,
    "year_end": _check_year_end,
}
