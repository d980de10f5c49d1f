"""Tests for the trigger scan of the time tagger (storyline.analyse.timex.scan)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.analyse.timex.scan import Words, word_before


def test_heads_are_whole_words_and_numbers_in_text_order() -> None:
    words = Words("Today, holidays aside, 30 people met on Friday in FY2020.")
    assert words.heads == [(0, "today"), (23, "00"), (40, "friday"), (50, "fy0000")]


@pytest.mark.parametrize(("amount", "heads"), [("$2,005", []), ("12.1998", [8]), ("1,999", [8])])
def test_digits_inside_an_amount_are_not_heads(amount: str, heads: list[int]) -> None:
    numbers = [at for at, word in Words(f"It paid {amount} yesterday.").heads if word[0] == "0"]
    assert numbers == heads


def test_amounts_do_not_hide_the_dates_beside_them() -> None:
    text = "Sales rose 12.5% to $1,999 million in 2004, the company said on March 3."
    found = find_timexes(text, anchor=date(2005, 6, 10))
    assert [(t.text, t.value) for t in found] == [("2004", "2004"), ("March 3", "2005-03-03")]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("extended the offer until ", "until"),
        ("shares, since ", "since"),
        ("Smith & Co. Inc. ", "inc."),
        ("the company's ", "company's"),
        ("U.S.-", "u.s."),
        ("", ""),
        ("... ", ""),
    ],
)
def test_word_before_reads_the_last_word(text: str, word: str) -> None:
    assert word_before(text + "Monday", len(text)) == word
