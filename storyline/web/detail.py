"""An event's evidence, laid out for the evidence panel.

Each evidence sentence comes with its neighbours as context and with marks
(offsets into the context) on the words that carry the event's fields: the
trigger, the actors, the place, the date, the quantities. Each field then
lists the sentences that support its value and, where the sources disagree,
those that state another value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from storyline.model import Conflict, Document, Entity, Event, Evidence, Place
from storyline.output.export import conflict_json, document_json, event_json, place_json
from storyline.web.queries import Reader

CONTEXT_SENTENCES = 1
_MENTION_FIELDS = {"place": "place", "timex": "date", "quantity": "quantity"}


def event_detail(reader: Reader, event: Event) -> dict[str, Any]:
    """Return the event with its sources, evidence in context, fields and conflicts."""
    doc_ids = list(dict.fromkeys([*event.documents, *(ev.document for ev in event.evidence)]))
    docs = reader.documents(doc_ids)
    entities = reader.entity_names([*event.source, *event.target])
    places = reader.places([event.place]) if event.place else []
    triggers = reader.triggers(event.id)
    texts = {doc_id: reader.document(doc_id) for doc_id in {ev.document for ev in event.evidence}}
    names = _actor_names(event, entities)
    evidence = [
        _evidence(reader, i, ev, texts.get(ev.document), event, names, triggers)
        for i, ev in enumerate(event.evidence)
    ]
    return {
        "event": event_json(event),
        "sources": [_source(doc_id, docs.get(doc_id)) for doc_id in doc_ids],
        "entities": {
            e.id: {"id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases)}
            for e in entities.values()
        },
        "place": place_json(places[0][0], places[0][1]) if places else None,
        "evidence": evidence,
        "fields": fields(event, evidence, entities, places[0][0] if places else None),
        "conflicts": [conflict_json(c) for c in event.conflicts],
    }


def _source(doc_id: str, doc: Document | None) -> dict[str, Any]:
    if doc is None:
        return {"id": doc_id, "title": None, "outlet": None, "url": None, "published": None}
    return document_json(doc)


def _actor_names(event: Event, entities: Mapping[str, Entity]) -> dict[str, str]:
    """Return lower-cased name or alias -> role ("source" or "target") of the event's actors."""
    names: dict[str, str] = {}
    for role, ids in (("source", event.source), ("target", event.target)):
        for entity_id in ids:
            entity = entities.get(entity_id)
            for name in (entity.name, *entity.aliases) if entity else ():
                names.setdefault(_fold(name), role)
    return names


def _fold(name: str) -> str:
    name = name.casefold().strip()
    return name[4:] if name.startswith("the ") else name


def _evidence(
    reader: Reader,
    index: int,
    ev: Evidence,
    doc: Document | None,
    event: Event,
    names: Mapping[str, str],
    triggers: Iterable[tuple[str, int, int, str]],
) -> dict[str, Any]:
    """Return one evidence sentence with its context and the marks on its words."""
    start, end = _context_span(reader, ev)
    context = doc.text[start:end] if doc else ev.text
    if not doc:
        start, end = ev.start, ev.end
    marks = [{"start": ev.start - start, "end": ev.end - start, "field": "evidence"}]
    for doc_id, t_start, t_end, _ in triggers:
        if doc_id == ev.document and ev.start <= t_start and t_end <= ev.end:
            marks.append({"start": t_start - start, "end": t_end - start, "field": "type"})
    for mention in reader.mentions(ev.document, start=ev.start, end=ev.end):
        field = _mention_field(mention, event, names)
        if field:
            marks.append(
                {"start": mention["start"] - start, "end": mention["end"] - start, "field": field}
            )
    return {
        "index": index,
        "document": ev.document,
        "start": ev.start,
        "end": ev.end,
        "text": ev.text,
        "context": {"start": start, "end": end, "text": context},
        "marks": marks,
    }


def _context_span(reader: Reader, ev: Evidence) -> tuple[int, int]:
    """Return the span of the evidence sentence and its neighbours."""
    sentences = reader.sentences(ev.document, start=ev.start, end=ev.end)
    if not sentences:
        return ev.start, ev.end
    first, last = sentences[0][0] - CONTEXT_SENTENCES, sentences[-1][0] + CONTEXT_SENTENCES
    span = reader.sentence_range(ev.document, max(first, 0), last)
    if span is None:
        return ev.start, ev.end
    return min(span[0], ev.start), max(span[1], ev.end)


def _mention_field(mention: dict[str, Any], event: Event, names: Mapping[str, str]) -> str:
    """Return the event field a mention carries, or "" when it carries none."""
    kind = mention["kind"]
    if kind in ("actor", "entity"):
        return names.get(_fold(mention["text"]), "") if kind == "actor" else ""
    if kind == "place":
        return "place" if event.place and mention["ref"] == event.place else ""
    if kind == "quantity":
        wanted = {q.name for q in event.quantities}
        return f"quantity:{mention['label']}" if mention["label"] in wanted else ""
    return _MENTION_FIELDS.get(kind, "")


def fields(
    event: Event,
    evidence: list[dict[str, Any]],
    entities: Mapping[str, Entity],
    place: Place | None,
) -> list[dict[str, Any]]:
    """Return each field of the event with its value, supporting and contradicting sentences."""

    def name(entity_id: str) -> str:
        entity = entities.get(entity_id)
        return entity.name if entity else entity_id

    span = event.time
    date = _span_text(span.start, span.end, span.granularity)
    rows = [
        ("type", "Type", f"{event.type} · {event.mode}"),
        ("source", "Source actors", ", ".join(map(name, event.source)) or "—"),
        ("target", "Target actors", ", ".join(map(name, event.target)) or "—"),
        ("place", "Place", place.name if place else "unknown"),
        ("date", "Date", date),
    ]
    rows += [
        (f"quantity:{q.name}", q.name.capitalize(), f"{q.value:g} {q.unit}".strip())
        for q in event.quantities
    ]
    conflicts = {c.field: c for c in event.conflicts}
    out = [_field(key, label, value, evidence, conflicts) for key, label, value in rows]
    known = {key for key, _, _ in rows}
    out += [
        _field(c.field, c.field, str(c.chosen), evidence, conflicts)
        for c in event.conflicts
        if _base(c.field) not in known
    ]
    return out


def _span_text(start: date | None, end: date | None, granularity: str) -> str:
    """Return "2020-01-03 (day)", "2020-03-01 – 2020-03-31 (month)" or "before 2020-01-05"."""
    if start is None and end is None:
        return "unknown"
    if start is None:
        return f"before {end}"
    if end is None:
        return f"after {start}"
    return f"{start} ({granularity})" if start == end else f"{start} – {end} ({granularity})"


def _base(field: str) -> str:
    """Return ``quantity:troops`` for ``quantity:troops (US)``: the mark's field name."""
    return field.split(" (", 1)[0]


def _field(
    key: str,
    label: str,
    value: str,
    evidence: list[dict[str, Any]],
    conflicts: Mapping[str, Conflict],
) -> dict[str, Any]:
    conflict = next((c for f, c in conflicts.items() if _base(f) == key or f == key), None)
    marked = [ev["index"] for ev in evidence if any(_base(m["field"]) == key for m in ev["marks"])]
    if conflict is None:
        supporting, contradicting = marked, []
    else:
        chosen = {d for v in conflict.values if v.value == conflict.chosen for d in v.documents}
        others = {d for v in conflict.values if v.value != conflict.chosen for d in v.documents}
        supporting = _from(evidence, chosen - others, marked)
        contradicting = _from(evidence, others - chosen, marked)
    return {
        "field": key,
        "label": label,
        "value": value,
        "supporting": supporting,
        "contradicting": contradicting,
        "conflict": conflict_json(conflict) if conflict else None,
    }


def _from(evidence: list[dict[str, Any]], docs: set[str], marked: list[int]) -> list[int]:
    """Return the evidence from ``docs``: the marked sentences, or all of them if none is."""
    mine = [ev["index"] for ev in evidence if ev["document"] in docs]
    return [i for i in mine if i in marked] or mine
