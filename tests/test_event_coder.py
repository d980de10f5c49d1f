"""The learned coder inside the events stage: which mentions it retypes, and why it says so."""

from __future__ import annotations

import dataclasses

import pytest

from storyline.analyse.event_coder import code_text, main_event, recode
from storyline.analyse.event_model import CLASSES, Model
from storyline.analyse.event_rules import build_tree, load_lexicon
from storyline.analyse.events import rule_events
from storyline.model import Document
from storyline.pipeline import Context, analyse


def _model(**pushes: float) -> Model:
    """Return a model whose only weights push feature ``f`` towards type ``T`` (``f__T=w``)."""
    weights: dict[str, tuple[tuple[int, float], ...]] = {}
    for key, weight in pushes.items():
        feature, type_ = key.split("__")
        weights[feature.replace("_", "=", 1)] = ((CLASSES.index(type_), weight),)
    return Model(tuple(0.0 for _ in CLASSES), weights)


def _ruled(ctx: Context, text: str) -> tuple[Document, list]:
    doc = analyse(Document(id="t", text=text, language="en"), ctx)
    return doc, rule_events(doc, build_tree(doc), load_lexicon())


def _recode(doc: Document, events: list, model: Model) -> list:
    return recode(doc, build_tree(doc), events, load_lexicon(), model)


def test_a_sure_model_retypes_the_main_event_and_says_why(ctx: Context) -> None:
    doc, events = _ruled(ctx, "Protesters attacked the embassy in the capital on Monday.")
    [recoded] = recode(
        doc, build_tree(doc), events, load_lexicon(), _model(anchor_attack__PROTEST=9)
    )
    assert events[0].type == "ASSAULT"
    assert recoded.type == "PROTEST"
    assert recoded.rule.startswith(events[0].rule)
    assert "model: PROTEST p=" in recoded.rule and "anchor=attack" in recoded.rule
    assert recoded.rule.endswith("over ASSAULT")
    assert dataclasses.replace(recoded, type="ASSAULT", rule=events[0].rule) == events[0]


def test_an_unsure_model_keeps_the_rules_type_and_its_verdict(ctx: Context) -> None:
    doc, events = _ruled(ctx, "Protesters attacked the embassy in the capital on Monday.")
    [recoded] = recode(
        doc, build_tree(doc), events, load_lexicon(), _model(anchor_attack__PROTEST=1)
    )
    assert recoded.type == "ASSAULT"
    assert "| model: PROTEST p=" in recoded.rule and "over" not in recoded.rule.split("model:")[1]


def test_only_the_main_event_is_judged_and_a_siblings_type_is_left_to_it(ctx: Context) -> None:
    text = "The government accused the rebels of attacking the convoy near the border."
    doc, events = _ruled(ctx, text)
    assert {e.type for e in events} == {"ACCUSE", "ASSAULT"}
    main = main_event(dataclasses.replace(doc, events=tuple(events)))
    assert main.type == "ACCUSE"
    pushed = _model(rule_ACCUSE__ASSAULT=9, rule_ASSAULT__PROTEST=9)
    recoded = _recode(doc, events, pushed)
    assert [e.type for e in recoded] == [e.type for e in events]
    assert "model: ASSAULT" in recoded[events.index(main)].rule
    # The text is coded as the model's sentence verdict: the attack the sentence names.
    assert code_text(doc, events, load_lexicon(), pushed).type == "ASSAULT"


@pytest.mark.parametrize(
    "text",
    [
        "Troops shelled rebel positions outside the town.",
        "The minister said the army would withdraw from the city next month.",
    ],
)
def test_the_events_stage_runs_the_coder(ctx: Context, text: str) -> None:
    doc = analyse(Document(id="t", text=text, language="en"), ctx)
    main = main_event(doc)
    assert main is not None and "| model: " in main.rule
