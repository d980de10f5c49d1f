"""The quantities stage: counted things, sums of money and casualties.

A quantity is a number (digits, number words or both: "1.7 million", "two
dozen", "two thousand") attached in the parse to the thing it counts. ``name``
is the counted head noun in lower case ("troops", "rockets", "equipment"), or
"killed"/"wounded"/... for casualties; ``scope`` holds the modifiers that say
which ones are counted ("US", "coalition", "Iraqi and Syrian"), so that the
resolve stage can tell 5,000 US troops from 7,500 coalition troops.

A range ("14,000 to 18,000 followers") keeps both ends in ``text`` and takes
its lower end as ``value``: the figure every source in the range agrees on.

Years, dates, times, ordinals, percentages and identifiers (K1, F-16,
Covid-19) are not quantities, and neither are vague plurals ("dozens").
"""

from __future__ import annotations

import dataclasses
import re

from storyline.model import Document, Quantity, Token
from storyline.pipeline import Context, stage

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIERS = {
    "dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9,
}  # fmt: skip
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD",
              "dollar": "USD", "euros": "EUR", "euro": "EUR", "dinars": "IQD"}  # fmt: skip
CASUALTIES = {"kill": "killed", "wound": "wounded", "injure": "injured", "die": "dead",
              "slay": "killed", "abduct": "abducted", "kidnap": "abducted"}  # fmt: skip
PEOPLE = frozenset(
    {
        "troops", "soldiers", "fighters", "personnel", "people", "civilians", "followers",
        "militants", "members", "servicemen", "contractors", "officers", "policemen", "police",
        "persons", "children", "women", "men", "protesters", "demonstrators", "prisoners",
        "detainees", "refugees",
    }
)  # fmt: skip
# Entity labels whose numbers count nothing (spaCy's OntoNotes scheme).
NOT_COUNTS = frozenset({"DATE", "TIME", "ORDINAL", "PERCENT"})
RANGE_JOINERS = frozenset({"to", "-", "–", "—"})
# Modifiers that say how many rather than which ones.
VAGUE_MODIFIERS = frozenset(
    {"more", "other", "additional", "further", "extra", "several", "some", "many", "few", "new",
     "remaining"}
)  # fmt: skip
_NUMERIC = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|m|mn|bn)?$", re.IGNORECASE)
_DOTTED_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")


@stage("quantities", requires=("sentences", "tokens"), assigns=("quantities",))
def find_quantities(doc: Document, ctx: Context) -> Document:
    """Find the numbers in ``doc`` that count something, with what they count."""
    tokens = doc.tokens
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        run = _number_run(tokens, i)
        if not run:
            i += 1
            continue
        quantity = _quantity(doc, run)
        if quantity is not None:
            found.append(quantity)
        i = run[-1].index + 1
    return dataclasses.replace(doc, quantities=tuple(found))


def parse_number(words: list[str]) -> float | None:
    """Return the value of a number written in digits and/or words, else None."""
    total = current = 0.0
    seen = False
    for word in words:
        word = word.lower()
        match = _NUMERIC.match(word)
        if match:
            current += float(match.group(1).replace(",", "") + "." + (match.group(2) or "0"))
            if match.group(3):
                current *= MULTIPLIERS[match.group(3).lower()]
        elif word in UNITS:
            current += UNITS[word]
        elif word in MULTIPLIERS and len(word) > 2:
            current = (current or 1.0) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total, current = total + current, 0.0
        elif word not in ("and", "a"):
            return None
        seen = True
    return total + current if seen else None


def _is_number(token: Token) -> bool:
    lower = token.text.lower()
    if lower in UNITS or (lower in MULTIPLIERS and len(lower) > 2):
        return True
    return token.tag == "CD" and _NUMERIC.match(lower) is not None


def _number_run(tokens: tuple[Token, ...], i: int) -> list[Token]:
    """Return the tokens of the number (or range of numbers) starting at ``i``."""
    if not _is_number(tokens[i]) or tokens[i].ent in NOT_COUNTS or _is_identifier(tokens, i):
        return []
    run = [tokens[i]]
    j = i + 1
    while j < len(tokens) and tokens[j].sentence == tokens[i].sentence:
        if _is_number(tokens[j]):
            run.append(tokens[j])
        elif not (
            tokens[j].text in RANGE_JOINERS and j + 1 < len(tokens) and _is_number(tokens[j + 1])
        ):
            break
        else:
            run.append(tokens[j])
        j += 1
    return run


def _is_identifier(tokens: tuple[Token, ...], i: int) -> bool:
    """Tell whether the number is glued to letters, as in K1, F-16 or Covid-19."""
    token = tokens[i]
    if i > 0 and tokens[i - 1].end == token.start and tokens[i - 1].text not in CURRENCIES:
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.start == token.end and nxt.text[:1].isalnum()


def _quantity(doc: Document, run: list[Token]) -> Quantity | None:
    groups = _split_range(run)
    value = parse_number([t.text for t in groups[0]])
    if value is None:
        return None
    tokens = doc.tokens
    counted = _counted(tokens, run)
    if counted is None:
        return None
    noun, name = counted
    unit = _unit(tokens, run, noun)
    if unit == "count" and _looks_like_year(run, noun):
        return None
    if unit == "count" and (name in PEOPLE or name in CASUALTIES.values()):
        unit = "people"
    start = _start(tokens, run)
    end = max(run[-1].end, noun.end if noun.index > run[-1].index else 0)
    return Quantity(
        start=start,
        end=end,
        text=doc.text[start:end],
        sentence=run[0].sentence,
        value=value,
        unit=unit,
        name=name,
        scope=_scope(tokens, noun, run, casualty=name in CASUALTIES.values()),
    )


def _split_range(run: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = [[]]
    for token in run:
        if token.text in RANGE_JOINERS:
            groups.append([])
        else:
            groups[-1].append(token)
    return groups


def _counted(tokens: tuple[Token, ...], run: list[Token]) -> tuple[Token, str] | None:
    """Return the token that the number counts and the normalised name of it."""
    inside = _indices(run)
    anchor = next((t for t in reversed(run) if t.head not in inside), run[-1])
    head = tokens[anchor.head]
    if anchor.dep in ("nummod", "quantmod", "compound") and head.index != anchor.index:
        return _counted_noun(tokens, head)
    if head.lemma in CASUALTIES and anchor.dep in ("dobj", "nsubjpass", "nsubj"):
        return head, CASUALTIES[head.lemma]
    if anchor.dep == "pobj" and tokens[head.head].lemma in CASUALTIES:
        return tokens[head.head], CASUALTIES[tokens[head.head].lemma]
    return None


def _counted_noun(tokens: tuple[Token, ...], noun: Token) -> tuple[Token, str] | None:
    if noun.pos not in ("NOUN", "PROPN"):
        return None
    if noun.lemma == "worth":
        of = _child(tokens, noun, deps=("prep",), text="of")
        thing = _child(tokens, of, deps=("pobj",)) if of else None
        return (thing, thing.text.lower()) if thing else (noun, "money")
    verb = tokens[noun.head]
    role = noun.dep in ("nsubjpass", "dobj") or (noun.dep == "nsubj" and verb.lemma == "die")
    if role and verb.lemma in CASUALTIES and noun.text.lower() in PEOPLE:
        return noun, CASUALTIES[verb.lemma]
    if noun.text.lower() in CURRENCIES:
        return noun, "money"
    return noun, noun.text.lower()


def _child(tokens: tuple[Token, ...], token: Token, *, deps: tuple[str, ...], text: str = ""):  # noqa: ANN202
    """Return the first child of ``token`` with one of ``deps`` (and ``text``)."""
    lo = max(0, token.index - 12)
    for other in tokens[lo : token.index + 12]:
        is_child = other.head == token.index and other.index != token.index
        if is_child and other.dep in deps and (not text or other.text.lower() == text):
            return other
    return None


def _unit(tokens: tuple[Token, ...], run: list[Token], noun: Token) -> str:
    before = tokens[run[0].index - 1].text.lower() if run[0].index else ""
    if before in CURRENCIES:
        return CURRENCIES[before]
    for token in (noun, tokens[run[-1].index + 1] if run[-1].index + 1 < len(tokens) else noun):
        if token.text.lower() in CURRENCIES:
            return CURRENCIES[token.text.lower()]
    return "people" if noun.lemma in CASUALTIES else "count"


def _looks_like_year(run: list[Token], noun: Token) -> bool:
    text = run[0].text
    return len(run) == 1 and len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100


def _start(tokens: tuple[Token, ...], run: list[Token]) -> int:
    """Return where the quantity starts, taking in "$" and "about", "more than"."""
    first = run[0].index
    while first > 0 and tokens[first - 1].sentence == run[0].sentence:
        previous = tokens[first - 1]
        modifies = previous.dep in ("advmod", "amod") and previous.head in _indices(run)
        if previous.text.lower() in ("than", *CURRENCIES) or previous.dep == "quantmod" or modifies:
            first -= 1
        else:
            break
    return tokens[first].start


def _indices(run: list[Token]) -> set[int]:
    return {t.index for t in run}


def _scope(tokens: tuple[Token, ...], noun: Token, run: list[Token], *, casualty: bool) -> str:
    """Return the modifiers between the number and the counted noun, normalised.

    For casualties the counted noun itself is part of the scope ("American soldiers").
    """
    if noun.index <= run[-1].index:
        return ""
    words = []
    for token in tokens[run[-1].index + 1 : noun.index + casualty]:
        if token.dep in ("det", "punct", "prep") or token.lemma == "worth":
            continue
        if token.text.lower() in VAGUE_MODIFIERS:
            continue
        text = token.text
        if _DOTTED_ABBREVIATION.match(text):
            text = text.replace(".", "")
        words.append(text)
    return " ".join(words)
