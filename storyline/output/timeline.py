"""The text timeline printed at the end of a build, and date formatting for people."""

from __future__ import annotations

import re
from datetime import date

from storyline.model import Event, Place, Storyline, TimeSpan
from storyline.output.export import sorted_events

# Article text may carry terminal escape sequences; never send them to a terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_MONTHLY = ("month", "quarter", "season")
_YEARLY = ("year", "decade")
_SHORT = {"day": 10, "week": 10, "month": 7, "quarter": 7, "season": 7, "year": 4, "decade": 4}


def clean(text: str) -> str:
    """Return ``text`` on one line, without control characters."""
    return _CONTROL.sub(" ", text).strip()


def format_span(span: TimeSpan) -> str:
    """Return an interval for people, precision shown: ``26 Mar 2020``, ``Mar 2020 (month)``."""
    start, end = span.start, span.end
    if start is None and end is None:
        return "date unknown"
    if start is None or end is None:
        return f"from {_day(start)}" if start else f"until {_day(end)}"
    if span.granularity in _YEARLY:
        text = _range(str(start.year), str(end.year), start.year == end.year)
    elif span.granularity in _MONTHLY:
        text = _months(start, end)
    else:
        text = _days(start, end)
    return text if span.granularity in ("day", "unknown") else f"{text} ({span.granularity})"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _range(first: str, last: str, same: bool) -> str:
    return first if same else f"{first}–{last}"


def _months(start: date, end: date) -> str:
    if start.year != end.year:
        return f"{start:%b %Y} – {end:%b %Y}"
    return _range(f"{start:%b}", f"{end:%b}", start.month == end.month) + f" {start.year}"


def _days(start: date, end: date) -> str:
    if start == end:
        return _day(start)
    if start.year != end.year:
        return f"{_day(start)} – {_day(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {_day(end)}"
    return f"{start.day}–{_day(end)}"


def short_date(span: TimeSpan) -> str:
    """Return the start of ``span`` as ISO, cut to its precision: ``2020-03-26``, ``2020-03``."""
    if span.start is None:
        return "undated"
    return span.start.isoformat()[: _SHORT.get(span.granularity, 10)]


def format_timeline(storyline: Storyline, *, width: int = 100, limit: int | None = None) -> str:
    """Return the events in time order, two lines each, cut to ``width`` columns."""
    events = sorted_events(storyline)
    shown = events if limit is None else events[:limit]
    places = {p.id: p for p in storyline.places}
    lines = []
    for event in shown:
        lines.append(_headline(event, width))
        lines.append(_fit(_details(event, places.get(event.place or "")), width))
    if len(shown) < len(events):
        lines.append(f"… and {len(events) - len(shown)} more events (storyline export shows all)")
    if not events:
        lines.append("no events found")
    return "\n".join(lines) + "\n"


def _headline(event: Event, width: int) -> str:
    reports = event.independent_reports
    count = f"  [{reports} report{'' if reports == 1 else 's'}]"
    head = f"{short_date(event.time):<10}  {event.type:<10} {event.mode:<12} "
    room = width - len(head) - len(count)
    if room < 10:
        return _fit(head + clean(event.label), width)
    return head + _fit(clean(event.label), room) + count


def _details(event: Event, place: Place | None) -> str:
    parts = ["place unknown"]
    if place is not None:
        parts = [f"at {clean(place.name)} ({place.lat:.3f}, {place.lon:.3f})"]
    if event.time.granularity != "day" or event.time.start != event.time.end:
        parts.append(format_span(event.time))
    if event.conflicts:
        fields = ", ".join(sorted({clean(c.field) for c in event.conflicts}))
        parts.append(f"! conflicting reports: {fields}")
    return " " * 12 + " · ".join(parts)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
