"""Records to JSON and table rows, and back, fast enough to run on every build.

The JSON is that of :mod:`storyline.codec`, but the converters read each type's
hints once instead of once per value. Tokens, most of a document, are kept
apart as rows of field values.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

from storyline import model
from storyline.model import Conflict, Document, Event, Published, Token

Convert = Callable[[Any], Any]
# Tokens are most of a document: they live in their own column as rows of
# their field values, which is several times faster to write and read.
TOKEN_FIELDS = tuple(f.name for f in dataclasses.fields(Token))
_token_row = operator.attrgetter(*TOKEN_FIELDS)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model), vars(model))


@functools.cache
def _encoder(hint: Any) -> Convert | None:
    """Return a function giving :func:`storyline.codec.encode` of a ``hint``, or None if identity.

    The type hints are read once per type instead of once per value.
    """
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _encoder(inner[0]) if len(inner) == 1 else None
    if origin is tuple:
        item = _encoder(typing.get_args(hint)[0])
        return list if item is None else lambda value: [item(v) for v in value]
    if origin is dict:
        item = _encoder(typing.get_args(hint)[1])
        return dict if item is None else lambda value: {k: item(v) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return _record_encoder(hint)
    return date.isoformat if hint is date else None


def _record_encoder(cls: type) -> Convert:
    hints = _hints(cls)
    names = tuple(f.name for f in dataclasses.fields(cls))
    encoders = tuple(_encoder(hints[name]) for name in names)
    values = operator.attrgetter(*names)

    def encode(record: Any) -> dict[str, Any]:
        return {
            name: value if enc is None or value is None else enc(value)
            for name, enc, value in zip(names, encoders, values(record), strict=True)
        }

    return encode


@functools.cache
def _converter(hint: Any) -> Convert | None:
    """Return a function giving :func:`storyline.codec.decode` of a ``hint``, or None if identity.

    The type hints are read once per type instead of once per value.
    """
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        return tuple if item is None else lambda data: tuple(map(item, data))
    if origin is dict:
        value = _converter(typing.get_args(hint)[1])
        return dict if value is None else lambda data: {k: value(v) for k, v in data.items()}
    if dataclasses.is_dataclass(hint):
        return _record(hint)
    if hint is date:
        return date.fromisoformat
    return float if hint is float else None


def _record(cls: type) -> Convert:
    hints = _hints(cls)
    fields = tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))
    names = {name for name, _ in fields}
    if all(conv is None for _, conv in fields):
        return lambda data: cls(**(data if data.keys() <= names else _known(data, names)))

    def decode(data: dict[str, Any]) -> Any:
        kwargs = {}
        for name, conv in fields:
            if name in data:
                value = data[name]
                kwargs[name] = value if conv is None or value is None else conv(value)
        return cls(**kwargs)

    return decode


def _known(data: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in names}


def encode_record(record: Any) -> dict[str, Any]:
    """Return a model record as codec JSON data."""
    return _encoder(type(record))(record)


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


_decode_analysis = _record(Document)
decode_event = _record(Event)
decode_conflict = _record(Conflict)
decode_published = _record(Published)


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
