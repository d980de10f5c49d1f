"""Calendar and number vocabulary of the time tagger, and the words' values.

Standard English calendar and number words (source: the Gregorian calendar) and the
TIMEX3 value units of the TimeML guidelines (Pustejovsky et al. 2005; TimeML
Annotation Guidelines 1.2.1, Saurí et al. 2006).
"""

from __future__ import annotations

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
# Ordinals of the centuries of the common era, "first" to "twenty-first".
CENTURY_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first",
)  # fmt: skip
# Decades named in words ("the nineties"): the decade's digit within its century.
DECADE_WORDS = {word: index + 2 for index, word in enumerate(
    ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
)}  # fmt: skip
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

WEEKDAY_WORDS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
))  # fmt: skip
POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
COMING = {"days": (10, 0, "week"), "weeks": (42, 0, "month"), "months": (0, 6, "year"),
          "years": (0, 36, "decade")}  # fmt: skip
REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "one day": "FUTURE_REF", "soon": "FUTURE_REF",
    "current": "PRESENT_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
}  # fmt: skip


def number(word: str) -> int | None:
    """Return the value of a number written in digits or words; None when vague."""
    word = " ".join(word.lower().replace("-", " ").split())
    if word.replace(".", "", 1).isdigit():
        return round(float(word))
    if word in NUMBERS:
        return NUMBERS[word]
    parts = word.split()
    if len(parts) == 2 and parts[1] == "hundred" and parts[0] in NUMBERS:
        return NUMBERS[parts[0]] * 100
    if len(parts) == 2 and parts[0] in TENS and parts[1] in NUMBERS:
        return TENS[parts[0]] + NUMBERS[parts[1]]
    return None


def spelled_year(words: str) -> int | None:
    """Return the year of "nineteen ninety-four" or "two thousand and one"; None when vague."""
    parts = words.lower().replace("-", " ").split()
    if parts[:2] == ["two", "thousand"]:
        rest = number(" ".join(parts[3:])) if len(parts) > 3 else 0
        return None if rest is None else 2000 + rest
    if len(parts) < 2 or parts[1] == "hundred":
        return None
    rest = number(" ".join(parts[1:]))
    return None if rest is None else 1900 + rest


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
