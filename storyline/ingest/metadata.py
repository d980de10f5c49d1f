"""Read the metadata a report's text carries: title, outlet, dateline and timestamp.

Scraped reports state their metadata in the text itself: a timestamp line at
the top ("2020-03-26 12:23:35"), a wire dateline ("BAGHDAD, July 24 (Xinhua) —"),
an outlet prefix on the first paragraph ("Daily Planet / Troops ..."), or a
"Source: The Outlet" line at the end. Each finder here is a small function;
:func:`extract` applies them all, dropping the lines that are pure metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from storyline.model import Published, TimeSpan

HEAD_LINES = 5  # timestamps, datelines and outlet prefixes sit this near the top

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
_MONTH += r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DATE_WITH_YEAR = (
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    rf"|(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}}){_ORD},?\s+(?P<my>\d{{4}})"
    rf"|(?P<dd>\d{{1,2}}){_ORD}\s+(?P<dm>{_MONTH}),?\s+(?P<dy>\d{{4}})"
    r"|(?P<sa>\d{1,2})[/.](?P<sb>\d{1,2})[/.](?P<sy>\d{4})"
)
_DATE_NO_YEAR = rf"{_MONTH}\s+\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}\s+{_MONTH}"
_TIME = (
    r"(?:\s*(?:,|-|–|\||(?i:at)|T)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
    r"(?:\s*(?i:[ap]\.?m\.?))?(?:\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?)?"
)
_STAMP_PREFIX = r"(?:(?i:published|posted|updated|last updated|date)(?i: on)?\s*:?\s*)?"

_DATE = re.compile(_DATE_WITH_YEAR)
_TIMESTAMP = re.compile(rf"{_STAMP_PREFIX}{_WEEKDAY}?(?:{_DATE_WITH_YEAR}){_TIME}")
_PLACE_WORD = r"[A-Z][\w'’.]*"
_PLACE = rf"{_PLACE_WORD}(?:[ \-]{_PLACE_WORD}){{0,3}}"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE}(?:,\s*{_PLACE}){{0,2}}?)"
    rf"(?:,\s*{_WEEKDAY}?(?:{_DATE_WITH_YEAR}|(?P<noyear>{_DATE_NO_YEAR})))?"
    r"\s*(?:\((?P<agency>[A-Z][\w&.'’ /-]{1,30})\))?"
    r"\s*(?:[-–—]+|:)\s"
)
_PREFIX_OUTLET = re.compile(r"(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})\s*/\s+\S")
_SOURCE_LINE = re.compile(r"(?i:source)\s*:\s*(?P<name>[A-Z0-9][^.!?;:\n]{0,59})\.?")
_BARE_SOURCE = re.compile(r"(?i:source):?")
_TRAILING_SOURCE = re.compile(r"(?<=[.!?\"”’])\s+Source:?\s*$")
# "In <Site>, <Section>": a breadcrumb, not a headline and not proof of an outlet.
_BREADCRUMB = re.compile(
    r"In [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, [A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}"
)
_SENTENCE_END = re.compile(r"[.!?\"”’]$")


@dataclass(frozen=True, slots=True)
class TextMetadata:
    """What a report's text says about the report itself."""

    title: str | None = None
    outlet: str | None = None
    published: Published | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The parts of a wire dateline: a full date, a date without year, an agency."""

    published: date | None = None
    date_text: str | None = None
    agency: str | None = None


def extract(text: str) -> tuple[str, TextMetadata]:
    """Return ``text`` without its metadata lines, and the metadata they carried."""
    text, source = pop_source(text)
    text, stamp = pop_timestamp(text)
    head = head_lines(text)
    title = title_line(head)
    found = dateline(head)
    outlet = source or found.agency or prefix_outlet(head, title=title)
    published = None
    if stamp is not None:
        published = explicit(stamp, reason="timestamp")
    elif found.published is not None:
        published = explicit(found.published, reason="dateline")
    return text, TextMetadata(title, outlet, published, found.date_text)


def explicit(day: date, *, reason: str) -> Published:
    """Return a publication date stated by the source, pinned to one day."""
    return Published(day, inferred=False, span=TimeSpan(day, day, "day"), reason=reason)


def head_lines(text: str, *, limit: int = HEAD_LINES) -> list[str]:
    """Return the first ``limit`` non-empty lines of ``text``, stripped."""
    lines = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) == limit:
                break
    return lines


def parse_date(text: str) -> date | None:
    """Parse a full date with a year ("2020-03-26", "March 26, 2020", "26/03/2020")."""
    match = _DATE.fullmatch(text.strip())
    return _date_of(match) if match else None


def parse_iso(value: str) -> date | None:
    """Parse an ISO date or datetime, falling back to the written forms of :func:`parse_date`."""
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return parse_date(value)


def _date_of(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    if g["iy"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["my"]:
        year, month, day = int(g["my"]), _month(g["mm"]), int(g["md"])
    elif g["dy"]:
        year, month, day = int(g["dy"]), _month(g["dm"]), int(g["dd"])
    else:
        first, second, year = int(g["sa"]), int(g["sb"]), int(g["sy"])
        # Day first, as most of the world writes it, unless only month-first fits.
        day, month = (second, first) if first <= 12 < second else (first, second)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def pop_timestamp(text: str) -> tuple[str, date | None]:
    """Drop a standalone date line near the top of ``text`` and return its date."""
    lines = text.split("\n")
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _TIMESTAMP.fullmatch(line.strip())
        if match and (day := _date_of(match)) is not None:
            return "\n".join(lines[:index] + lines[index + 1 :]), day
        seen += 1
        if seen == HEAD_LINES:
            break
    return text, None


def pop_source(text: str) -> tuple[str, str | None]:
    """Drop "Source: X" lines and a trailing bare "Source"; return the last X named."""
    outlet = None
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        match = _SOURCE_LINE.fullmatch(stripped)
        if match and len(match["name"].split()) <= 6:
            outlet = match["name"].strip()
        elif not _BARE_SOURCE.fullmatch(stripped):
            kept.append(line)
    return _drop_trailing_source(kept), outlet


def _drop_trailing_source(lines: list[str]) -> str:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            lines[index] = _TRAILING_SOURCE.sub("", lines[index])
            break
    return "\n".join(lines)


def dateline(head: list[str]) -> Dateline:
    """Find a wire dateline at the start of one of the ``head`` lines."""
    for line in head:
        found = _dateline_of(line)
        if found is not None:
            return found
    return Dateline()


def _dateline_of(line: str) -> Dateline | None:
    match = _DATELINE.match(line)
    if match is None:
        return None
    has_year = any(match[group] for group in ("iy", "my", "dy", "sy"))
    if not (has_year or match["noyear"] or match["agency"]):
        return None
    return Dateline(_date_of(match) if has_year else None, match["noyear"], match["agency"])


def prefix_outlet(head: list[str], *, title: str | None) -> str | None:
    """Return the outlet of a "Name / text" prefix on the first body paragraph."""
    body = _body_lines(head, title=title)
    if not body:
        return None
    match = _PREFIX_OUTLET.match(body[0])
    return match["name"] if match else None


def _body_lines(head: list[str], *, title: str | None) -> list[str]:
    if title is None:
        return head
    return head[head.index(title) + 1 :]


def title_line(head: list[str]) -> str | None:
    """Return the headline among the ``head`` lines: the first that is no breadcrumb.

    It is None when that line already reads as body text (an outlet prefix,
    a dateline, or a long sentence), as when a scrape lost its headline.
    """
    candidates = head[1:2] if head and _BREADCRUMB.fullmatch(head[0]) else head[:1]
    if not candidates or _reads_as_body(candidates[0]):
        return None
    return candidates[0]


def _reads_as_body(line: str) -> bool:
    if len(line) > 250 or _PREFIX_OUTLET.match(line):
        return True
    if _SENTENCE_END.search(line) and len(line.split()) >= 25:
        return True
    return _dateline_of(line) is not None
