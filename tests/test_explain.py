"""Stored merge decisions, `storyline explain` and the event change log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_resolve import report

from storyline.model import Document, Place
from storyline.output.export import changes_json, write_export
from storyline.resolve.explain import event_explanation, explain_event
from storyline.resolve.storyline import resolve_storyline
from storyline.store import BuildLog, Store

# About 41 km east of the test base: in a neighbouring map cell, beyond the 30 km merge radius.
NEIGHBOUR = Place("gn:9", "Neighbour Town", "city", 35.0, 43.45, "IQ")


def _save(store: Store, docs: list[Document]):  # noqa: ANN202
    resolution = resolve_storyline(docs, previous_members=store.event_members())
    store.save_storyline(
        resolution.storyline,
        members=resolution.members,
        build=BuildLog(),
        decisions=resolution.decisions,
    )
    return resolution


def _elsewhere(doc_id: str, text: str) -> Document:
    doc = report(doc_id, text, date(2020, 3, 26))
    place = doc.places[0]
    return Document(
        **{
            f: getattr(doc, f) for f in ("id", "text", "published", "sentences", "actors", "events")
        },
        places=(type(place)(place.start, place.end, place.text, 0, NEIGHBOUR, 1.0),),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "s.db") as opened:
        yield opened


def test_explanation_shows_each_merge_with_its_features(store: Store) -> None:
    docs = [report(d, "Base handed over.", date(2020, 3, 26)) for d in ("a", "b")]
    (event,) = _save(store, docs).storyline.events
    data = event_explanation(store, event.id)
    actions = sorted(m["action"] for m in data["members"])
    assert actions == ["joined: best compatible cluster", "opened"]
    joined = next(m for m in data["members"] if m["action"].startswith("joined"))
    assert joined["features"]["place_km"] == 0.0 and joined["features"]["time_compatible"] == 1.0
    json.dumps(data)  # the web API serves it as is
    assert "merged mentions:" in explain_event(store, event.id)


def test_explanation_lists_the_event_kept_apart_and_why(store: Store) -> None:
    docs = [
        report("a", "Base handed over.", date(2020, 3, 26)),
        _elsewhere("b", "Base handed over."),
    ]
    events = _save(store, docs).storyline.events
    assert len(events) == 2
    reasons = [k["reason"] for e in events for k in event_explanation(store, e.id)["kept_apart"]]
    assert reasons == ["places more than 30 km apart"]


def test_unknown_event_is_a_clear_error(store: Store) -> None:
    from storyline.errors import StoreError

    with pytest.raises(StoreError, match="no event 'ev-x'"):
        event_explanation(store, "ev-x")


def test_change_log_records_new_events_then_a_merge(store: Store) -> None:
    first = _save(store, [report("a", "Base handed over.", date(2020, 3, 26))])
    (kept,) = first.storyline.events
    _save(
        store,
        [
            report("a", "Base handed over.", date(2020, 3, 26)),
            report("b", "Base handed over.", date(2020, 3, 26)),
        ],
    )
    assert [(c.build, c.change) for c in store.changes()] == [(1, "new"), (2, "changed")]
    assert [c.event for c in store.changes(since=1)] == [kept.id]


def test_export_since_adds_a_changes_section(store: Store) -> None:
    import io

    _save(store, [report("a", "Base handed over.", date(2020, 3, 26))])
    out = io.StringIO()
    write_export(store.storyline(), "json", out, changes=changes_json(store.changes(), since=0))
    changes = json.loads(out.getvalue())["changes"]
    assert changes["since"] == 0 and [e["change"] for e in changes["events"]] == ["new"]


def test_diff_names_merges_and_splits() -> None:
    from storyline.store.changes import diff_events

    old = {("a", 0): "ev-1", ("b", 0): "ev-2", ("c", 0): "ev-3", ("c", 1): "ev-3"}
    new = {("a", 0): "ev-1", ("b", 0): "ev-1", ("c", 0): "ev-3", ("c", 1): "ev-4"}
    previous = {"ev-1": "x", "ev-2": "y", "ev-3": "z"}
    current = {"ev-1": "x2", "ev-3": "z", "ev-4": "w"}
    assert diff_events(previous, current, old, new) == [
        ("ev-2", "merged", ("ev-1",)),
        ("ev-1", "changed", ("ev-2",)),
        ("ev-4", "split", ("ev-3",)),
    ]
