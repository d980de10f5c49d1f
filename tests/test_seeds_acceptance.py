"""Acceptance: the storyline of the five seed reports (read from ../shared/seeds).

The seeds are real reports from five outlets about the 2020 handover of Iraqi
bases. Nothing in storyline knows them; this test only checks what a reader
of the reports would expect the storyline to say.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pytest

from storyline.build import build
from storyline.output.export import to_json
from storyline.settings import Settings
from storyline.store import Store

SITES = {
    "al-qaim": (34.37, 41.09),
    "qayyarah": (35.767, 43.125),
    "k1": (35.52, 44.28),
    "baghdad": (33.31, 44.30),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is absent")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    build([seeds], db, settings=Settings(n_process=1))
    return db


@pytest.fixture(scope="module")
def export(store_path: Path) -> dict:
    with Store(store_path, readonly=True) as store:
        return to_json(store.storyline())


def doc_id(export: dict, prefix: str) -> str:
    return next(d["id"] for d in export["documents"] if d["id"].startswith(prefix))


def events_at(export: dict, site: str, type_: str) -> list[dict]:
    places = {p["id"]: p for p in export["places"]}
    return [
        e
        for e in export["events"]
        if e["type"] == type_
        and e["mode"] == "completed"
        and e["place"] in places
        and km((places[e["place"]]["lat"], places[e["place"]]["lon"]), SITES[site]) <= 30
    ]


@pytest.mark.parametrize(
    ("site", "type_", "day", "max_days", "reporters"),
    [
        ("al-qaim", "RETREAT", date(2020, 3, 17), 31, ("000", "002", "003")),
        ("qayyarah", "RETREAT", date(2020, 3, 26), 1, ("002", "003", "004")),
        ("k1", "RETREAT", date(2020, 3, 29), 31, ("002",)),
        ("baghdad", "ASSAULT", date(2020, 1, 3), 1, ("000", "001", "002", "003", "004")),
    ],
)
def test_each_key_event_appears_once_dated_placed_and_fully_cited(
    export: dict, site: str, type_: str, day: date, max_days: int, reporters: tuple[str, ...]
) -> None:
    found = events_at(export, site, type_)
    assert len(found) == 1, [e["label"] for e in found]
    event = found[0]
    start, end = (date.fromisoformat(event["time"][k]) for k in ("start", "end"))
    assert start <= day <= end
    assert (end - start).days + 1 <= max_days
    assert {doc_id(export, p) for p in reporters} <= set(event["documents"])


def test_name_variants_merge(export: dict) -> None:
    names = [{e["name"], *e["aliases"]} for e in export["entities"]]
    soleimani = [n for n in names if any("Soleimani" in a for a in n)]
    assert len(soleimani) == 1
    assert {"Qassem Soleimani", "Qasem Soleimani", "Qasim Soleimani"} <= soleimani[0]
    isis = [n for n in names if n & {"ISIS", "Daesh", "Islamic State"}]
    assert len(isis) == 1 and {"ISIS", "Daesh"} <= isis[0]


def test_place_variants_merge(export: dict) -> None:
    places = [{p["name"], *p["aliases"]} for p in export["places"]]
    qayyarah = [n for n in places if any("Qayara" in a or "Qayyarah" in a for a in n)]
    assert len(qayyarah) == 1


def test_barker_and_parker_are_flagged_as_a_name_conflict(export: dict) -> None:
    flagged = [
        {v["value"] for v in c["values"]} for c in export["conflicts"] if c["field"] == "name"
    ]
    assert any({"Vincent Barker", "Vincent Parker"} <= values for values in flagged)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("001", date(2020, 7, 24)), ("002", date(2020, 3, 29)), ("003", date(2020, 3, 26))],
)
def test_undated_seeds_get_inferred_dates_within_a_day(
    export: dict, prefix: str, expected: date
) -> None:
    doc = next(d for d in export["documents"] if d["id"].startswith(prefix))
    assert doc["published"]["inferred"] is True
    assert abs(date.fromisoformat(doc["published"]["date"]) - expected) <= timedelta(days=1)


def test_a_seed_whose_text_gives_no_date_is_not_guessed(export: dict) -> None:
    doc = next(d for d in export["documents"] if d["id"].startswith("000"))
    assert doc["published"]["date"] is None


def test_every_evidence_is_a_sentence_of_a_cited_document(export: dict, store_path: Path) -> None:
    with Store(store_path, readonly=True) as store:
        texts = {doc.id: doc.text for doc in store.documents()}
    assert export["events"]
    for event in export["events"]:
        assert event["evidence"]
        for ev in event["evidence"]:
            assert ev["document"] in event["documents"]
            assert texts[ev["document"]][ev["start"] : ev["end"]] == ev["text"]
