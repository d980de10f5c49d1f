"""The CAMEO coding conventions and the lexicon conditions behind the event coder."""

from __future__ import annotations

import pytest

from storyline.analyse.event_coder import coded_type, main_event
from storyline.analyse.event_features import word
from storyline.analyse.event_rules import coded, load_lexicon
from storyline.model import Document
from storyline.pipeline import Context, analyse


@pytest.mark.parametrize(
    ("type_", "mode", "why", "expected"),
    [
        ("RETREAT", "planned", "will", "AGREE"),
        ("RETREAT", "hypothetical", "must", "REQUEST"),
        ("RETREAT", "hypothetical", "could", "RETREAT"),
        ("AID", "negated", "not", "REJECT"),
        ("ASSAULT", "planned", "governed by vow", "THREATEN"),
        ("SANCTION", "hypothetical", "if", "THREATEN"),
        ("ACCUSE", "planned", "will", "ACCUSE"),
        ("ASSAULT", "completed", "default", "ASSAULT"),
    ],
)
def test_coded_type_follows_the_cameo_conventions(
    type_: str, mode: str, why: str, expected: str
) -> None:
    assert coded(type_, mode, why) == expected


def test_rows_with_more_conditions_are_tried_first() -> None:
    rows = load_lexicon()[("hand", "VERB")]
    conditions = [bool(r.particle) + bool(r.object) for r in rows]
    assert conditions == sorted(conditions, reverse=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Swiss doctors handed over 500 kg of medicine to the hospital.", "AID"),
        ("The government lifted the ban on opposition rallies.", "CONCEDE"),
        ("The European Union lifted its economic sanctions on the country.", "RETREAT"),
        ("The navy ended its blockade of the port.", "RETREAT"),
        ("The militia defied the curfew.", "REJECT"),
        ("The country lodged a formal protest with the ambassador.", "ACCUSE"),
        ("The president hosted the visiting Japanese prime minister.", "CONSULT"),
        ("The minister said the rebels must release the hostages.", "REQUEST"),
        ("The unions suspended their general strike for a week.", "CONCEDE"),
        ("The rebels dropped their demand for independence.", "CONCEDE"),
        ("The army halted its offensive in the north.", "RETREAT"),
        ("Israel suspended air strikes on the city for 48 hours.", "RETREAT"),
        ("The government suspended military cooperation with its neighbour.", "SANCTION"),
        ("The two countries resumed trade after a two-year freeze.", "COOPERATE"),
        ("Opposition leaders sharply criticized the president on Monday.", "ACCUSE"),
        ("The army returned the seized vehicles to their owners.", "RETREAT"),
    ],
)
def test_sentence_is_coded_by_its_main_event(ctx: Context, text: str, expected: str) -> None:
    event = main_event(analyse(Document(id="t", text=text, language="en"), ctx))
    assert event is not None
    assert coded_type(event) == expected, event.rule


def test_hosting_troops_is_not_a_visit(ctx: Context) -> None:
    doc = analyse(
        Document(id="t", text="Iraq hosts foreign troops at the base.", language="en"), ctx
    )
    assert not any(e.type == "CONSULT" for e in doc.events)


def test_going_on_strike_is_a_completed_protest(ctx: Context) -> None:
    text = "Dock workers went on strike over unpaid wages."
    event = main_event(analyse(Document(id="t", text=text, language="en"), ctx))
    assert event is not None
    assert (event.type, event.mode) == ("PROTEST", "completed"), event.rule


def test_british_and_american_spellings_are_one_feature_word() -> None:
    assert word("criticise") == word("Criticize") == "criticize"
    assert word("mobilisation") == "mobilization"
    assert word("rise") == "rise"  # too short a stem to be an -ise verb


def test_an_event_in_a_report_keeps_its_own_mode(ctx: Context) -> None:
    text = "The panel will examine reports of mass arrests in the north."
    doc = analyse(Document(id="t", text=text, language="en"), ctx)
    arrests = [e for e in doc.events if e.trigger == "arrests"]
    assert arrests and arrests[0].mode == "completed", [e.rule for e in doc.events]


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("The alliance suspended training because of the epidemic.", "SANCTION", "COOPERATE"),
        ("The army halted its offensive in the north.", "RETREAT", "ASSAULT"),
    ],
)
def test_the_object_that_makes_an_event_is_not_another_event(
    ctx: Context, text: str, kept: str, dropped: str
) -> None:
    doc = analyse(Document(id="t", text=text, language="en"), ctx)
    types = [e.type for e in doc.events]
    assert kept in types and dropped not in types, [e.rule for e in doc.events]
