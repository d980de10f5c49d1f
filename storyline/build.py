"""The build: ingest, analyse in worker processes, store, then resolve the storyline.

Documents stream through: at most a few batches are in flight at once, so
memory stays flat however large the corpus is. Each analysed document is
stored in its own transaction, and the resolved storyline replaces the old one
in a single transaction, so a build killed at any point leaves a consistent
store, and running it again finishes the job without duplicates.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest import read_paths
from storyline.model import Document, Skipped
from storyline.pipeline import Context, analyse_many
from storyline.resolve.storyline import resolve_storyline
from storyline.settings import Settings
from storyline.store import BuildLog, Store

log = logging.getLogger("storyline.build")

ProgressFn = Callable[["BuildReport"], None]
SkipFn = Callable[[Skipped], None]


@dataclass
class BuildReport:
    """What a build did, updated as it goes (progress callbacks receive it)."""

    seen: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    events: int = 0
    resolved: bool = False
    seconds: float = 0.0

    def skipped_summary(self) -> str:
        """Return e.g. "3 skipped: 2 empty, 1 binary", or "" when nothing was skipped."""
        total = sum(self.skipped.values())
        if not total:
            return ""
        parts = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        return f"{total} skipped: {parts}"


def build(
    paths: Iterable[str | Path],
    db: str | Path,
    *,
    settings: Settings,
    on_progress: ProgressFn | None = None,
    on_skip: SkipFn | None = None,
) -> BuildReport:
    """Ingest every file under ``paths`` into the store at ``db`` and resolve the storyline."""
    report = BuildReport()
    started = time.time()
    with Store(db) as store:
        fresh = _fresh_documents(read_paths(paths, settings), store, report, on_skip)
        for item in analyse_stream(fresh, settings):
            if isinstance(item, Skipped):
                _skip(item, report, on_skip)
            elif store.add_document(item):
                report.added += 1
            else:
                report.unchanged += 1
            if on_progress is not None:
                on_progress(report)
        if report.added or store.needs_resolution():
            _resolve(store, settings, report, started)
    report.seconds = time.time() - started
    return report


def _fresh_documents(
    items: Iterable[Document | Skipped], store: Store, report: BuildReport, on_skip: SkipFn | None
) -> Iterator[Document]:
    for item in items:
        report.seen += 1
        if isinstance(item, Skipped):
            _skip(item, report, on_skip)
        elif store.has_hash(item.content_hash):
            report.unchanged += 1
        else:
            yield item


def _skip(item: Skipped, report: BuildReport, on_skip: SkipFn | None) -> None:
    report.skipped[item.reason] += 1
    log.warning("skipped %s", item.detail or item.path)
    if on_skip is not None:
        on_skip(item)


def _resolve(store: Store, settings: Settings, report: BuildReport, started: float) -> None:
    previous = store.storyline()
    docs = list(store.documents(tokens=False))
    resolution = resolve_storyline(
        docs,
        previous_members=store.event_members(),
        previous_entities=previous.entities,
        near_duplicate_threshold=settings.near_duplicate_threshold,
    )
    events = resolution.storyline.events
    old = {e.id: e for e in previous.events}
    entry = BuildLog(
        id=0,
        started=started,
        finished=time.time(),
        documents_added=report.added,
        events_total=len(events),
        events_new=sum(e.id not in old for e in events),
        events_changed=sum(e.id in old and e != old[e.id] for e in events),
        skipped=dict(report.skipped),
    )
    stored = {doc.id: doc.published for doc in docs}
    for doc in resolution.storyline.documents:
        if doc.published != stored[doc.id] and doc.published is not None:
            store.update_published(doc.id, doc.published)
    store.save_storyline(
        resolution.storyline,
        members=resolution.members,
        build=entry,
        decisions=resolution.decisions,
    )
    report.events = len(events)
    report.resolved = True


def analyse_stream(docs: Iterable[Document], settings: Settings) -> Iterator[Document | Skipped]:
    """Analyse ``docs`` in order, in ``settings.n_process`` worker processes."""
    if settings.n_process <= 1:
        ctx = Context(settings)
        for batch in _batches(docs, settings.batch_size):
            yield from _analyse_batch(batch, ctx)
        return
    mp = multiprocessing.get_context("fork")
    with mp.Pool(settings.n_process, initializer=_init_worker, initargs=(settings,)) as pool:
        window: deque = deque()
        for batch in _batches(docs, settings.batch_size):
            window.append(pool.apply_async(_worker_batch, (batch,)))
            if len(window) > 2 * settings.n_process:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_WORKER_CTX: Context | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_CTX
    _WORKER_CTX = Context(settings)


def _worker_batch(batch: list[Document]) -> list[Document | Skipped]:
    if _WORKER_CTX is None:
        raise RuntimeError("worker used before _init_worker ran")
    return _analyse_batch(batch, _WORKER_CTX)


def _analyse_batch(batch: list[Document], ctx: Context) -> list[Document | Skipped]:
    """Analyse a batch; a document that breaks a stage is skipped, not the batch."""
    try:
        return [_slim(doc) for doc in analyse_many(batch, ctx)]
    except Exception:  # noqa: BLE001 - retried one by one to find the culprit
        log.debug("batch failed; analysing its documents one by one", exc_info=True)
    out: list[Document | Skipped] = []
    for doc in batch:
        try:
            out.extend(_slim(d) for d in analyse_many([doc], ctx))
        except Exception as e:  # noqa: BLE001 - one bad document must not stop the build
            out.append(Skipped(doc.path or doc.id, "analysis-error", f"{doc.id}: {e}"))
    return out


def _slim(doc: Document) -> Document:
    """Drop the token layer: later steps need only the mentions with their offsets."""
    return dataclasses.replace(doc, tokens=())
