"""Code a text with one PLOVER type, as an event coder does for a sentence.

The rules find the text's main event (:func:`~storyline.analyse.events.main_event`)
and the learned model (:mod:`storyline.analyse.event_model`) weighs the rules'
verdict together with the words and the parse around it; the model's type wins
when it is sure enough, else the rules' does. The coded type follows the
CAMEO-to-PLOVER conventions (:func:`~storyline.analyse.event_rules.coded`).
Where no rule fired, the model decides, and it may find that the text reports
no event; where a rule fired, the text reports one.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.analyse import event_rules
from storyline.analyse.event_features import event_features
from storyline.analyse.event_model import NO_EVENT, Coding, Model
from storyline.analyse.events import coded_type, main_event
from storyline.model import Document

# The model overrides the rules' coded type only when at least this sure; chosen by
# cross-validation on the training data (training/train_events.py), not on a benchmark.
OVERRIDE_AT = 0.5


@dataclass(frozen=True, slots=True)
class TextCode:
    """The coded type of a text, its mode, and the rule and model decisions behind it."""

    type: str | None
    mode: str | None
    rule: str
    model: Coding | None

    def explain(self) -> str:
        """Return the rule that fired and the model's decision as one line."""
        parts = [f"rule: {self.rule}" if self.rule else "rule: none"]
        if self.model is not None:
            parts.append(self.model.explain())
        return " | ".join(parts)


def rule_code(doc: Document) -> str | None:
    """Return the coded type of the main event the rules find, or None."""
    event = main_event(doc)
    return coded_type(event) if event is not None else None


def code_text(
    doc: Document, lexicon: dict[tuple[str, str], tuple[event_rules.Entry, ...]], model: Model
) -> TextCode:
    """Return the coded type of analysed ``doc`` and why."""
    if not doc.tokens or not doc.sentences:
        return TextCode(None, None, "", None)
    event = main_event(doc)
    tree = event_rules.build_tree(doc)
    coding = model.code(event_features(doc, tree, event, lexicon))
    if event is None:
        return TextCode(None if coding.type == NO_EVENT else coding.type, None, "", coding)
    ruled = coded_type(event)
    sure = coding.probability >= OVERRIDE_AT and coding.type != NO_EVENT
    found = coding.type if sure else ruled
    return TextCode(found, event.mode, f"{ruled} via {event.rule}", coding)
