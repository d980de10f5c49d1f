"""Cross-document resolution: from analysed documents to the merged storyline.

The steps run in one direction: entities, stories, anchoring of dates, a first
event clustering, publication-date inference from those events, a second
clustering on the better-anchored dates, and then the merged events with their
corroboration and conflicts.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from storyline.knowledge.actors import BARE_HEADS
from storyline.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Place,
    QuantityValue,
    Storyline,
    TimeSpan,
)
from storyline.resolve import dates
from storyline.resolve.conflicts import settle_quantities, settle_time
from storyline.resolve.corroboration import independent_reports, syndication_groups
from storyline.resolve.entities import EntityResolution, resolve_entities
from storyline.resolve.events import Candidate, Decision, MentionKey, cluster_mentions
from storyline.resolve.intervals import event_interval, intersect, report_time, width
from storyline.resolve.labels import event_label
from storyline.resolve.stories import cluster_stories, word_terms

SPECIFICITY = {"facility": 3, "city": 2, "region": 1, "country": 0}


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """A mention's coreference decision, with clusters named by their event ids.

    ``event`` is None for a mention that joined no kept event; ``apart`` holds
    (event id, reason, features) for each nearby event it was kept apart from.
    """

    mention: MentionKey
    event: str | None
    action: str
    score: float
    features: dict[str, float | str | None]
    apart: tuple[tuple[str, str, dict[str, float | str | None]], ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    storyline: Storyline
    members: dict[MentionKey, str]
    stories: dict[str, str]
    decisions: tuple[MergeDecision, ...] = ()


def resolve_storyline(
    docs: Sequence[Document],
    *,
    previous_members: Mapping[MentionKey, str] | None = None,
    previous_entities: Sequence[Entity] = (),
    near_duplicate_threshold: float = 0.8,
) -> Resolution:
    """Merge analysed documents into one storyline."""
    # Inferred dates are inferred afresh, so that a rebuild gives the same storyline.
    docs = [
        dataclasses.replace(d, published=None) if d.published and d.published.inferred else d
        for d in docs
    ]
    ents = resolve_entities(docs, previous=previous_entities)
    stories = cluster_stories(docs, ents.mention_entity)
    docs = _anchor_known(docs, stories)
    clusters = cluster_mentions(_candidates(docs, ents, stories))
    docs = _infer_dates(docs, clusters, stories)
    by_id = {doc.id: doc for doc in docs}
    decisions: list[Decision] = []
    clusters = cluster_mentions(_candidates(docs, ents, stories), decisions=decisions)
    groups = syndication_groups(docs, threshold=near_duplicate_threshold)
    ids = _stable_ids(clusters, previous_members or {})
    lookup = _entity_lookup(ents)
    events = [
        _event(eid, members, by_id, lookup, groups)
        for eid, members in zip(ids, clusters, strict=True)
    ]
    # An event with neither a place nor a named participant tells a reader nothing.
    events = [e for e in events if e.place or e.source or e.target]
    events.sort(key=lambda e: (e.time.start or date.max, e.id))
    places, aliases = _places(docs, events)
    story = Storyline(
        documents=tuple(docs),
        entities=ents.entities,
        places=places,
        events=tuple(events),
        conflicts=ents.conflicts,
        place_aliases=aliases,
    )
    kept = {e.id for e in events}
    members = {
        c.key: eid
        for eid, cluster in zip(ids, clusters, strict=True)
        if eid in kept
        for c in cluster
    }
    named = {i: eid for i, eid in enumerate(ids) if eid in kept}
    return Resolution(story, members, stories, _named_decisions(decisions, named))


def _named_decisions(
    decisions: Sequence[Decision], named: Mapping[int, str]
) -> tuple[MergeDecision, ...]:
    """Name each decision's clusters by their event ids, dropping clusters not kept."""
    out = []
    for d in decisions:
        event = named.get(d.cluster) if d.cluster is not None else None
        apart = tuple((named[i], why, f) for i, why, f in d.apart if i in named)
        out.append(MergeDecision(d.mention, event, d.action, d.score, d.features, apart))
    return tuple(sorted(out, key=lambda d: d.mention))


def _anchor_known(docs: Sequence[Document], stories: Mapping[str, str]) -> list[Document]:
    """Date datelines from their story, then resolve what the story's dates allow."""
    known = dates.story_dates(docs, stories)
    everywhere = sorted(d for days in known.values() for d in days)
    out = []
    for doc in docs:
        if doc.published is None or doc.published.date is None:
            story_days = known.get(stories[doc.id]) or everywhere
            published = dates.date_from_dateline(doc, story_days)
            if published is not None:
                doc = dates.with_anchor(
                    dataclasses.replace(doc, published=published), published.date
                )
        out.append(doc)
    known = dates.story_dates(out, stories)
    return [
        doc
        if dates.known_date(doc)
        else dates.with_story_anchor(doc, known.get(stories[doc.id], ()))
        for doc in out
    ]


def _infer_dates(
    docs: Sequence[Document], clusters: Sequence[Sequence[Candidate]], stories: Mapping[str, str]
) -> list[Document]:
    """Infer publication dates of undated documents from the events they share."""
    shared = _SharedEvents(clusters)
    out = []
    for doc in docs:
        if dates.known_date(doc) is not None:
            out.append(doc)
            continue
        lead_times, lead_days, bound = _event_evidence(doc, shared)
        published = dates.date_from_events(doc, lead_times, lead_days, bound)
        doc = dataclasses.replace(doc, published=published)
        out.append(dates.with_anchor(doc, published.date) if published.date else doc)
    return out


class _SharedEvents:
    """The clusters each document takes part in, and what other documents say of their dates."""

    def __init__(self, clusters: Sequence[Sequence[Candidate]]) -> None:
        self.clusters = clusters
        self.by_doc: dict[str, list[tuple[int, list[Candidate]]]] = defaultdict(list)
        self.dating: set[tuple[int, str]] = set()
        for i, cluster in enumerate(clusters):
            own: dict[str, list[Candidate]] = defaultdict(list)
            for c in cluster:
                own[c.key[0]].append(c)
            for doc_id, mine in own.items():
                self.by_doc[doc_id].append((i, mine))
                if any(_dates(c) for c in mine):
                    self.dating.add((i, doc_id))
        self._all: dict[int, TimeSpan | None] = {}

    def dated_by_others(self, index: int, doc_id: str) -> TimeSpan | None:
        """Return the interval the completed, dated mentions of other documents agree on."""
        cluster = self.clusters[index]
        if (index, doc_id) not in self.dating:
            if index not in self._all:
                self._all[index] = _agreed(c.time for c in cluster if _dates(c))
            return self._all[index]
        return _agreed(c.time for c in cluster if c.key[0] != doc_id and _dates(c))


def _dates(cand: Candidate) -> bool:
    return cand.mode == "completed" and cand.timed and cand.time.known


def _agreed(spans: Iterable[TimeSpan]) -> TimeSpan | None:
    spans = list(spans)
    return intersect(spans) if spans else None


def _event_evidence(doc: Document, shared: _SharedEvents):  # noqa: ANN202
    """Return the lead event's relative times, its dates from others, and the date bound.

    The bound comes only from events of the lead event's own type (earlier
    handovers bound the report of a handover), since reports recall older,
    unrelated events as background.
    """
    mine = shared.by_doc.get(doc.id, [])
    lead = [(i, own) for i, own in mine if min(c.sentence for c in own) < dates.LEAD_SENTENCES]
    lead_types = {own[0].type for _, own in lead}
    lead_times, lead_days, starts = [], [], []
    for i, own in mine:
        if own[0].type not in lead_types:
            continue
        span = shared.dated_by_others(i, doc.id)
        if span is not None and span.start and all(c.mode == "completed" for c in own):
            starts.append(span.start)
        starts.extend(_own_bound(c) for c in own if c.mode == "completed" and c.timed)
    for i, own in lead:
        span = shared.dated_by_others(i, doc.id)
        if span is not None and span.granularity == "day":
            lead_days.append(span.start)
        for cand in own:
            event = doc.events[cand.key[1]]
            if event.time is not None and doc.timexes[event.time].relative:
                lead_times.append(doc.timexes[event.time])
    return lead_times, lead_days, max((s for s in starts if s), default=None)


def _own_bound(cand: Candidate) -> date | None:
    """Return the date a report of a completed, dated event cannot precede.

    A period of up to two weeks has ended by the time it is reported as done;
    of a longer one only its start is certain.
    """
    span = cand.time
    if span.start is not None and span.end is not None and width(span) <= 14:
        return span.end
    return span.start


def _candidates(
    docs: Sequence[Document], ents: EntityResolution, stories: Mapping[str, str]
) -> list[Candidate]:
    ordered = sorted(docs, key=lambda d: (dates.known_date(d) or date.max, d.id))
    people = frozenset(e.id for e in ents.entities if e.kind == "person")
    return [
        _candidate(doc, i, ents.mention_entity, stories[doc.id], people)
        for doc in ordered
        for i in range(len(doc.events))
    ]


def _candidate(
    doc: Document,
    index: int,
    entity_of: Mapping[tuple[str, int], str],
    story: str,
    people: frozenset[str],
) -> Candidate:
    event = doc.events[index]
    place = doc.places[event.place].place if event.place is not None else None
    timex = doc.timexes[event.time] if event.time is not None else None
    timed = timex is not None and (timex.span.start is not None or timex.span.end is not None)
    published = dates.known_date(doc)
    if timed:
        time = event_interval(timex.span, event.time_signal, published)
    else:
        time = _default_time(event.mode, published)

    def entities(indices: tuple[int, ...]) -> frozenset[str]:
        return frozenset(entity_of[(doc.id, i)] for i in indices if (doc.id, i) in entity_of)

    return Candidate(
        key=(doc.id, index),
        type=event.type,
        mode=event.mode,
        sentence=event.sentence,
        place=place,
        time=time,
        timed=timed,
        sources=entities(event.source),
        targets=entities(event.target),
        story=story,
        people=entities(event.target) & people,
        words=sentence_words(doc, event.sentence),
    )


def sentence_words(doc: Document, index: int) -> frozenset[str]:
    """Return the content words of sentence ``index`` of ``doc`` (for sentence similarity)."""
    if not 0 <= index < len(doc.sentences):
        return frozenset()
    sent = doc.sentences[index]
    return frozenset(word_terms(doc.text[sent.start : sent.end]))


def _default_time(mode: str, published: date | None) -> TimeSpan:
    """Bound an undated mention by its report: done before it, or planned after it."""
    if published is None:
        return TimeSpan(None, None, "unknown")
    if mode == "planned":
        return TimeSpan(published, None, "unknown")
    return TimeSpan(None, published, "unknown")


def _stable_ids(
    clusters: Sequence[Sequence[Candidate]], previous: Mapping[MentionKey, str]
) -> list[str]:
    """Keep each earlier event id for the cluster holding most of its mentions."""
    claims: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        for eid, n in Counter(previous[c.key] for c in cluster if c.key in previous).items():
            claims[eid].append((n, -i))
    owned: dict[int, list[str]] = defaultdict(list)
    for eid, votes in claims.items():
        owned[-max(votes)[1]].append(eid)
    ids = []
    for i, cluster in enumerate(clusters):
        kept = sorted(owned.get(i, ()))
        first = min(c.key for c in cluster)
        fresh = "ev-" + hashlib.sha1(f"{first[0]}:{first[1]}".encode()).hexdigest()[:12]
        ids.append(kept[0] if kept else fresh)
    return ids


def _event(
    eid: str,
    members: Sequence[Candidate],
    docs: Mapping[str, Document],
    lookup: tuple[dict[str, str], dict[str, str]],
    groups: Mapping[str, str],
) -> Event:
    head = members[0]
    documents = tuple(sorted({c.key[0] for c in members}))
    place = _choose_place(members, groups)
    dated = [
        (c.key[0], c.time, _pub(docs[c.key[0]]))
        for c in members
        if c.mode == head.mode and (c.timed or c.time.end or c.time.start)
    ]
    time, time_conflict = settle_time(dated, groups, event=eid)
    time_source = "text"
    if not any(c.timed for c in members if c.mode == head.mode):
        # No time expression governs any report of it: fall back on the reports' dates.
        days = [d for c in members if (d := dates.known_date(docs[c.key[0]]))]
        time, time_source = report_time(head.mode, days)
    quantities, conflicts = settle_quantities(_quantities(members, docs), groups, event=eid)
    if time_conflict is not None:
        conflicts.insert(0, time_conflict)
    kinds, names = lookup
    source, target = _actors(members, "sources", lookup), _actors(members, "targets", lookup)
    label = event_label(
        head.type,
        head.mode,
        source=names.get(source[0]) if source else None,
        target=names.get(target[0]) if target else None,
        place=place,
        source_kind=kinds.get(source[0], "") if source else "",
    )
    return Event(
        id=eid,
        type=head.type,
        label=label,
        mode=head.mode,
        source=source,
        target=target,
        place=place.id if place else None,
        time=time,
        time_source=time_source,
        documents=documents,
        independent_reports=independent_reports(documents, groups),
        evidence=_evidence(members, docs),
        quantities=tuple(quantities),
        conflicts=tuple(conflicts),
    )


def _entity_lookup(ents: EntityResolution) -> tuple[dict[str, str], dict[str, str]]:
    """Return each entity's kind and name by id, built once per resolution."""
    return {e.id: e.kind for e in ents.entities}, {e.id: e.name for e in ents.entities}


def _pub(doc: Document) -> str:
    day = dates.known_date(doc)
    return day.isoformat() if day else ""


def _choose_place(members: Sequence[Candidate], groups: Mapping[str, str]) -> Place | None:
    """Pick the place most independent reports give, then the most specific."""
    docs_by_place: dict[str, set[str]] = defaultdict(set)
    places: dict[str, Place] = {}
    for c in members:
        if c.place is not None:
            docs_by_place[c.place.id].add(c.key[0])
            places[c.place.id] = c.place
    if not places:
        return None
    best_kind = max(SPECIFICITY.get(p.kind, 0) for p in places.values())
    precise = [pid for pid in places if SPECIFICITY.get(places[pid].kind, 0) >= min(best_kind, 2)]

    def rank(pid: str) -> tuple[int, int, str]:
        reports = independent_reports(docs_by_place[pid], groups)
        return (reports, SPECIFICITY.get(places[pid].kind, 0), pid)

    return places[max(precise, key=rank)]


def _actors(
    members: Sequence[Candidate], role: str, lookup: tuple[dict[str, str], dict[str, str]]
) -> tuple[str, ...]:
    """Rank the entities in ``role`` by reports; generic ones only when nothing is named.

    Generic are groups ("forces", "foreign troops") and a bare actor noun that no
    alias table entry named ("the coalition", "the government").
    """
    kinds, names = lookup
    reports: dict[str, set[str]] = defaultdict(set)
    for c in members:
        for entity in getattr(c, role):
            reports[entity].add(c.key[0])
    named = [
        e for e in reports if kinds.get(e) != "group" and names.get(e, "").lower() not in BARE_HEADS
    ]
    return tuple(sorted(named or reports, key=lambda e: (-len(reports[e]), e)))[:4]


def _quantities(
    members: Sequence[Candidate], docs: Mapping[str, Document]
) -> list[tuple[str, QuantityValue]]:
    out = []
    for c in members:
        doc = docs[c.key[0]]
        for qi in doc.events[c.key[1]].quantities:
            q = doc.quantities[qi]
            out.append((doc.id, QuantityValue(q.name, q.value, q.unit, (doc.id,), q.scope)))
    return out


def _evidence(members: Sequence[Candidate], docs: Mapping[str, Document]) -> tuple[Evidence, ...]:
    seen: dict[tuple[str, int], Evidence] = {}
    for c in members:
        doc = docs[c.key[0]]
        sent = doc.sentences[doc.events[c.key[1]].sentence]
        raw = doc.text[sent.start : sent.end]
        start = sent.start + len(raw) - len(raw.lstrip())
        end = sent.start + len(raw.rstrip())
        seen.setdefault((doc.id, start), Evidence(doc.id, start, end, doc.text[start:end]))
    return tuple(seen[k] for k in sorted(seen))


def _places(docs: Sequence[Document], events: Sequence[Event]):  # noqa: ANN202
    """Return the places events use, with every surface form seen for each."""
    used = {e.place for e in events if e.place}
    found: dict[str, Place] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for m in doc.places:
            if m.place is not None and m.place.id in used:
                found[m.place.id] = m.place
                aliases[m.place.id].add(m.text)
    places = tuple(found[pid] for pid in sorted(found))
    return places, {
        pid: tuple(sorted(a for a in aliases[pid] if a != found[pid].name)) for pid in sorted(found)
    }
