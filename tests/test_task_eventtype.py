"""The eventtype task, the learned coder and the CAMEO / ACLED mappings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.analyse.event_mappings import DATA, acled_type, cameo_roots, cameo_to_plover
from storyline.analyse.event_model import load_model
from storyline.errors import InputError
from storyline.model import PLOVER_TYPES
from storyline.settings import Settings
from storyline.tasks import eventtype

BENCHMARKS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
RECORDS = [
    {"id": "a", "text": "Rebels attacked an army convoy near the town, killing six soldiers.",
     "event": "ASSAULT"},
    {"id": "b", "text": "Police arrested dozens of opposition activists in the capital.",
     "event": "COERCE"},
    {"id": "c", "text": "The two foreign ministers held talks in Vienna on Monday.",
     "event": "CONSULT"},
    {"id": "d", "text": "The government threatened to impose sanctions on its neighbour.",
     "event": "THREATEN"},
]  # fmt: skip


@pytest.fixture(scope="module")
def predicted() -> list[dict]:
    return list(eventtype.predict(RECORDS, Settings(n_process=1)))


def test_predict_fills_in_a_plover_type_with_its_explanation(predicted: list[dict]) -> None:
    assert [r["pred_event"] for r in predicted] == [r["event"] for r in RECORDS]
    assert all(r["pred_explanation"].startswith("rule: ") for r in predicted)
    assert "model: ASSAULT" in predicted[0]["pred_explanation"]


def test_a_text_without_an_event_predicts_null() -> None:
    [record] = eventtype.predict([{"id": "x", "text": "The weather was mild."}], Settings())
    assert record["pred_event"] is None


def test_evaluate_prints_the_scores_beside_the_peers() -> None:
    report = eventtype.evaluate(RECORDS, Settings(n_process=1))
    for name in ("storyline", "rules only", "trigger keywords", "majority class", "confusion"):
        assert name in report
    storyline_row = next(line for line in report.splitlines() if line.startswith("storyline"))
    assert storyline_row.split()[-3:] == ["1.000", "1.000", "4"]


def test_evaluate_scores_cameo_records_and_reports_root_agreement() -> None:
    records = [
        {"id": "p", "text": "Troops shelled the rebel positions overnight.", "cameo": ["194"]},
        {"id": "q", "text": "The spokesman made a statement.", "cameo": []},
    ]
    report = eventtype.evaluate(records, Settings(n_process=1))
    assert "CAMEO-root agreement: 1 records expecting codes" in report
    row = next(line for line in report.splitlines() if line.startswith("storyline (rules"))
    assert row.split()[-2:] == ["1.000", "1"]


def test_evaluate_needs_gold() -> None:
    with pytest.raises(InputError, match="need a gold"):
        eventtype.evaluate([{"id": "z", "text": "Talks were held."}], Settings())


def test_predict_rejects_a_record_without_text() -> None:
    with pytest.raises(InputError, match="no 'text' string"):
        list(eventtype.predict([{"id": "z"}], Settings()))


@pytest.mark.parametrize(
    ("code", "plover"),
    [("0842", "RETREAT"), ("081", "CONCEDE"), ("163", "SANCTION"), ("1712", "ASSAULT"),
     ("192", "COERCE"), ("1123", "ACCUSE"), ("042", "CONSULT"), ("010", None), ("02", None)],
)  # fmt: skip
def test_cameo_codes_map_to_plover_by_longest_prefix(code: str, plover: str | None) -> None:
    assert cameo_to_plover(code) == plover


def test_every_plover_type_has_cameo_roots_its_own_first() -> None:
    assert cameo_roots("ASSAULT")[0] == "18" and "19" in cameo_roots("ASSAULT")
    assert cameo_roots("RETREAT") == ["08"]
    assert all(cameo_roots(t) for t in PLOVER_TYPES)


def test_shipped_cameo_table_agrees_with_the_plover_manual_table() -> None:
    path = BENCHMARKS / "CAMEO2PLOVER-2021.txt"
    if not path.is_file():
        pytest.skip("../shared/benchmarks is absent")
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)", line)
        if match:
            table.setdefault(match.group(1), match.group(2))
    departures = {c for c in table if cameo_to_plover(c) != table[c]}
    # Where the table contradicts the manual's own definitions, the shipped table follows
    # the definitions and says so.
    assert departures == {"055", "0813", "0814", "0831", "0871", "163"}
    assert all("its table says" in _source(code) for code in departures)


def _source(code: str) -> str:
    rows = (DATA / "cameo_plover.csv").read_text(encoding="utf-8").splitlines()
    return next(row for row in rows if row.startswith(f"{code},"))


@pytest.mark.parametrize(
    ("type_", "mode", "text", "expected"),
    [
        ("RETREAT", "completed", "The coalition handed over the air base to Iraqi forces.",
         ("Strategic developments", "Non-violent transfer of territory")),
        ("ASSAULT", "completed", "A drone strike killed the commander.",
         ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", "completed", "Gunmen and soldiers clashed in the street.",
         ("Battles", "Armed clash")),
        ("COERCE", "completed", "Police arrested three men.",
         ("Strategic developments", "Arrests")),
        ("RETREAT", "planned", "The coalition will hand over the base.", None),
        ("CONSULT", "completed", "The ministers met in Rome.", None),
    ],
)  # fmt: skip
def test_acled_types_follow_type_mode_and_wording(
    type_: str, mode: str, text: str, expected: tuple[str, str] | None
) -> None:
    found = acled_type(type_, mode, text)
    assert (found and (found["event_type"], found["sub_event_type"])) == expected


def test_model_explains_its_decision_by_the_features_that_fired() -> None:
    fired = ["rule=ASSAULT", "type=ASSAULT", "ev=ASSAULT", "lex=ASSAULT", "w=kill", "anchor=kill"]
    coding = load_model().code([*fired, "unknown=feature"])
    assert coding.type == "ASSAULT" and 0.5 < coding.probability <= 1
    assert coding.evidence and set(coding.evidence) <= set(fired)
    assert load_model().code(["rule=none", "w=weather", "w=mild"]).type == "NONE"
