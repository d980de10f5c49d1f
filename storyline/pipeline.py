"""The per-document stage registry and the run loop.

A stage is a plain function ``(doc, ctx) -> Document`` registered with the
fields it requires and assigns. ``ORDER`` is the one list that fixes the
sequence. :func:`check` verifies the declarations before anything runs, and
:func:`analyse` checks what each stage returns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import StorylineError
from storyline.model import Document
from storyline.settings import Settings

StageFunc = Callable[[Document, "Context"], Document]

# Fields that ingest fills in before any stage runs.
INGESTED = ("id", "text", "title", "outlet", "published", "language", "dateline")
ORDER = ("nlp", "time", "places", "actors", "quantities", "events")


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


@dataclass
class Context:
    """Shared, read-only resources of a run, loaded lazily once per process."""

    settings: Settings
    _cache: dict[str, Any] = field(default_factory=dict)

    def resource(self, name: str, load: Callable[[], Any]) -> Any:
        """Return the resource ``name``, loading it with ``load`` on first use."""
        if name not in self._cache:
            self._cache[name] = load()
        return self._cache[name]


STAGES: dict[str, Stage] = {}


def stage(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[StageFunc], StageFunc]:
    """Register the decorated function as the per-document stage ``name``."""

    def register(func: StageFunc) -> StageFunc:
        STAGES[name] = Stage(name, func, requires, assigns)
        return func

    return register


@functools.cache
def load_stages() -> tuple[Stage, ...]:
    """Import the stage modules, check the declared order and return it."""
    from storyline.analyse import actors, events, nlp, places, quantities, time  # noqa: F401

    return check(ORDER)


def check(order: Iterable[str]) -> tuple[Stage, ...]:
    """Return the stages of ``order``, or raise if one needs what none assigned."""
    available = set(INGESTED)
    stages = []
    for name in order:
        if name not in STAGES:
            raise StorylineError(f"pipeline stage {name!r} is not registered")
        current = STAGES[name]
        missing = set(current.requires) - available
        if missing:
            raise StorylineError(
                f"stage {name!r} requires {', '.join(sorted(missing))}, "
                "which no earlier stage assigns; reorder pipeline.ORDER"
            )
        available.update(current.assigns)
        stages.append(current)
    return tuple(stages)


def analyse(doc: Document, ctx: Context) -> Document:
    """Run every registered stage over ``doc`` in order."""
    for current in load_stages():
        doc = _run_stage(current, doc, ctx)
    return doc


def analyse_many(docs: Iterable[Document], ctx: Context) -> Iterator[Document]:
    """Analyse ``docs`` in order, batching the nlp stage through ``nlp.pipe``."""
    from storyline.analyse.nlp import parse_many

    rest = [s for s in load_stages() if s.name != "nlp"]
    for doc in parse_many(docs, ctx):
        for current in rest:
            doc = _run_stage(current, doc, ctx)
        yield doc


def _run_stage(current: Stage, doc: Document, ctx: Context) -> Document:
    out = current.func(doc, ctx)
    if not isinstance(out, Document) or out.id != doc.id:
        raise StorylineError(f"stage {current.name!r} must return the Document it was given")
    return out
