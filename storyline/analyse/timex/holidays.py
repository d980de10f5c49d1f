"""Named holidays ("Thanksgiving", "Christmas Eve", "Election Day") and their dates.

TimeML gives a holiday the value of the day it falls on (TimeML Annotation
Guidelines 1.2.1, Saurí et al. 2006). Sources of the dates: the US federal holidays
of 5 U.S.C. § 6103 (New Year's Day, Memorial Day, Independence Day, Labor Day,
Thanksgiving, Christmas), the US federal Election Day of 2 U.S.C. § 7 (the Tuesday
after the first Monday in November), and Easter Sunday by the Gregorian computus
(the "anonymous Gregorian algorithm", Meeus, Astronomical Algorithms, 1991).

A holiday named without a year takes the occurrence the tense points to: past = the
latest on or before the anchor, future = the first on or after it, present = the
nearest; "last"/"next" are strictly before/after the anchor, "this" the anchor's year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from storyline.analyse.timex.readings import Reading, day_reading, unanchored


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Return the ``n``-th ``weekday`` (Monday = 0) of the month; n = -1 is the last."""
    if n < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def easter(year: int) -> date:
    """Return Easter Sunday of ``year`` in the Gregorian calendar."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


# Each holiday's name (lower case, spaces single) and its date in a given year.
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "independence day": lambda y: date(y, 7, 4),
    "the fourth of july": lambda y: date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas": lambda y: date(y, 12, 25),
    "easter sunday": easter,
    "easter": easter,
}
# The words a holiday's name can start with, for the tagger's start-word index.
FIRST_WORDS = sorted({name.split()[0] for name in HOLIDAYS} - {"the"})
PATTERN = (
    r"(?:(?P<rel>last|next|this)\s+)?(?P<holiday>"
    + "|".join(
        re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
        for name in sorted(HOLIDAYS, key=len, reverse=True)
    )
    + r")(?![\w'’])"
)


def resolve(match: re.Match[str], anchor: date | None, tense: str) -> Reading | None:
    """Return the day a holiday names, as its modifier or the tense points."""
    name = " ".join(match["holiday"].lower().replace("’", "'").split())
    on = HOLIDAYS[name]
    if anchor is None:
        return unanchored()
    rel = (match["rel"] or "").lower()
    if rel == "this":
        return day_reading(on(anchor.year), relative=True)
    days = [on(year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    before = [d for d in days if d < anchor or (d == anchor and rel != "last")]
    after = [d for d in days if d > anchor or (d == anchor and rel != "next")]
    if rel == "last" or (not rel and tense == "past"):
        return day_reading(before[-1], relative=True)
    if rel == "next" or tense == "future":
        return day_reading(after[0], relative=True)
    nearest = min(days, key=lambda d: abs((d - anchor).days))
    return day_reading(nearest, relative=True)
