"""The ``eventtype`` task: one PLOVER event type per record.

``predict`` runs the pipeline over each record's ``text`` and fills in
``pred_event`` (a PLOVER type, or null when the text reports no event), with
``pred_mode`` and ``pred_explanation`` (the rule and the model features that
decided). ``evaluate`` scores against the gold ``event`` (PLOVER records) or,
for PETRARCH-2 records, against the expected ``cameo`` codes mapped to PLOVER
by longest prefix, where a record may expect several types or none; it also
reports CAMEO-root agreement there. Peers measured in the same run: the rules
alone (v1), a trigger-keyword baseline and the majority class.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from storyline.analyse import event_rules
from storyline.analyse.event_coder import TextCode, code_text, coded_type, main_event
from storyline.analyse.event_mappings import cameo_roots, cameo_to_plover
from storyline.analyse.event_model import load_model
from storyline.analyse.events import rule_events
from storyline.errors import InputError
from storyline.model import PLOVER_TYPES, Document
from storyline.pipeline import Context, analyse_many
from storyline.settings import Settings
from storyline.tasks import progress
from storyline.tasks.scoring import format_table, prf

NONE = "-"
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def predict(records: list[dict], settings: Settings) -> Iterator[dict]:
    """Yield each record with ``pred_event``, ``pred_mode`` and ``pred_explanation``."""
    for record, _, code in _coded(records, settings):
        yield {
            **record,
            "pred_event": code.type,
            "pred_mode": code.mode,
            "pred_explanation": code.explain(),
        }


def _coded(records: list[dict], settings: Settings) -> Iterator[tuple[dict, str | None, TextCode]]:
    """Yield each record, the rules' coded type of its text, and the events stage's coder's."""
    docs = [_document(n, record) for n, record in enumerate(records)]
    ctx = Context(dataclasses.replace(settings, n_process=1))
    lexicon = ctx.resource("plover_lexicon", event_rules.load_lexicon)
    model = ctx.resource("plover_model", load_model)
    with progress(len(docs), "eventtype") as bar:
        for record, doc in zip(records, analyse_many(docs, ctx), strict=True):
            bar.update(1)
            if not doc.tokens:
                yield record, None, code_text(doc, [], lexicon, model)
                continue
            tree = event_rules.build_tree(doc)  # built once, shared by the three steps below
            found = rule_events(doc, tree, lexicon)
            main = main_event(dataclasses.replace(doc, events=tuple(found)), tree)
            ruled = coded_type(main) if main is not None else None
            yield record, ruled, code_text(doc, found, lexicon, model, tree)


def _document(n: int, record: dict) -> Document:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"record {n + 1} ({record.get('id', '?')}): no 'text' string")
    return Document(id=str(record.get("id", n)), text=text, language="en")


def evaluate(records: list[dict], settings: Settings) -> str:
    """Score storyline and its peers on ``records`` and return the report."""
    if not records:
        raise InputError("no records to evaluate")
    if all("event" in r for r in records):
        gold = [{r["event"]} if r["event"] else set() for r in records]
        source = "PLOVER gold `event`"
    elif all("cameo" in r for r in records):
        gold = [{t for t in map(cameo_to_plover, r["cameo"]) if t} for r in records]
        source = "expected CAMEO codes mapped to PLOVER (longest prefix)"
    else:
        raise InputError("eventtype records need a gold 'event' (PLOVER) or 'cameo' list")
    ours, rules = [], []
    for _, ruled, code in _coded(records, settings):
        ours.append(code.type)
        rules.append(ruled)
    majority = Counter(t for g in gold for t in g).most_common(1)[0][0]
    keyword = _keyword_coder()
    systems = {
        "storyline (rules + model)": ours,
        "rules only (v1 coder)": rules,
        "trigger keywords (peer)": [keyword(r["text"]) for r in records],
        "majority class (peer)": [majority] * len(records),
    }
    rows = [[name, *_scores(gold, pred)] for name, pred in systems.items()]
    lines = [
        f"eventtype: {len(records)} records; gold: {source}",
        format_table(["system", "accuracy", "macro F1", "coded"], rows),
        "",
        "storyline per type:",
        _per_type(gold, ours),
        "",
        "confusion (rows gold, columns predicted; - is no event):",
        _confusion(gold, ours),
    ]
    if any("cameo" in r for r in records):
        lines += ["", _cameo_report(records, systems)]
    return "\n".join(lines)


def _label(gold: set[str], pred: str | None) -> tuple[str, str]:
    """Pair a prediction with the gold label it is scored against."""
    truth = pred if pred in gold else (min(gold) if gold else NONE)
    return truth, pred or NONE


def _scores(gold: Sequence[set[str]], predicted: Sequence[str | None]) -> list[float | int]:
    pairs = [_label(g, p) for g, p in zip(gold, predicted, strict=True)]
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    present = sorted({t for t, _ in pairs} - {NONE})
    f1s = [_type_prf(pairs, t)[2] for t in present]
    coded = sum(p != NONE for _, p in pairs)
    return [accuracy, sum(f1s) / len(f1s) if f1s else 0.0, coded]


def _type_prf(pairs: list[tuple[str, str]], type_: str) -> tuple[float, float, float]:
    correct = sum(t == p == type_ for t, p in pairs)
    return prf(correct, sum(p == type_ for _, p in pairs), sum(t == type_ for t, _ in pairs))


def _per_type(gold: Sequence[set[str]], predicted: Sequence[str | None]) -> str:
    pairs = [_label(g, p) for g, p in zip(gold, predicted, strict=True)]
    rows = []
    for type_ in PLOVER_TYPES:
        support = sum(t == type_ for t, _ in pairs)
        if support or any(p == type_ for _, p in pairs):
            rows.append([type_, *_type_prf(pairs, type_), support])
    return format_table(["type", "P", "R", "F1", "gold"], rows)


def _confusion(gold: Sequence[set[str]], predicted: Sequence[str | None]) -> str:
    pairs = [_label(g, p) for g, p in zip(gold, predicted, strict=True)]
    counts = Counter(pairs)
    order = [*PLOVER_TYPES, NONE]
    used = [t for t in order if any(t in pair for pair in counts)]
    rows = [
        [truth, *(counts.get((truth, p), "") or "." for p in used)]
        for truth in used
        if any(t == truth for t, _ in counts)
    ]
    return format_table(["gold \\ pred", *(t[:4] for t in used)], rows)


def _cameo_report(records: list[dict], systems: dict[str, list[str | None]]) -> str:
    """Agreement of each system's type with the expected CAMEO root codes."""
    expected = [{code[:2] for code in r.get("cameo", [])} for r in records]
    coded = [n for n, roots in enumerate(expected) if roots]
    rows = []
    for name, predicted in systems.items():
        agree = sum(
            bool(expected[n] & set(cameo_roots(predicted[n]) if predicted[n] else ()))
            for n in coded
        )
        silent = sum(predicted[n] is None for n, roots in enumerate(expected) if not roots)
        rows.append([name, agree / len(coded) if coded else 0.0, silent])
    empty = sum(not roots for roots in expected)
    title = (
        f"CAMEO-root agreement: {len(coded)} records expecting codes "
        f"(roots 01 and 02 have no PLOVER type); {empty} expecting none"
    )
    return title + "\n" + format_table(["system", "root agreement", "no event when none"], rows)


def _keyword_coder() -> Callable[[str], str | None]:
    """Return the peer that types a text by the first lexicon trigger word in it."""
    triggers: dict[str, str] = {}
    for (lemma, _), entries in sorted(event_rules.load_lexicon().items()):
        triggers.setdefault(lemma, entries[-1].type)

    def code(text: str) -> str | None:
        for word in _WORD.findall(text.lower()):
            for stem in (word, word[:-1], word[:-2], word[:-3]):
                if len(stem) >= 3 and stem in triggers:
                    return triggers[stem]
        return None

    return code
