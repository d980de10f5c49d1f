"""Tests for the trigger scan of the time tagger (storyline.analyse.timex.scan)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from storyline.analyse.time import find_timexes
from storyline.analyse.timex import patterns as rules
from storyline.analyse.timex import tables
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


# Phrases that exercise every kind of pattern, in both cases and with look-alikes.
_PHRASES = [
    "on Friday, March 17 to 30, 2020", "between March 1 and 5", "the 5th of May 1998",
    "about two and a half years ago", "nearly 30 more trading days", "several MONTHS later",
    "the early 1990s", "the late nineties", "the twenty-first century", "Q3 2019",
    "the third fiscal quarter of last year", "the year-ago quarter", "every two weeks",
    "10:30 p.m. EST Wednesday", "mid-afternoon yesterday", "Christmas Eve", "in the year 1998",
    "for decades", "a decades-long feud", "the past 12 months", "nineteen ninety-seven",
    "the company said", "300 people", "SEPT. 4", "almost a hundred years", "fiscal 1998",
    "FY2020", "1998-01-05", "5/12/1998", "17 to 30 March", "1998-2000", "last spring",
    "over the weekend", "last year's fourth quarter", "1998's third period",
]  # fmt: skip


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(re.sub(r"\(\?=\[[a-zA-Z]+\]\)", "", pattern.pattern), pattern.flags)


def _assert_same_matches(got: re.Pattern[str], want: re.Pattern[str]) -> None:
    """Assert that the two patterns match alike (span and groups) at every start of every phrase."""
    for phrase in _PHRASES:
        for start in range(len(phrase)):
            a, b = got.match(phrase, start), want.match(phrase, start)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (
                phrase,
                start,
            )


@pytest.mark.parametrize("kind", sorted(rules.PATTERNS))
def test_first_letter_guards_change_no_match(kind: str) -> None:
    pattern = rules.PATTERNS[kind]
    assert "(?=[" in rules.NUM and "(?=[" in rules.MONTH  # the guards are there to test
    _assert_same_matches(pattern, _unguarded(pattern))


@pytest.mark.parametrize("kind", sorted(rules.PATTERNS))
def test_ascii_twins_match_as_the_originals_on_ascii_text(kind: str) -> None:
    original, twin = tables.UNICODE.patterns[kind], tables.ASCII.patterns[kind]
    assert twin.flags & re.ASCII and not original.flags & re.ASCII
    _assert_same_matches(twin, original)


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("On Friday, March 17.", True),
        ("On Friday, March 17 – 30.", False),  # an en dash
        ("In 1998\x1fthe year after.", False),  # Unicode \s matches it, ASCII \s does not
    ],
)
def test_table_for_gives_ascii_twins_only_where_they_match_alike(text: str, ascii: bool) -> None:
    assert (tables.table_for(text) is tables.ASCII) is ascii


def test_a_separator_that_only_unicode_reads_as_space_keeps_the_original_patterns() -> None:
    text = "It ended on Friday,\x1cMarch 17."
    found = find_timexes(text, anchor=date(2020, 3, 30))
    assert [t.text for t in found] == ["Friday,\x1cMarch 17"]
