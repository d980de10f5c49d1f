"""Export formats: the contract's JSON document, CSV and GeoJSON that parse back."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from datetime import date

import pytest

from storyline.errors import UsageError
from storyline.model import (
    Conflict,
    ConflictValue,
    Document,
    Entity,
    Event,
    Evidence,
    Place,
    Published,
    QuantityValue,
    Storyline,
    TimeSpan,
)
from storyline.output.export import to_json, write_export

TEXT = 'Militia "units" left the Orrin barracks, a senior officer said.\nOthers stayed.'


def event(id: str, *, start: date | None, place: str | None = "p1", **kw: object) -> Event:
    fields = {
        "type": "RETREAT",
        "label": f"Militia leaves the barracks ({id})",
        "mode": "completed",
        "source": ("e1",),
        "target": ("e2",),
        "place": place,
        "time": TimeSpan(start, start, "day" if start else "unknown"),
        "documents": ("a1", "b2"),
        "independent_reports": 2,
        "evidence": (Evidence("a1", 0, 63, TEXT[:63]),),
    }
    return Event(id=id, **{**fields, **kw})


def storyline() -> Storyline:
    troops = (ConflictValue(400.0, ("a1",)), ConflictValue(350.0, ("b2",)))
    names = (ConflictValue("Ana Brel", ("a1",)), ConflictValue("Ana Brell", ("b2",)))
    events = (
        event("ev-3", start=None, place=None),
        event(
            "ev-2",
            start=date(2022, 7, 9),
            quantities=(QuantityValue("troops", 400.0, "people", ("a1",)),),
            conflicts=(Conflict("quantity:troops", troops, event="ev-2", chosen=400.0),),
        ),
        event("ev-1", start=date(2022, 7, 9)),
        event("ev-10", start=date(2022, 7, 1)),
    )
    return Storyline(
        documents=(
            Document("b2", TEXT, title="Second", outlet="Wire", published=Published(None)),
            Document("a1", TEXT, title="First", published=Published(date(2022, 7, 10), True)),
        ),
        entities=(
            Entity("e2", "Army", "organisation"),
            Entity("e1", "Ana Brel", "person", ("Ana Brell",)),
        ),
        places=(Place("p1", "Orrin Barracks", "facility", 10.25, 20.5, "ZZ"),),
        events=events,
        conflicts=(Conflict("name", names, entity="e1"),),
        place_aliases={"p1": ("Orrin barracks",)},
    )


CONTRACT_KEYS = {
    "top": {"format", "documents", "entities", "places", "events", "conflicts"},
    "document": {"id", "title", "outlet", "url", "language", "published"},
    "published": {"date", "inferred"},
    "entity": {"id", "name", "kind", "aliases"},
    "place": {"id", "name", "kind", "lat", "lon", "country", "geonameid", "aliases"},
    "event": {
        "id", "type", "label", "mode", "actors", "place", "time", "quantities",
        "documents", "independent_reports", "evidence", "conflicts",
    },
    "actors": {"source", "target"},
    "time": {"start", "end", "granularity"},
    "quantity": {"name", "value", "unit", "documents"},
    "evidence": {"document", "start", "end", "text"},
    "conflict": {"field", "values"},
    "value": {"value", "documents"},
}  # fmt: skip


def test_json_export_has_the_contract_keys_and_shapes() -> None:
    data = json.loads(json.dumps(to_json(storyline())))
    assert CONTRACT_KEYS["top"] <= data.keys() and data["format"] == "storyline/1"
    doc = data["documents"][0]
    assert CONTRACT_KEYS["document"] <= doc.keys()
    assert CONTRACT_KEYS["published"] <= doc["published"].keys()
    assert CONTRACT_KEYS["entity"] <= data["entities"][0].keys()
    assert CONTRACT_KEYS["place"] <= data["places"][0].keys()
    assert data["places"][0]["aliases"] == ["Orrin barracks"]
    for item in data["events"]:
        assert CONTRACT_KEYS["event"] <= item.keys()
        assert CONTRACT_KEYS["actors"] <= item["actors"].keys()
        assert CONTRACT_KEYS["time"] <= item["time"].keys()
        assert all(CONTRACT_KEYS["evidence"] <= ev.keys() for ev in item["evidence"])
        assert isinstance(item["documents"], list) and isinstance(item["independent_reports"], int)
    ev2 = next(item for item in data["events"] if item["id"] == "ev-2")
    assert CONTRACT_KEYS["quantity"] <= ev2["quantities"][0].keys()
    assert ev2["quantities"][0]["value"] == 400
    conflict = ev2["conflicts"][0]
    assert CONTRACT_KEYS["conflict"] <= conflict.keys()
    assert conflict["values"] == [
        {"value": 400, "documents": ["a1"]},
        {"value": 350, "documents": ["b2"]},
    ]
    assert {"field": "name", "entity": "e1"}.items() <= data["conflicts"][0].items()


def test_json_export_orders_events_by_time_then_id_unknown_last() -> None:
    data = to_json(storyline())
    assert [e["id"] for e in data["events"]] == ["ev-10", "ev-1", "ev-2", "ev-3"]
    assert data["events"][-1]["time"] == {"start": None, "end": None, "granularity": None}
    assert [d["id"] for d in data["documents"]] == ["a1", "b2"]


def test_undated_document_exports_a_null_date() -> None:
    docs = {d["id"]: d for d in to_json(storyline())["documents"]}
    assert docs["b2"]["published"]["date"] is None
    assert docs["a1"]["published"] == {
        "date": "2022-07-10",
        "inferred": True,
        "confidence": 1.0,
        "reason": "",
        "interval": {"start": "2022-07-10", "end": "2022-07-10"},
    }


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
@pytest.mark.parametrize("binary", [False, True])
def test_export_is_byte_identical_across_runs_and_streams(fmt: str, binary: bool) -> None:
    outputs = []
    for _ in range(2):
        out = io.BytesIO() if binary else io.StringIO()
        write_export(storyline(), fmt, out)
        value = out.getvalue()
        outputs.append(value if binary else value.encode("utf-8"))
    assert outputs[0] == outputs[1] and outputs[0]


def test_csv_parses_back_with_quoting_intact() -> None:
    out = io.StringIO()
    write_export(storyline(), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["id"] for r in rows] == ["ev-10", "ev-1", "ev-2", "ev-3"]
    first = rows[0]
    assert first["evidence"] == TEXT[:63] and '"units"' in first["evidence"]
    assert (first["place"], first["lat"], first["lon"]) == ("Orrin Barracks", "10.25", "20.5")
    assert (first["source"], first["target"], first["documents"]) == ("Ana Brel", "Army", "a1; b2")
    assert rows[-1]["start"] == "" and rows[-1]["place"] == ""


def test_geojson_has_a_point_per_placed_event() -> None:
    out = io.StringIO()
    write_export(storyline(), "geojson", out)
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == ["ev-10", "ev-1", "ev-2"]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [20.5, 10.25]}
    assert feature["properties"]["label"] == "Militia leaves the barracks (ev-10)"


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown export format 'xml'"):
        write_export(storyline(), "xml", io.StringIO())


def test_parquet_without_pyarrow_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(UsageError, match="pip install pyarrow"):
        write_export(storyline(), "parquet", io.BytesIO())
