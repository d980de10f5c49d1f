"""The geocode task: scoring helpers, predictions on hand-made records, and a quality floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.knowledge import load_gazetteer
from storyline.settings import Settings
from storyline.tasks import geocode

BENCHMARKS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"

TEXT = "Officials in Athens, Ga., said the storm reached Atlanta and Macon overnight."


def _record(text: str = TEXT) -> dict:
    toponyms = []
    for name, lat, lon in (("Athens", 33.96, -83.38), ("Atlanta", 33.75, -84.39)):
        start = text.index(name)
        toponyms.append({"start": start, "end": start + len(name), "text": name,
                         "lat": lat, "lon": lon, "geonameid": None})  # fmt: skip
    return {"id": "t1", "source": "LGL", "text": text, "toponyms": toponyms}


def test_error_km_is_zero_on_the_spot_and_the_miss_value_when_unresolved() -> None:
    gold = {"lat": 33.75, "lon": -84.39}
    assert geocode.error_km(gold, {"lat": 33.75, "lon": -84.39}) == pytest.approx(0.0)
    assert geocode.error_km(gold, None) == geocode.MISS_KM
    assert 280 < geocode.error_km(gold, {"lat": 36.16, "lon": -86.78}) < 350  # Nashville


def test_auc_is_zero_for_exact_answers_and_one_for_misses() -> None:
    assert geocode.auc([0.0, 0.0, 0.0]) == pytest.approx(0.0)
    assert geocode.auc([geocode.MISS_KM] * 3) == pytest.approx(1.0)
    assert 0.0 < geocode.auc([0.0, 100.0, geocode.MISS_KM]) < 1.0


def test_resolution_scores_count_accuracy_mean_and_median() -> None:
    gold = [[{"lat": 0.0, "lon": 0.0}, {"lat": 0.0, "lon": 0.0}]]
    pred = [[{"lat": 0.0, "lon": 0.0}, None]]
    count, accuracy, mean, median, _ = geocode.resolution_scores(gold, pred)
    assert (count, accuracy) == (2, 0.5)
    assert mean == pytest.approx(geocode.MISS_KM / 2)
    assert median == pytest.approx(geocode.MISS_KM / 2)


def test_predict_fills_every_gold_toponym_and_finds_toponyms_in_raw_text(
    settings: Settings,
) -> None:
    [out] = list(geocode.predict([_record()], settings))
    athens, atlanta = (t["pred"] for t in out["toponyms"])
    assert geocode.error_km({"lat": 33.96, "lon": -83.38}, athens) < 30  # Georgia, not Greece
    assert geocode.error_km({"lat": 33.75, "lon": -84.39}, atlanta) < 30
    assert athens["precision"] == "city"
    found = out["pred_toponyms"]
    assert {"Athens", "Atlanta", "Macon"} <= {t["text"] for t in found}
    for toponym in found:
        assert TEXT[toponym["start"] : toponym["end"]] == toponym["text"]


def test_most_populous_peer_takes_the_biggest_namesake(settings: Settings) -> None:
    gazetteer = load_gazetteer(settings)
    athens = geocode.most_populous_resolver(_record(), gazetteer)[0]
    assert athens is not None and athens.country == "GR"


def test_evaluate_prints_both_peers_beside_storyline(settings: Settings) -> None:
    report = geocode.evaluate([_record()], settings)
    assert "storyline" in report and "most-populous match (peer)" in report
    assert "Mordecai 3" in report and "quoted, not measured" in report
    assert "span F1" in report and "geo F1" in report


def _benchmark(name: str) -> list[dict]:
    path = BENCHMARKS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return [json.loads(line) for line in Path(path).open(encoding="utf-8")]


@pytest.mark.parametrize("name, floor", [("lgl.jsonl", 0.83), ("trnews.jsonl", 0.86)])
def test_gold_span_accuracy_stays_above_its_floor(
    settings: Settings, name: str, floor: float
) -> None:
    records = _benchmark(name)
    gazetteer = load_gazetteer(settings)
    gold = [[t for t in r["toponyms"] if t["lat"] is not None] for r in records]
    pred = [
        [geocode.point(p) for t, p in zip(r["toponyms"], geocode.storyline_resolver(r, gazetteer),
                                           strict=True) if t["lat"] is not None]
        for r in records
    ]  # fmt: skip
    assert geocode.resolution_scores(gold, pred)[1] >= floor
