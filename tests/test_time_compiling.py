"""The regex rewrites of the time tagger match exactly as the patterns they rewrite."""

from __future__ import annotations

import re

import pytest

from storyline.analyse.timex import patterns as rules
from storyline.analyse.timex.compiling import branch_optionals, kind_alternation

SAMPLES = [
    "the first quarter of 1990 ended",
    "the past two months",
    "Early last year, sales rose",
    "at 10:30 p.m. on Friday, March 6",
    "the year-ago quarter was weak",
    "over the next 2 1/2 years",
    "a decades-long feud in the 1990s",
    "the company said last week",
    "3.5 million shares on Jan. 3, 1998",
    "the fourth of July",
    "Between March 1 and 5 the nineties began",
]


@pytest.mark.parametrize(
    ("pattern", "rewritten"),
    [
        (r"(?:the\s+)?year", r"(?:(?:the\s+)|)year"),
        (r"(?P<y>\d+)?x", r"(?:(?P<y>\d+)|)x"),
        (r"[()?]a", r"[()?]a"),  # a character class holds no group
        (r"[]?)]b", r"[]?)]b"),
        (r"\(a\)?", r"\(a\)?"),  # escaped parentheses are characters
        (r"(?=a)?b", r"(?=a)?b"),  # lookarounds stay
        (r"(ab)??c", r"(ab)??c"),  # lazy stays
        (r"(ab)?+c", r"(ab)?+c"),  # possessive stays
        (r"((a)?b)?", r"(?:((?:(a)|)b)|)"),
    ],
)
def test_branch_optionals_rewrites_greedy_optional_groups(pattern: str, rewritten: str) -> None:
    assert branch_optionals(pattern) == rewritten


@pytest.mark.parametrize("kind", sorted(rules.KINDS))
def test_rewritten_kind_matches_alike(kind: str) -> None:
    plain = re.compile(rules.KINDS[kind], re.IGNORECASE)
    fast = rules.PATTERNS[kind]
    for text in SAMPLES:
        for at in range(len(text)):
            expected, got = plain.match(text, at), fast.match(text, at)
            assert (got and (got.span(), got.groupdict())) == (
                expected and (expected.span(), expected.groupdict())
            ), (kind, text[at:])


def test_kind_alternation_names_the_first_kind_that_matches() -> None:
    kinds = rules.STARTS["the"]
    plain = re.compile(
        "|".join(f"(?P<{k}>{re.sub(r'[(][?]P<[a-z_]+>', '(?:', rules.KINDS[k])})" for k in kinds),
        re.IGNORECASE,
    )
    fast = kind_alternation(rules.KINDS, kinds, re.IGNORECASE)
    for text in SAMPLES:
        for at in range(len(text)):
            expected, got = plain.match(text, at), fast.match(text, at)
            assert (got and (got.span(), got.lastgroup)) == (
                expected and (expected.span(), expected.lastgroup)
            )
