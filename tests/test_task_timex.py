"""Tests for the timex task: prediction format and TempEval-3 style scoring."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.errors import InputError
from storyline.settings import Settings
from storyline.tasks import timex

RECORD = {
    "id": "t1",
    "dct": "1998-02-13",
    "text": "The ministers met on Monday. Talks lasted three days.",
    "timexes": [
        {"start": 21, "end": 27, "text": "Monday", "type": "DATE", "value": "1998-02-09"},
        {"start": 42, "end": 52, "text": "three days", "type": "DURATION", "value": "P3D"},
    ],
}


def span(start: int, end: int, value: str, kind: str = "DATE") -> dict:
    return {"start": start, "end": end, "text": "", "type": kind, "value": value}


def test_score_counts_strict_relaxed_and_value_matches() -> None:
    gold = [[span(0, 10, "1998"), span(20, 30, "P3D", "DURATION"), span(40, 45, "1999")]]
    pred = [[span(0, 10, "1998"), span(22, 35, "P2D", "DURATION"), span(60, 65, "2000")]]
    strict_p, strict_r, _, relaxed_p, relaxed_r, _, type_acc, value_acc, value_f1 = timex.score(
        gold, pred
    )
    assert (strict_p, strict_r) == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert (relaxed_p, relaxed_r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert (type_acc, value_acc, value_f1) == (1.0, 0.5, pytest.approx(1 / 3))


def test_a_predicted_span_pairs_with_one_gold_span_only() -> None:
    gold = [[span(0, 5, "1998"), span(3, 8, "1999")]]
    pred = [[span(0, 8, "1998")]]
    assert timex.score(gold, pred)[3:5] == [1.0, 0.5]


def test_predict_fills_in_anchored_timexes(settings: Settings) -> None:
    (out,) = timex.predict([RECORD], settings)
    assert [(t["text"], t["type"], t["value"]) for t in out["pred_timexes"]] == [
        ("Monday", "DATE", "1998-02-09"),
        ("three days", "DURATION", "P3D"),
    ]
    assert out["timexes"] == RECORD["timexes"]


def test_predict_rejects_a_bad_creation_date(settings: Settings) -> None:
    with pytest.raises(InputError, match="record 1: 'dct' is not an ISO date"):
        list(timex.predict([{**RECORD, "dct": "13/02/1998"}], settings))


def test_evaluate_prints_storyline_beside_the_dateparser_peer(settings: Settings) -> None:
    pytest.importorskip("dateparser")
    report = timex.evaluate([RECORD], settings)
    assert "value F1" in report
    assert "storyline" in report and "dateparser.search_dates (peer)" in report


def test_evaluate_scores_each_corpus_of_a_mixed_file(settings: Settings) -> None:
    pytest.importorskip("dateparser")
    missed = {**RECORD, "id": "t2", "text": "The ministers met at length."}
    records = [{**RECORD, "source": "TimeBank"}, {**missed, "source": "AQUAINT"}]
    lines = timex.evaluate(records, settings).splitlines()
    parts = [line.split() for line in lines if line.startswith("  ")]
    # Each system's row is followed by one row per corpus, in name order.
    assert [p[0] for p in parts] == ["AQUAINT", "TimeBank"] * 2
    aquaint, timebank = parts[0][3:12], parts[1][3:12]  # strict P ... value F1
    assert timebank == ["1.000"] * 9  # both expressions found, both values right
    assert aquaint[4] == "0.000"  # relaxed recall: none of its gold expressions is in its text


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        (
            "Shares were bought from Aug. 26 to Oct. 20 in the market.",
            [("Aug. 26", "1989-08-26"), ("Oct. 20", "1989-10-20")],
        ),
        ("The war lasted from 1914-18 in Europe.", [("1914", "1914"), ("18", "1918")]),
    ],
)
def test_a_range_is_scored_as_its_two_ends(text: str, ends: list[tuple[str, str]]) -> None:
    (found,) = find_timexes(text, anchor=date(1989, 11, 1))
    assert "/" in found.value  # the pipeline keeps one interval
    pred = timex.spans(found)
    assert [(p["text"], p["value"]) for p in pred] == ends
    assert [text[p["start"] : p["end"]] for p in pred] == [end for end, _ in ends]


def test_a_plain_expression_is_one_span() -> None:
    (found,) = find_timexes("It happened on Monday.", anchor=date(1998, 2, 13))
    assert timex.spans(found) == [
        {"start": 15, "end": 21, "text": "Monday", "type": "DATE", "value": "1998-02-09"}
    ]
