"""The static HTML report: one self-contained page an analyst can open or send.

All article-derived text is hostile, so every value is escaped with
:func:`html.escape` where it enters the page, and a strict Content Security
Policy forbids scripts and outside resources anyway.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from string import Template
from typing import Any

from storyline.model import Conflict, Document, Entity, Event, Evidence, Place, Storyline
from storyline.output.export import natural_key, sorted_events
from storyline.output.timeline import format_span

_SAFE_SCHEMES = ("http://", "https://")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


@functools.cache
def _template() -> Template:
    page = resources.files("storyline.output").joinpath("templates/report.html")
    return Template(page.read_text("utf-8"))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def render_report(storyline: Storyline, *, title: str = "Storyline report") -> str:
    """Return the storyline as a self-contained HTML page, every text escaped."""
    view = _View.of(storyline)
    events = sorted_events(storyline)
    return _template().substitute(
        title=_e(title),
        subtitle=_e(_coverage(events)),
        counts=_counts(storyline, events),
        timeline="\n".join(_event(event, view) for event in events)
        or '<p class="empty">No events found.</p>',
        name_conflicts=_name_conflicts(storyline.conflicts, view),
        documents=_documents(storyline.documents),
    )


@dataclass(frozen=True, slots=True)
class _View:
    """Look-up tables for rendering: ids to entities, places and documents."""

    entities: Mapping[str, Entity]
    places: Mapping[str, Place]
    documents: Mapping[str, Document]

    @classmethod
    def of(cls, storyline: Storyline) -> _View:
        return cls(
            {e.id: e for e in storyline.entities},
            {p.id: p for p in storyline.places},
            {d.id: d for d in storyline.documents},
        )

    def entity(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return _e(entity.name) if entity else f'<span class="docid">{_e(entity_id)}</span>'

    def source(self, doc_id: str) -> str:
        """Return a document as "title, outlet, date" linked to the documents list."""
        doc = self.documents.get(doc_id)
        name = _e(doc.title or doc_id) if doc else _e(doc_id)
        parts = [f'<a href="#doc-{_e(doc_id)}">{name}</a>']
        if doc and doc.outlet:
            parts.append(_e(doc.outlet))
        if doc:
            parts.append(_published(doc))
        return ", ".join(parts)


def _coverage(events: list[Event]) -> str:
    days = [d for e in events for d in (e.time.start, e.time.end) if d is not None]
    if not days:
        return "No dated events."
    return f"Events from {min(days):%d %b %Y} to {max(days):%d %b %Y}."


def _counts(storyline: Storyline, events: list[Event]) -> str:
    conflicted = sum(1 for e in events if e.conflicts)
    items = [
        (len(events), "events"),
        (len(storyline.documents), "documents"),
        (len(storyline.entities), "actors"),
        (len(storyline.places), "places"),
        (conflicted, "events with conflicts"),
        (len(storyline.conflicts), "name conflicts"),
    ]
    cells = "".join(f"<li><b>{n}</b><span>{_e(label)}</span></li>" for n, label in items)
    types = Counter(e.type for e in events)
    by_type = " · ".join(f"{_e(t)} {n}" for t, n in sorted(types.items(), key=lambda x: -x[1]))
    return f'<ul class="counts">{cells}</ul><p class="types">{by_type}</p>'


def _event(event: Event, view: _View) -> str:
    marked = " conflicted" if event.conflicts else ""
    warn = '<span class="tag warn">conflict</span>' if event.conflicts else ""
    return (
        f'<article class="event{marked}" id="event-{_e(event.id)}">'
        f'<div class="when">{_when(event)}</div><div>'
        f'<h3><span class="tag">{_e(event.type)}</span><span class="tag mode">{_e(event.mode)}'
        f"</span>{warn}{_e(event.label)}</h3>"
        f"{_facts(event, view)}{_event_conflicts(event.conflicts)}"
        f"{''.join(_quote(ev, view) for ev in event.evidence)}"
        f"{_sources(event, view)}</div></article>"
    )


def _when(event: Event) -> str:
    span = event.time
    stamp = f' datetime="{_e(span.start.isoformat())}"' if span.start else ""
    precision = span.granularity if span.known else "unknown"
    return (
        f"<time{stamp}>{_e(format_span(span))}</time>"
        f'<span class="precision">precision: {_e(precision)}</span>'
    )


def _facts(event: Event, view: _View) -> str:
    rows = [("Place", _place(view.places.get(event.place or ""), event.place))]
    if event.source:
        rows.append(("Source", ", ".join(view.entity(a) for a in event.source)))
    if event.target:
        rows.append(("Target", ", ".join(view.entity(a) for a in event.target)))
    for q in event.quantities:
        value = f"{q.value:g} {q.unit}".strip()
        cited = f"<span class='docid'>{_e(', '.join(q.documents))}</span>"
        rows.append((q.name, f"{_e(value)} {cited}"))
    independent = _plural(event.independent_reports, "independent report")
    documents = _plural(len(event.documents), "document")
    rows.append(("Reports", f"{_e(independent)} in {_e(documents)}"))
    cells = "".join(f"<dt>{_e(name)}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="facts">{cells}</dl>'


def _place(place: Place | None, place_id: str | None) -> str:
    if place is None:
        return _e(place_id) if place_id else '<span class="empty">unknown</span>'
    return (
        f"{_e(place.name)} <span class='coords'>{place.lat:.4f}, {place.lon:.4f}</span> "
        f"<span class='docid'>{_e(place.kind)}</span>"
    )


def _event_conflicts(conflicts: Iterable[Conflict]) -> str:
    items = "".join(f"<li>{_conflict_line(c)}</li>" for c in conflicts)
    if not items:
        return ""
    return f'<div class="conflicts"><strong>Sources disagree</strong><ul>{items}</ul></div>'


def _conflict_line(conflict: Conflict) -> str:
    values = " vs ".join(
        f"<b>{_e(_value(v.value))}</b> <span class='docid'>({_e(', '.join(v.documents))})</span>"
        for v in conflict.values
    )
    chosen = ""
    if conflict.chosen is not None:
        rule = f" by {_e(conflict.rule)}" if conflict.rule else ""
        chosen = f"; kept <b>{_e(_value(conflict.chosen))}</b>{rule}"
    return f"{_e(conflict.field)}: {values}{chosen}"


def _value(value: str | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _quote(evidence: Evidence, view: _View) -> str:
    return (
        f"<blockquote>{_e(evidence.text)}"
        f"<footer>— {view.source(evidence.document)} "
        f"<span class='docid'>[{_e(evidence.start)}–{_e(evidence.end)}]</span>"
        "</footer></blockquote>"
    )


def _sources(event: Event, view: _View) -> str:
    items = "".join(f"<li>{view.source(d)}</li>" for d in event.documents)
    label = _e(_plural(len(event.documents), "source"))
    return f"<details><summary>{label}</summary><ul>{items}</ul></details>"


def _published(doc: Document) -> str:
    pub = doc.published
    if pub is None or pub.date is None:
        return '<span class="empty">undated</span>'
    day = _e(f"{pub.date.day} {pub.date:%b %Y}")
    if not pub.inferred:
        return day
    reason = f": {pub.reason}" if pub.reason else ""
    return f'{day} <span class="inferred">(inferred{_e(reason)})</span>'


def _name_conflicts(conflicts: Iterable[Conflict], view: _View) -> str:
    rows = "".join(
        f"<tr><td>{view.entity(c.entity or '')}</td><td>{_conflict_line(c)}</td></tr>"
        for c in sorted(conflicts, key=lambda c: natural_key(c.entity or c.event or ""))
    )
    if not rows:
        return '<p class="empty">No conflicting names.</p>'
    return f"<table><tr><th>Actor</th><th>Values reported</th></tr>{rows}</table>"


def _documents(documents: Iterable[Document]) -> str:
    rows = "".join(
        f'<tr id="doc-{_e(d.id)}"><td class="docid">{_e(d.id)}</td><td>{_e(d.title or "")}'
        f"{_link(d.url)}</td><td>{_e(d.outlet or '')}</td><td>{_published(d)}</td></tr>"
        for d in sorted(documents, key=lambda d: natural_key(d.id))
    )
    if not rows:
        return '<p class="empty">No documents.</p>'
    head = "<tr><th>Id</th><th>Title</th><th>Outlet</th><th>Published</th></tr>"
    return f"<table>{head}{rows}</table>"


def _link(url: str | None) -> str:
    if not url:
        return ""
    if url.lower().startswith(_SAFE_SCHEMES):
        return f' <a class="docid" href="{_e(url)}" rel="noopener noreferrer">link</a>'
    return f' <span class="docid">{_e(url)}</span>'
