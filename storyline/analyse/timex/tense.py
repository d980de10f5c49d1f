"""Tense of the verb that governs a time expression, which decides where it points."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from storyline.analyse.timex.patterns import FUTURE_CUES
from storyline.model import Sentence, Token

# Verbs whose complement lies ahead of them, whatever their own tense: "planned a
# rally on Saturday", "scheduled to close Monday", "set to resume Monday".
PLANNING = frozenset(
    ["plan", "schedule", "intend", "expect", "due", "prepare", "aim", "postpone", "delay",
     "adjourn", "vow", "pledge", "promise", "set"]
)  # fmt: skip


POSSESSIVE = ("'s", "’s")


class TenseFinder:
    """Tell the tense of the verb that governs a span, from the parse when there is one."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.starts = [tok.start for tok in tokens]
        self.base = tokens[0].index if tokens else 0

    def __call__(self, start: int, end: int, sent: Sentence) -> str:
        """Return "past", "present" or "future" for the span text[start:end] of ``sent``."""
        tense = self._tense(start, sent)
        if tense == "future" and self.text.startswith(POSSESSIVE, end):
            # "would challenge Wednesday's ruling": the noun, not the verb, is dated.
            return "present"
        return tense

    def _tense(self, start: int, sent: Sentence) -> str:
        if self.tokens:
            verb, planned = self._verb(start)
            if planned:
                # "On Friday, the government planned to ...": the plan itself is dated.
                return self._verb_tense(verb) if start < verb.start else "future"
            if verb is not None:
                return self._verb_tense(verb)
        return self._surface_tense(start, sent)

    def _surface_tense(self, start: int, sent: Sentence) -> str:
        clause_start = max(sent.start, self.text.rfind(",", sent.start, start) + 1)
        clause_end = self.text.find(",", start, sent.end)
        clause = self.text[clause_start : sent.end if clause_end < 0 else clause_end]
        return "future" if _future_cue(clause) else "past"

    def _verb(self, start: int) -> tuple[Token | None, bool]:
        """Return the finite verb above ``start`` and whether the way up passes a plan.

        A to-infinitive takes the tense of the verb it hangs on, unless that verb
        plans or schedules it ("planned to leave on Thursday", "is to resume Tuesday").
        """
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        tok = self.tokens[i]
        for _ in range(12):
            if tok.pos in ("VERB", "AUX") and tok.dep not in ("aux", "auxpass"):
                if tok.lemma.lower() in PLANNING and not self._modifier(tok):
                    return tok, True
                if not self._infinitive(tok):
                    return tok, False
                head = self.tokens[tok.head - self.base]
                if head.lemma.lower() == "be" and tok.dep != "csubj":
                    return tok, True
            parent = self.tokens[tok.head - self.base]
            if parent is tok:
                return None, False
            tok = parent
        return None, False

    def _modifier(self, verb: Token) -> bool:
        """Whether ``verb`` is a participle that describes a noun without planning a
        further act ("a service planned for Saturday was canceled", "the record set
        on Aug. 6"): the clause's own verb then dates the expression, as it does for
        any modifier. "Talks set to resume Monday" still plan."""
        return (
            verb.dep == "acl"
            and verb.tag == "VBN"
            and not any(tok.dep == "xcomp" and tok.head == verb.index for tok in self._after(verb))
        )

    def _infinitive(self, verb: Token) -> bool:
        """Whether ``verb`` is a to-infinitive under another verb, whose tense then counts."""
        return (
            verb.tag == "VB"
            and verb.dep in ("xcomp", "advcl", "acl", "relcl", "csubj")
            and any(tok.tag == "TO" for tok in self._children(verb))
        )

    def _verb_tense(self, verb: Token) -> str:
        aux = [tok for tok in self._children(verb) if tok.dep in ("aux", "auxpass")]
        words = {tok.text.lower() for tok in aux}
        if words & {"will", "shall", "'ll", "wo", "would", "'d", "going"}:
            return "future"
        if words & {"did", "was", "were", "has", "have", "had", "'ve", "'s"}:
            return "past"
        if aux and aux[-1].tag == "MD" or verb.tag == "VB":
            return "future"
        if verb.tag in ("VBD", "VBN"):
            return "past"
        if verb.tag in ("VBZ", "VBP") or words & {"is", "are", "am", "'re", "'m"}:
            return "present"
        return "past"

    def _after(self, verb: Token) -> Sequence[Token]:
        """Return the few tokens after ``verb``, where its to-infinitive would be."""
        at = verb.index - self.base + 1
        return self.tokens[at : at + 3]

    def _children(self, verb: Token) -> list[Token]:
        lo = max(0, verb.index - self.base - 6)
        hi = verb.index - self.base + 1
        return [tok for tok in self.tokens[lo:hi] if tok.head == verb.index and tok is not verb]


def _future_cue(clause: str) -> bool:
    """Whether ``clause`` holds a :data:`FUTURE_CUES` cue; the cheap ``in`` tests first
    rule out most clauses, as every cue holds "to" or one of five words."""
    folded = clause.casefold()
    if not (
        "to" in folded
        or "will" in folded
        or "would" in folded
        or "shall" in folded
        or "won't" in folded
        or "'ll" in folded
    ):
        return False
    return FUTURE_CUES.search(clause) is not None
