"""The quantities stage: numbers that count something, with what and which ones."""

from __future__ import annotations

import pytest

from storyline.analyse.nlp import parse
from storyline.analyse.quantities import find_quantities, parse_number
from storyline.model import Document, Quantity
from storyline.pipeline import Context


def quantities(ctx: Context, text: str) -> tuple[Quantity, ...]:
    doc = parse(Document(id="q", text=text, language="en"), ctx)
    return find_quantities(doc, ctx).quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "name", "scope"),
    [
        ("The garrison had about 800 troops.", 800, "people", "troops", ""),
        ("Over 5,000 U.S. troops remain in the country.", 5000, "people", "troops", "US"),
        ("Some 7,500 coalition troops stayed behind.", 7500, "people", "troops", "coalition"),
        ("The camp holds two thousand foreign fighters.", 2000, "people", "fighters", "foreign"),
        ("They left $1.7 million worth of equipment.", 1_700_000, "USD", "equipment", ""),
        ("Militants fired 17 rockets at the airport.", 17, "count", "rockets", ""),
        ("The army runs five military bases.", 5, "count", "bases", "military"),
        ("Guards watch 20 detention centers.", 20, "count", "centers", "detention"),
        ("The gunmen killed 3 near the market.", 3, "people", "killed", ""),
        ("Two local policemen were killed overnight.", 2, "people", "killed", "local policemen"),
        ("The town was hit by two dozen shells.", 24, "count", "shells", ""),
    ],
)
def test_quantity_is_parsed_with_value_unit_name_and_scope(
    ctx: Context, text: str, value: float, unit: str, name: str, scope: str
) -> None:
    (found,) = quantities(ctx, text)
    assert (found.value, found.unit, found.name, found.scope) == (value, unit, name, scope)
    assert text[found.start : found.end] == found.text


def test_range_keeps_both_ends_in_text_and_takes_the_lower_as_value(ctx: Context) -> None:
    (found,) = quantities(ctx, "The group has 14,000 to 18,000 followers.")
    assert "14,000 to 18,000" in found.text
    assert found.value == 14_000
    assert found.name == "followers"


def test_scope_tells_apart_counts_of_the_same_thing(ctx: Context) -> None:
    first, second = quantities(ctx, "About 5,000 US troops and 7,500 coalition troops serve.")
    assert first.name == second.name == "troops"
    assert (first.scope, second.scope) == ("US", "coalition")


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2014 and ended on March 17.",
        "The F-16 landed at K1 during the Covid-19 outbreak.",
        "She was the third speaker.",
        "Unemployment rose by 5 percent.",
        "Dozens of people gathered.",
    ],
)
def test_dates_ids_ordinals_percentages_and_vague_plurals_are_not_quantities(
    ctx: Context, text: str
) -> None:
    assert quantities(ctx, text) == ()


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["twelve"], 12),
        (["two", "dozen"], 24),
        (["1.7", "million"], 1_700_000),
        (["2bn"], 2e9),
        (["three", "hundred", "and", "twenty"], 320),
        (["14,000"], 14_000),
        (["banana"], None),
    ],
)
def test_number_words_and_digits_are_parsed(words: list[str], value: float | None) -> None:
    assert parse_number(words) == value
