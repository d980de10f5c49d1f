"""Export the storyline as the contract's JSON document, CSV, GeoJSON or Parquet.

Every format lists events by start date (unknown dates last), then id, and
writes the same bytes for the same storyline.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from storyline.analyse.event_mappings import acled_type, cameo_roots
from storyline.errors import UsageError
from storyline.model import (
    Conflict,
    ConflictValue,
    Document,
    Event,
    Place,
    Published,
    Storyline,
)
from storyline.store.changes import EventChange

FORMAT = "storyline/1"
FORMATS = ("json", "csv", "geojson", "parquet")
CSV_COLUMNS = (
    "id",
    "type",
    "mode",
    "label",
    "start",
    "end",
    "granularity",
    "place",
    "lat",
    "lon",
    "source",
    "target",
    "documents",
    "independent_reports",
    "evidence",
)
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Return a sort key that orders ``e2`` before ``e10``."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))


def sorted_events(storyline: Storyline) -> list[Event]:
    """Return the events by start date, unknown dates last, then by id."""
    return sorted(
        storyline.events,
        key=lambda e: (e.time.start is None, e.time.start or 0, natural_key(e.id)),
    )


def to_json(storyline: Storyline) -> dict[str, Any]:
    """Return the export document of the contract (format ``storyline/1``)."""
    return {
        "format": FORMAT,
        "documents": [_document(d) for d in sorted(storyline.documents, key=_id_key)],
        "entities": [
            {"id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases)}
            for e in sorted(storyline.entities, key=_id_key)
        ],
        "places": [
            _place(p, storyline.place_aliases.get(p.id, ()))
            for p in sorted(storyline.places, key=_id_key)
        ],
        "events": [_event(e) for e in sorted_events(storyline)],
        "conflicts": [_conflict(c) for c in sorted(storyline.conflicts, key=_conflict_key)],
    }


def event_json(event: Event) -> dict[str, Any]:
    """Return one event shaped as in the export document (the web API reuses it)."""
    return _event(event)


def document_json(doc: Document) -> dict[str, Any]:
    """Return one document's metadata shaped as in the export document."""
    return _document(doc)


def place_json(place: Place, aliases: tuple[str, ...]) -> dict[str, Any]:
    """Return one place shaped as in the export document."""
    return _place(place, aliases)


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """Return one conflict shaped as in the export document."""
    return _conflict(conflict)


def _id_key(record: Document | Place | Any) -> tuple[Any, ...]:
    return natural_key(record.id)


def _conflict_key(conflict: Conflict) -> tuple[Any, ...]:
    return natural_key(conflict.entity or conflict.event or ""), conflict.field


def _document(doc: Document) -> dict[str, Any]:
    pub = doc.published
    published = {
        "date": pub.date.isoformat() if pub and pub.date else None,
        "inferred": bool(pub and pub.inferred),
        "confidence": pub.confidence if pub else None,
        "reason": pub.reason if pub else "",
        # The days the publication can fall in: given, inferred or only bounded.
        "interval": _interval(pub),
    }
    return {
        "id": doc.id,
        "title": doc.title,
        "outlet": doc.outlet,
        "url": doc.url,
        "language": doc.language,
        "published": published,
    }


def _interval(pub: Published | None) -> dict[str, str | None]:
    """Return the first and last day a publication can fall on; a given date is both."""
    start, end = (pub.span.start, pub.span.end) if pub and pub.span else (None, None)
    if pub and pub.date and not pub.span:
        start = end = pub.date
    return {"start": start and start.isoformat(), "end": end and end.isoformat()}


def _place(place: Place, aliases: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "geonameid": place.geonameid,
        "aliases": list(aliases),
        "source": place.source,
    }


def _event(event: Event) -> dict[str, Any]:
    span = event.time
    known = span.granularity != "unknown"
    return {
        "id": event.id,
        "type": event.type,
        "label": event.label,
        "mode": event.mode,
        "cameo_roots": cameo_roots(event.type),
        "acled": acled_type(event.type, event.mode, " ".join(e.text for e in event.evidence)),
        "actors": {"source": list(event.source), "target": list(event.target)},
        "place": event.place,
        "time": {
            "start": span.start.isoformat() if span.start else None,
            "end": span.end.isoformat() if span.end else None,
            "granularity": span.granularity if known else None,
            # Only a time taken from the report's date, not from the text, says so.
            **({"source": event.time_source} if event.time_source == "report" else {}),
        },
        "quantities": [
            {
                "name": q.name,
                "value": _number(q.value),
                "unit": q.unit,
                "documents": list(q.documents),
                "scope": q.scope,
            }
            for q in event.quantities
        ],
        "documents": list(event.documents),
        "independent_reports": event.independent_reports,
        "evidence": [
            {"document": ev.document, "start": ev.start, "end": ev.end, "text": ev.text}
            for ev in event.evidence
        ],
        "conflicts": [_conflict(c) for c in event.conflicts],
    }


def _conflict(conflict: Conflict) -> dict[str, Any]:
    return {
        "field": conflict.field,
        "entity": conflict.entity,
        "event": conflict.event,
        "values": [_conflict_value(v) for v in conflict.values],
        "chosen": _number(conflict.chosen),
        "rule": conflict.rule,
    }


def _conflict_value(value: ConflictValue) -> dict[str, Any]:
    return {"value": _number(value.value), "documents": list(value.documents)}


def _number(value: Any) -> Any:
    """Write whole floats as integers (800, not 800.0), as the contract shows them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def summary_rows(storyline: Storyline) -> Iterator[dict[str, Any]]:
    """Yield one flat summary per event, in export order: the CSV and Parquet rows."""
    places = {p.id: p for p in storyline.places}
    names = {e.id: e.name for e in storyline.entities}
    for event in sorted_events(storyline):
        place = places.get(event.place or "")
        span = event.time
        yield {
            "id": event.id,
            "type": event.type,
            "mode": event.mode,
            "label": event.label,
            "start": span.start.isoformat() if span.start else None,
            "end": span.end.isoformat() if span.end else None,
            "granularity": span.granularity,
            "place": place.name if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "source": [names.get(a, a) for a in event.source],
            "target": [names.get(a, a) for a in event.target],
            "documents": list(event.documents),
            "independent_reports": event.independent_reports,
            "evidence": event.evidence[0].text if event.evidence else "",
        }


def to_geojson(storyline: Storyline) -> dict[str, Any]:
    """Return a FeatureCollection with a Point per event whose place has coordinates."""
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": row,
        }
        for row in summary_rows(storyline)
        if row["lat"] is not None and row["lon"] is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def changes_json(changes: Sequence[EventChange], *, since: int) -> dict[str, Any]:
    """Return the change-log section: what each build after ``since`` did to the events."""
    return {
        "since": since,
        "builds": sorted({c.build for c in changes}),
        "events": [
            {"build": c.build, "event": c.event, "change": c.change, "related": list(c.related)}
            for c in changes
        ],
    }


def write_export(
    storyline: Storyline,
    fmt: str,
    out: IO[str] | IO[bytes],
    *,
    changes: dict[str, Any] | None = None,
) -> None:
    """Write the storyline to ``out`` as ``json``, ``csv``, ``geojson`` or ``parquet``.

    ``out`` may be a text or a binary stream; Parquet needs a binary one.
    ``changes`` (from :func:`changes_json`) is added to the JSON document as
    its ``changes`` section; other formats cannot carry it.
    """
    if changes is not None and fmt != "json":
        raise UsageError(f"--since needs --format json; {fmt} has no place for the change log")
    writers: dict[str, Callable[[Storyline, IO[Any]], None]] = {
        "json": lambda s, o: _write_text(
            o, _dump_json(to_json(s) | ({"changes": changes} if changes is not None else {}))
        ),
        "geojson": lambda s, o: _write_text(o, _dump_json(to_geojson(s))),
        "csv": lambda s, o: _write_text(o, to_csv(s)),
        "parquet": _write_parquet,
    }
    if fmt not in writers:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writers[fmt](storyline, out)


def to_csv(storyline: Storyline) -> str:
    """Return the events as CSV, one row per event; list cells are joined with ``; ``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in summary_rows(storyline):
        writer.writerow(_csv_cell(row[column]) for column in CSV_COLUMNS)
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else value


def _dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write_text(out: IO[Any], text: str) -> None:
    if isinstance(out, io.TextIOBase):
        out.write(text)
    else:
        out.write(text.encode("utf-8"))


def _write_parquet(storyline: Storyline, out: IO[Any]) -> None:
    if importlib.util.find_spec("pyarrow") is None:
        raise UsageError("the parquet format needs pyarrow: pip install pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(out, io.TextIOBase):
        if not hasattr(out, "buffer"):
            raise UsageError("parquet is binary: write it to a file with -o FILE")
        out = out.buffer
    table = pa.Table.from_pylist(list(summary_rows(storyline)))
    pq.write_table(table, out)
