"""The ``timex`` task: tag and normalise the time expressions of TempEval-3 style records.

Each record gives ``text`` and its document creation time ``dct``. ``predict`` adds
``pred_timexes``; ``evaluate`` scores them TempEval-3 style (strict and relaxed span F1,
and value F1 over the relaxed matches) beside the peer
``dateparser.search.search_dates`` anchored on the same ``dct``, over the whole file and
over each corpus it mixes (its records' ``source``).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime

from storyline.analyse.nlp import parse_many
from storyline.analyse.time import find_timexes
from storyline.errors import InputError
from storyline.model import Document, Published, Timex
from storyline.pipeline import Context
from storyline.settings import Settings
from storyline.tasks import progress
from storyline.tasks.scoring import format_table, prf

Span = dict  # one {"start", "end", "text", "type", "value"} object of the task format


def predict(records: list[dict], settings: Settings) -> Iterator[dict]:
    """Yield each record with ``pred_timexes`` found in its text and anchored on its dct."""
    docs = [_document(i, record) for i, record in enumerate(records)]
    ctx = Context(dataclasses.replace(settings, n_process=1))
    with progress(len(docs), "timex") as bar:
        for record, doc in zip(records, parse_many(docs, ctx), strict=True):
            anchor = doc.published.date if doc.published else None
            timexes = find_timexes(
                doc.text, anchor=anchor, sentences=doc.sentences, tokens=doc.tokens
            )
            pred = [span for t in timexes for span in spans(t)]
            bar.update(1)
            yield {**record, "pred_timexes": pred}


# The connective between the two ends of a range: a dash after a number, or a word.
_RANGE_JOIN = re.compile(r"(?<=\d)\s*[-–—]\s*|\s+(?:to|through|till|until|and)\s+", re.IGNORECASE)


def spans(timex: Timex) -> list[Span]:
    """Return the TempEval spans of one expression.

    A range ("Aug. 26 to Oct. 20", "1998-99") becomes its two ends, each with its own
    value: a TIMEX3 value cannot be an interval, so TimeML tags each end and leaves
    the connective between them as a signal.
    """
    value = timex.value or ""
    join = _RANGE_JOIN.search(timex.text) if "/" in value and timex.type == "DATE" else None
    if join is None:
        return [_span(timex.start, timex.text, timex.type, timex.value)]
    first, last = value.split("/", 1)
    second = timex.start + join.end()
    return [
        _span(timex.start, timex.text[: join.start()], "DATE", first),
        _span(second, timex.text[join.end() :], "DATE", last),
    ]


def _span(start: int, text: str, kind: str, value: str | None) -> Span:
    return {"start": start, "end": start + len(text), "text": text, "type": kind, "value": value}


def evaluate(records: list[dict], settings: Settings) -> str:
    """Score storyline and the dateparser peer on ``records`` and return the tables."""
    systems: list[tuple[str, Callable[[list[dict]], list[list[Span]]]]] = [
        ("storyline", lambda recs: [r["pred_timexes"] for r in predict(recs, settings)]),
        ("dateparser.search_dates (peer)", _dateparser_predictions),
    ]
    gold = [record.get("timexes", []) for record in records]
    rows = []
    for name, run in systems:
        began = time.perf_counter()
        predicted = run(records)
        seconds = time.perf_counter() - began
        rows.append([name, *score(gold, predicted), f"{seconds:.1f}"])
        rows.extend(_by_source(records, gold, predicted))
    headers = ["system", "strict P", "strict R", "strict F1", "relaxed P", "relaxed R",
               "relaxed F1", "type acc", "value acc", "value F1", "seconds"]  # fmt: skip
    gold_count = sum(len(g) for g in gold)
    title = f"timex: {len(records)} documents, {gold_count} gold expressions"
    return title + "\n" + format_table(headers, rows)


def _by_source(
    records: list[dict], gold: list[list[Span]], predicted: list[list[Span]]
) -> list[list[object]]:
    """Score each corpus of a file that mixes several ("TimeBank", "AQUAINT"), one row
    each: rules tuned to one corpus's habits would show as a gap between its parts."""
    names = [str(record.get("source") or "") for record in records]
    sources = sorted(set(names) - {""})
    rows: list[list[object]] = []
    for source in sources if len(sources) > 1 else ():
        part = [i for i, name in enumerate(names) if name == source]
        scores = score([gold[i] for i in part], [predicted[i] for i in part])
        rows.append([f"  {source} ({len(part)} documents)", *scores, None])
    return rows


def score(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> list[float]:
    """Return strict P/R/F1, relaxed P/R/F1, type and value accuracy and value F1.

    Spans pair one to one, in text order; accuracy is over the relaxed pairs and value
    F1 counts a pair correct when its value matches, as the TempEval-3 scorer does.
    """
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    strict = relaxed = typed = valued = 0
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        strict += len(_pairs(gold_spans, pred_spans, exact=True))
        for g, p in _pairs(gold_spans, pred_spans, exact=False):
            relaxed += 1
            typed += g["type"] == p["type"]
            valued += _same_value(g["value"], p["value"])
    value_f1 = prf(valued, n_pred, n_gold)[2]
    return [
        *prf(strict, n_pred, n_gold),
        *prf(relaxed, n_pred, n_gold),
        typed / relaxed if relaxed else 0.0,
        valued / relaxed if relaxed else 0.0,
        value_f1,
    ]


def _pairs(gold: Sequence[Span], pred: Sequence[Span], *, exact: bool) -> list[tuple[Span, Span]]:
    """Pair each gold span with the first unpaired predicted span that matches it."""
    used: set[int] = set()
    out = []
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            hit = (
                (p["start"], p["end"]) == (g["start"], g["end"])
                if exact
                else p["start"] < g["end"] and g["start"] < p["end"]
            )
            if hit:
                used.add(i)
                out.append((g, p))
                break
    return out


def _same_value(gold: str | None, pred: str | None) -> bool:
    return gold is not None and pred is not None and gold.strip() == pred.strip()


def _document(index: int, record: dict) -> Document:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"record {index + 1}: 'text' must be a string")
    return Document(
        id=str(record.get("id", index)), text=text, language="en", published=_dct(index, record)
    )


def _dct(index: int, record: dict) -> Published | None:
    raw = record.get("dct")
    if raw in (None, ""):
        return None
    try:
        return Published(date.fromisoformat(str(raw)[:10]))
    except ValueError as e:
        raise InputError(f"record {index + 1}: 'dct' is not an ISO date: {raw!r}") from e


# The peer: dateparser's search, anchored on the same creation time.

_PERIOD_FORMAT = {"year": "%Y", "month": "%Y-%m", "week": "%G-W%V", "day": "%Y-%m-%d"}


def _dateparser_predictions(records: list[dict]) -> list[list[Span]]:
    """Run ``dateparser.search.search_dates`` over each record, anchored on its dct."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    out = []
    with progress(len(records), "dateparser") as bar:
        for i, record in enumerate(records):
            published = _dct(i, record)
            base = datetime.combine(published.date, datetime.min.time()) if published else None
            settings = {"RELATIVE_BASE": base} if base else {}
            found = search_dates(record["text"], languages=["en"], settings=settings) or []
            periods = DateDataParser(languages=["en"], settings=settings)
            out.append(list(_located(record["text"], found, periods)))
            bar.update(1)
    return out


def _located(text: str, found: Iterable[tuple[str, datetime]], periods) -> Iterator[Span]:  # noqa: ANN001
    """Give dateparser's (substring, datetime) pairs offsets and a TIMEX3-like value."""
    cursor = 0
    for phrase, moment in found:
        start = text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        period = periods.get_date_data(phrase).period or "day"
        if period == "time":
            kind, value = "TIME", moment.strftime("%Y-%m-%dT%H:%M")
        else:
            kind, value = "DATE", moment.strftime(_PERIOD_FORMAT.get(period, "%Y-%m-%d"))
        yield {"start": start, "end": cursor, "text": phrase, "type": kind, "value": value}
