"""Records to JSON and table rows, and back, fast enough to run on every build.

The JSON is that of :mod:`storyline.codec`. Tokens, most of a document, are
kept apart as rows of field values.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from collections.abc import Iterator, Mapping
from typing import Any

from storyline.codec import decoder, encode
from storyline.model import Conflict, Document, Event, Published, Token

# Tokens are most of a document: they live in their own column as rows of
# their field values, which is several times faster to write and read.
TOKEN_FIELDS = tuple(f.name for f in dataclasses.fields(Token))
_token_row = operator.attrgetter(*TOKEN_FIELDS)


def encode_record(record: Any) -> dict[str, Any]:
    """Return a model record as codec JSON data."""
    return encode(record)


def encode_document(doc: Document) -> tuple[str, str]:
    """Return a document as JSON text: its analysis without tokens, and its token rows."""
    analysis = encode_record(dataclasses.replace(doc, tokens=()))
    tokens = {"fields": TOKEN_FIELDS, "rows": [_token_row(t) for t in doc.tokens]}
    return dumps(analysis), dumps(tokens)


def _decode_tokens(data: str) -> tuple[Token, ...]:
    tokens = json.loads(data)
    if tuple(tokens["fields"]) == TOKEN_FIELDS:
        return tuple(Token(*row) for row in tokens["rows"])
    known = [name in TOKEN_FIELDS for name in tokens["fields"]]
    return tuple(
        Token(**{k: v for k, v, keep in zip(tokens["fields"], row, known, strict=True) if keep})
        for row in tokens["rows"]
    )


def decode_document(analysis: str, tokens: str | None) -> Document:
    """Rebuild a document from :func:`encode_document` output; no tokens when None."""
    doc = _decode_analysis(json.loads(analysis))
    return dataclasses.replace(doc, tokens=_decode_tokens(tokens)) if tokens else doc


_decode_analysis = decoder(Document)
decode_event = decoder(Event)
decode_conflict = decoder(Conflict)
decode_published = decoder(Published)


def dumps(value: Any) -> str:
    """Return compact JSON text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def mention_rows(doc: Document) -> Iterator[tuple[Any, ...]]:
    """Yield the ``mentions`` table rows of every kind of mention in ``doc``."""
    for i, m in enumerate(doc.mentions):
        yield (doc.id, "entity", i, m.start, m.end, m.text, m.label, m.source)
    for i, p in enumerate(doc.places):
        place = p.place
        yield (doc.id, "place", i, p.start, p.end, p.text, place and place.kind, place and place.id)
    for i, a in enumerate(doc.actors):
        yield (doc.id, "actor", i, a.start, a.end, a.text, a.kind, a.key or None)
    for i, t in enumerate(doc.timexes):
        yield (doc.id, "timex", i, t.start, t.end, t.text, t.type, t.value)
    for i, q in enumerate(doc.quantities):
        yield (doc.id, "quantity", i, q.start, q.end, q.text, q.name, f"{q.value:g} {q.unit}")


def event_row(event: Event, coords: Mapping[str, tuple[float, float]]) -> tuple[Any, ...]:
    """Return the ``events`` table row of ``event``, with its place's coordinates."""
    lat, lon = coords.get(event.place or "", (None, None))
    span = event.time
    return (
        event.id,
        event.type,
        event.mode,
        span.start.isoformat() if span.start else None,
        span.end.isoformat() if span.end else None,
        span.granularity,
        event.place,
        lat,
        lon,
        event.label,
        event.independent_reports,
        dumps(encode_record(event)),
    )
