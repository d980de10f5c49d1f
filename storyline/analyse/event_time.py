"""Event time: the time expression that governs an event trigger in the parse.

An event takes the timex attached lowest above its trigger, found by climbing
the dependency tree, not the date nearest in the text. At each step of the
climb only the governing clause is searched: a separate clause hanging off it
("X withdrew after troops were attacked on Friday", "X met Y and Z attacked on
Monday") holds its own event's time, so its timexes are skipped. The climb
stops at a reporting verb: in "X said on Monday that Y happened" Monday is when
X spoke, not when Y happened.

An event with no governing timex gets no time here; the resolver gives it the
report's date at a coarser precision and flags it
(:func:`storyline.resolve.intervals.report_time`).
"""

from __future__ import annotations

from storyline.analyse import event_rules as rules
from storyline.analyse.event_rules import MAX_CLIMB, Tree
from storyline.model import Document, Token

TIMED = ("DATE", "TIME")
SEQUENCE_WORDS = frozenset({"after", "before", "since", "until", "following", "ahead"})
# Dependents that carry a predicate of their own, and so their own event time.
SEPARATE_CLAUSES = frozenset({"advcl", "ccomp", "conj", "parataxis"})


def governing_timex(doc: Document, tree: Tree, token: Token) -> tuple[int | None, str]:
    """Return the index of the timex that governs the trigger, and how it bounds the event.

    The second value is the signal word that relates the event to the timex
    ("since", "until", "before", "after"), or "" when the event falls within it.
    Climbing out of an adjunct ("voted on Sunday after a strike killed X")
    turns the timex into a bound: the strike came before Sunday.
    """
    node: Token | None = token
    below: Token | None = None
    relation = ""
    for _ in range(MAX_CLIMB * 2):
        if node is None or (node is not token and node.lemma.lower() in rules.REPORTING):
            return None, ""
        found = _timexes_under(doc, tree, node, below, token.index)
        if found:
            index = min(found)[1]
            signal = doc.timexes[index].signal
            if relation:
                return _across(index, signal, relation)
            # A signal word ("since Jan. 3") bounds the clause it modifies, not an
            # event in a clause below it.
            return index, signal if node is token else ""
        word = _sequence_word(tree, node)
        if word and relation:
            return None, ""
        relation = relation or word
        below, node = node, tree.head(node)
    return None, ""


def _timexes_under(
    doc: Document, tree: Tree, node: Token, below: Token | None, trigger: int
) -> list[tuple[int, int]]:
    """Return (distance to the trigger, timex index) for the timexes ``node``'s clause governs.

    A duration dates an event only when it keeps an interval ("in the coming days").
    """
    skipped = [
        tree.span(c)
        for c in tree.children[node.index]
        if tree.tokens[c].dep in SEPARATE_CLAUSES
        and (below is None or c != below.index)
        and tree.tokens[c].pos in ("VERB", "AUX")
    ]
    found = []
    for i in tree.span(node.index):
        t = tree.timex_at[i]
        if t < 0 or any(i in span for span in skipped):
            continue
        timex = doc.timexes[t]
        if timex.type in TIMED or timex.span.known:
            found.append((abs(i - trigger), t))
    return found


def _across(index: int, signal: str, relation: str) -> tuple[int | None, str]:
    """Relate an event in an "after"/"before" adjunct to the timex of the clause above."""
    if relation == "after":
        # "tension since Jan. 3, after a strike": the strike started the tension on Jan. 3.
        return (index, "") if signal == "since" else (index, "before")
    if relation == "before":
        return index, "after"
    return None, ""


def _sequence_word(tree: Tree, node: Token) -> str:
    """Return "after", "before"... when ``node`` heads such an adjunct of the clause above."""
    lemma = node.lemma.lower()
    if lemma in SEQUENCE_WORDS and node.dep in ("prep", "mark", "advmod"):
        return lemma
    head = tree.head(node)
    if node.dep in ("pobj", "pcomp") and head is not None:
        return head.lemma.lower() if head.lemma.lower() in SEQUENCE_WORDS else ""
    if node.dep == "advcl":
        for c in tree.children[node.index]:
            mark = tree.tokens[c]
            if mark.dep == "mark" and mark.lemma.lower() in SEQUENCE_WORDS:
                return mark.lemma.lower()
    return ""
