"""The plain data model every stage reads and writes.

Records are frozen dataclasses. Every derived fact carries character offsets
into its document's ingested text, so it can always be traced back to evidence.
Cross-references inside one document are indices into the document's tuples
(``EventMention.place`` is an index into ``Document.places``, and so on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
MODES = ("completed", "planned", "negated", "hypothetical", "reported")
# An event mention across documents: (document id, index of the mention in that document).
MentionKey = tuple[str, int]

GRANULARITIES = ("day", "week", "month", "quarter", "season", "year", "decade", "unknown")
PLACE_KINDS = ("facility", "city", "region", "country")
ACTOR_KINDS = ("person", "organisation", "armed_group", "state", "group")


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """An inclusive interval of days and how precisely the text pins it down."""

    start: date | None
    end: date | None
    granularity: str = "unknown"

    @property
    def known(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the parse, detached from spaCy."""

    index: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    sentence: int
    ent: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity span found by the statistical model or the gazetteer layer."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    source: str = "model"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: a facility, city, region or country with coordinates."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None = None
    geonameid: int | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    sentence: int
    place: Place | None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A person, organisation, armed group or state named in the text.

    ``key`` is the canonical key from the alias table when the actor is known
    there, else empty; cross-document resolution groups mentions by it.
    """

    start: int
    end: int
    text: str
    kind: str
    sentence: int
    key: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression, its TIMEX3 value and the interval it denotes.

    ``relative`` marks values computed from the anchor (the publication date),
    which must be recomputed once an undated document's date is inferred.
    ``signal`` is the word that relates an event to the expression when it is
    not plain inclusion: "since", "until", "by", "before" or "after".
    """

    start: int
    end: int
    text: str
    sentence: int
    type: str
    value: str | None
    span: TimeSpan
    relative: bool = False
    tense: str = "past"
    signal: str = ""


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str
    sentence: int
    value: float
    unit: str
    name: str
    scope: str = ""


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of an event in one sentence, with its arguments as indices."""

    sentence: int
    start: int
    end: int
    trigger: str
    lemma: str
    type: str
    mode: str
    source: tuple[int, ...] = ()
    target: tuple[int, ...] = ()
    place: int | None = None
    time: int | None = None
    quantities: tuple[int, ...] = ()
    speaker: int | None = None
    rule: str = ""
    time_signal: str = ""


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date, given by the source or inferred, with its support."""

    date: date | None
    inferred: bool = False
    span: TimeSpan | None = None
    confidence: float = 1.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """An ingested report and, once analysed, everything found in it."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published: Published | None = None
    dateline: str | None = None
    path: str = ""
    content_hash: str = ""
    minhash: tuple[int, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    events: tuple[EventMention, ...] = ()

    def sentence_of(self, offset: int) -> Sentence | None:
        """Return the sentence that contains character ``offset``."""
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be ingested, and why."""

    path: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ConflictValue:
    value: str | float
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    field: str
    values: tuple[ConflictValue, ...]
    entity: str | None = None
    event: str | None = None
    chosen: str | float | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuantityValue:
    name: str
    value: float
    unit: str
    documents: tuple[str, ...]
    scope: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """A real-world event, merged from the mentions of every report of it."""

    id: str
    type: str
    label: str
    mode: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    place: str | None
    time: TimeSpan
    documents: tuple[str, ...]
    independent_reports: int
    evidence: tuple[Evidence, ...]
    quantities: tuple[QuantityValue, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # Where ``time`` comes from: "text" (a time expression governs the event),
    # "report" (no expression does: the reports' dates, at a coarser precision)
    # or "none" (neither is known).
    time_source: str = "text"


@dataclass(frozen=True, slots=True)
class Storyline:
    """Everything the store holds, as the export sees it."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    conflicts: tuple[Conflict, ...] = field(default=())
    place_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
