"""Turn model records into JSON-ready values and back, guided by their type hints.

The store and the Spark runner both move documents between processes as JSON,
so the conversion lives in one place and follows the dataclass declarations.
The converters read each type's hints once, not once per value, so that a
build can decode every stored document quickly.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any

from storyline import model

Convert = Callable[[Any], Any]


def encode(record: Any) -> Any:
    """Return a model record as plain JSON-compatible data (dicts, lists, str, numbers)."""
    return _encoder(type(record))(record)


def decoder(cls: type) -> Convert:
    """Return a function that rebuilds a ``cls`` record from the output of :func:`encode`."""
    return _record(cls)


def decode(cls: type, data: Any) -> Any:
    """Rebuild a record of type ``cls`` from the output of :func:`encode`."""
    return _record(cls)(data)


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


@functools.cache
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


@functools.cache
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
