"""The static HTML report (escaping, CSP, contents) and the text timeline."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.model import (
    Conflict,
    ConflictValue,
    Document,
    Entity,
    Event,
    Evidence,
    Place,
    Published,
    Storyline,
    TimeSpan,
)
from storyline.output.report import render_report
from storyline.output.timeline import format_span, format_timeline

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def hostile(payload: str) -> Storyline:
    """Build a storyline whose every article-derived text carries ``payload``."""
    names = (ConflictValue(f"Kem {payload}", ("d1",)), ConflictValue("Kem Oru", ("d2",)))
    event = Event(
        id="ev-1",
        type="PROTEST",
        label=f"Crowds gather {payload}",
        mode="completed",
        source=("e1",),
        target=(),
        place="p1",
        time=TimeSpan(date(2023, 2, 5), date(2023, 2, 5), "day"),
        documents=("d1", "d2"),
        independent_reports=2,
        evidence=(Evidence("d1", 0, 40, f"Crowds gathered in the square {payload}"),),
        conflicts=(Conflict("place", (ConflictValue(payload, ("d2",)),), event="ev-1"),),
    )
    return Storyline(
        documents=(
            Document("d1", "x", title=f"Title {payload}", outlet=f"Outlet {payload}",
                     url="javascript:alert(1)", published=Published(date(2023, 2, 6), True)),
            Document("d2", "y", title="Plain", outlet="Wire", url="https://example.org/a"),
        ),
        entities=(Entity("e1", f"Kem {payload}", "person"),),
        places=(Place("p1", f"Square {payload}", "city", 1.5, 2.5),),
        events=(event,),
        conflicts=(Conflict("name", names, entity="e1"),),
    )  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_escapes_hostile_text(payload: str) -> None:
    page = render_report(hostile(payload))
    assert payload not in page
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;") >= 8
    assert 'href="javascript:' not in page
    assert 'href="https://example.org/a"' in page


def test_report_has_a_strict_csp_and_no_outside_assets() -> None:
    page = render_report(hostile("x"))
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "<link" not in page and "src=" not in page


def test_report_shows_the_event_its_sources_and_conflicts() -> None:
    page = render_report(hostile("x"))
    for text in (
        "PROTEST",
        "completed",
        "5 Feb 2023",
        "1.5000, 2.5000",
        "2 independent reports in 2 documents",
        "Title x",
        "Outlet x",
        "(inferred)",
        "Sources disagree",
        "Kem Oru",
        'id="doc-d2"',
    ):
        assert text in page, text


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (TimeSpan(date(2020, 3, 26), date(2020, 3, 26), "day"), "26 Mar 2020"),
        (TimeSpan(date(2020, 3, 17), date(2020, 3, 30), "day"), "17–30 Mar 2020"),
        (TimeSpan(date(2020, 2, 28), date(2020, 3, 2), "day"), "28 Feb – 2 Mar 2020"),
        (TimeSpan(date(2020, 3, 1), date(2020, 3, 31), "month"), "Mar 2020 (month)"),
        (TimeSpan(date(2020, 1, 1), date(2020, 3, 31), "quarter"), "Jan–Mar 2020 (quarter)"),
        (TimeSpan(date(2020, 1, 1), date(2020, 12, 31), "year"), "2020 (year)"),
        (TimeSpan(date(2020, 3, 16), date(2020, 3, 22), "week"), "16–22 Mar 2020 (week)"),
        (TimeSpan(None, None), "date unknown"),
        (TimeSpan(date(2020, 3, 1), None), "from 1 Mar 2020"),
    ],
)
def test_format_span_shows_the_precision(span: TimeSpan, expected: str) -> None:
    assert format_span(span) == expected


def test_timeline_has_a_line_per_event_and_a_place_line() -> None:
    lines = format_timeline(hostile("!"), width=120).splitlines()
    assert lines[0] == "2023-02-05  PROTEST    completed    Crowds gather !  [2 reports]"
    assert lines[1].startswith(" " * 12 + "at Square ! (1.500, 2.500)")
    assert "! conflicting reports: place" in lines[1]


@pytest.mark.parametrize("width", [40, 60, 80])
def test_timeline_lines_fit_the_width(width: int) -> None:
    text = format_timeline(hostile("a very long tail " * 8), width=width)
    assert all(len(line) <= width for line in text.splitlines())
    assert ("[2 reports]" in text) == (width > 50)


def test_timeline_strips_terminal_escapes_and_honours_the_limit() -> None:
    text = format_timeline(hostile("\x1b[31mred\x1b[0m\nnext"), limit=0)
    assert text == "… and 1 more events (storyline export shows all)\n"
    assert "\x1b" not in format_timeline(hostile("\x1b[31mred\x1b[0m\nnext"))
