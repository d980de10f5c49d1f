"""The PLOVER trigger lexicon, the word classes and the mode rules of the events stage.

``plover_lexicon.csv`` has one row per trigger: ``lemma``, ``pos`` (VERB or
NOUN), the PLOVER ``type``, an optional required ``particle`` (a child word such
as "over" in "hand over", "against" in "vote against", "hunger" in "hunger
strike"; written "<on", the word that governs the trigger, as in "went on strike")
and an optional ``object`` class (the direct object, passive subject or
"of" complement must belong to it, as for "leave" a base or "suspend" training).
``source`` names the CAMEO code the row follows through the CAMEO-to-PLOVER 2021
table. Rows with more conditions are tried first, then in file order.

The word classes below are general English vocabulary of conflict and diplomacy
news, written for this project. :class:`Tree` indexes a document's parse for
the patterns, and :func:`mode` reads an event's mode from it.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import StorylineError
from storyline.model import PLOVER_TYPES, Document, Token

LEXICON_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "plover_lexicon.csv"


MAX_CLIMB = 8
SUBJECTS = ("nsubj", "csubj")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Object classes that name events of one PLOVER type: an object that is itself an
# event nominal belongs to the class when its own type is this one.
EVENT_CLASSES = {"dissent": "PROTEST", "weapon": "ASSAULT"}

# Economic penalties: imposing them is SANCTION (PLOVER manual, SANCTION), lifting them RETREAT.
PENALTIES = "sanctions sanction embargo embargoes tariffs boycott"

# Object classes the lexicon's ``object`` column names; "place" also accepts any
# object that the places stage resolved, and "clause" asks for a clausal complement.
OBJECT_CLASSES = {
    "place": _words(
        "base bases airbase airbases air-base site sites installation installations facility "
        "facilities camp camps airport airports airfield airfields post posts outpost outposts "
        "position positions location locations headquarters compound compounds garrison "
        "garrisons section sections town city village territory area province region country "
        "control command checkpoint checkpoints port prison"
    ),
    "control": _words("control command authority responsibility security custody"),
    "weapon": _words(
        "rocket rockets missile missiles mortar mortars drone drones strike strikes airstrike "
        "airstrikes attack attacks raid raids offensive assault operation shell shells grenade "
        "grenades bomb bombs barrage fire salvo projectiles"
    ),
    "fire": _words("fire"),
    "troops": _words(
        "troops forces force soldiers personnel army armies units battalion battalions brigade "
        "brigades reinforcements police warship warships fleet tanks presence contingent patrols "
        "security"
    ),
    "cooperation": _words(
        "cooperation co-operation coordination training talks negotiations aid assistance "
        "support operations relations ties interactions exchange exchanges program programme "
        "membership flights "
        "programs funding mission missions patrols contacts dialogue deliveries delivery "
        "shipments payments mediation"
    ),
    "diplomat": _words(
        "ambassador ambassadors envoy envoys diplomat diplomats embassy consulate inspectors "
        "observers monitors peacekeepers mission missions agency agencies charity charities "
        "organisation organisations organization organizations force"
    ),
    "visitor": _words(
        "delegation delegations minister ministers president leader leaders king queen prince "
        "envoy envoys counterpart counterparts visitor visitors summit talks meeting visit "
        "conference ambassador ambassadors"
    ),
    "passage": _words(
        "road roads bridge bridges highway highways traffic transport entrance entrances street "
        "streets crossing crossings railway port access border borders airspace"
    ),
    "aid": _words(
        "aid assistance food medicine medicines supplies weapons arms equipment money funds "
        "loan loans grant grants vaccines relief help support asylum ammunition care shelter "
        "shelters tents blankets wheat grain fuel reconstruction"
    ),
    "agreement": _words(
        "agreement agreements deal deals treaty treaties accord accords pact pacts ceasefire "
        "truce memorandum contract declaration"
    ),
    # A halt to fighting: declaring one is a verbal concession, observing it a retreat.
    "truce": _words("ceasefire ceasefires cease-fire truce truces armistice"),
    "penalty": _words(PENALTIES),
    "sanction": _words(PENALTIES + " blockade measures"),
    # Administrative bans and restrictions (CAMEO 081, 172), apart from economic sanctions;
    # lifting a curfew or a state of emergency is a concession too (PLOVER manual, CONCEDE).
    "restriction": _words(
        "ban bans restrictions restriction lockdown censorship controls curfew curfews emergency"
    ),
    "person": _words(
        "prisoner prisoners hostage hostages detainee detainees captive captives suspect "
        "suspects man men woman women soldier soldiers journalist journalists activist "
        "activists citizen citizens national nationals leader leaders member members "
        "engineers workers worker crew sailors fishermen tourists students protesters "
        "officials body bodies children people mayor minister president governor commander "
        "officer officers priest doctor doctors nurse nurses pilot pilots wounded injured "
        "sick civilians refugees residents"
    ),
    "demand": _words(
        "demand demands request requests proposal proposals offer plan conditions appeal "
        "appeals accusation accusations allegation allegations claim claims call calls"
    ),
    "norm": _words(
        "law laws rule rules norm norms order orders constitution ban bans sanctions embargo "
        "curfew resolution resolutions ruling"
    ),
    "complaint": _words("protest protests complaint complaints"),
    "dissent": _words(
        "strike strikes boycott boycotts protest protests demonstration demonstrations sit-in "
        "sit-ins walkout walkouts picket pickets march marches rally rallies campaign "
        "campaigns blockade blockades"
    ),
    "demands": _words("demand demands conditions call calls"),
    "rights": _words("right rights freedom freedoms autonomy amnesty independence"),
    "guilty": _words("guilty liable responsible"),
    "alert": _words("alert readiness level"),
    "motion": _words("motion resolution bill law decision"),
    # Property taken or held: returning it is CAMEO 0842 (return, release property).
    "property": _words(
        "property properties land lands farmland assets belongings possessions homes houses "
        "goods cargo vehicles vessel vessels ship ships aircraft artefacts artifacts antiquities"
    ),
    # Trade: resuming, renewing or restoring it is economic cooperation (CAMEO 061).
    "commerce": _words("trade trading commerce exports imports business investment investments"),
    "access": _words(
        "access inspectors observers peacekeepers monitors mission missions investigators"
    ),
}

# Governing words that set the mode of the event in their complement.
GOVERNOR_MODES = {
    **dict.fromkeys(
        _words(
            "plan intend aim agree decide prepare promise pledge vow expect schedule set commit "
            "arrange go hope want seek resolve offer propose order willing ready prepared poised "
            "determined"
        ),
        "planned",
    ),
    **dict.fromkeys(_words("refuse fail decline deny reject avoid cancel halt"), "negated"),
    **dict.fromkeys(
        _words(
            "threaten consider demand call urge ask request may could warn fear risk weigh mull"
        ),
        "hypothetical",
    ),
}
# Nouns that set the mode of the event they govern ("plans to withdraw", "calls for").
NOUN_GOVERNOR_MODES = {
    **dict.fromkeys(_words("plan plans intention decision agreement pledge promise"), "planned"),
    **dict.fromkeys(_words("threat call calls demand demands request proposal"), "hypothetical"),
}
# Governors that set a mode only through an infinitive ("going to", "set to").
INFINITIVE_ONLY = _words("go set")
FUTURE_AUX = _words("will shall 'll wo")
# "after the strike", "despite the attack": what these introduce is taken as having
# happened, whatever mode governs the clause around it.
PRESUPPOSING = _words("after before since following despite amid because during")
# Nouns whose "of" phrase reports an event that took place ("reports of arrests"): it
# does not take the mode of what is done with the report ("will examine reports of ...").
REPORT_NOUNS = _words(
    "report reports news account accounts evidence footage images video videos word rumours rumors"
)
HYPOTHETICAL_AUX = _words("could may might can should must ca")
CONDITIONAL_MARKS = _words("if unless whether")
NEGATIONS = _words("not n't never no without")
PLANNED_MODIFIERS = _words("planned proposed upcoming future expected scheduled imminent")
HYPOTHETICAL_MODIFIERS = _words("possible potential alleged")
# Verbs of saying: an event in their complement is attributed to their subject.
REPORTING = _words(
    "say tell announce state report claim confirm add reveal indicate note explain write "
    "insist stress affirm assert declare tweet post acknowledge disclose quote highlight"
)
# Nominal triggers whose "of X" names who acts, not what is acted on.
OF_IS_SOURCE = _words(
    "withdrawal pullout pull-out retreat departure deployment drawdown protest demonstration "
    "visit surrender offensive buildup mobilization"
)
# Types whose intent is coded AGREE and refusal REJECT; types whose intent is THREATEN.
COOPERATIVE_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
)
COERCIVE_TYPES = frozenset({"COERCE", "ASSAULT", "SANCTION"})
# Modal words by which a speaker demands that someone else act ("X must withdraw").
DEMANDING = _words("must should")
# Causes that make a killing an accident rather than an assault.
NON_VIOLENT_CAUSES = _words("accident crash collision disease illness fire flood earthquake")


def coded(type_: str, mode: str, why: str = "") -> str:
    """Return the PLOVER type an event coder gives an event of ``type_`` in ``mode``.

    Following the CAMEO-to-PLOVER table, a stated intent to cooperate is coded
    AGREE (CAMEO 03), a cooperation that someone "must" or "should" give is a
    demand (REQUEST, CAMEO 10), refusing or failing to cooperate is REJECT
    (CAMEO 12), and an intent or conditional use of force or pressure is
    THREATEN (CAMEO 13). ``why`` is the word that set the mode. The storyline
    keeps the type and the mode apart instead.
    """
    if type_ in COOPERATIVE_TYPES:
        if mode == "planned" and type_ != "AGREE":
            return "AGREE"
        if mode == "hypothetical" and why in DEMANDING:
            return "REQUEST"
        if mode == "negated":
            return "REJECT"
    if type_ in COERCIVE_TYPES and mode in ("planned", "hypothetical"):
        return "THREATEN"
    return type_


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a trigger lemma, its PLOVER type and its conditions."""

    lemma: str
    pos: str
    type: str
    particle: str = ""
    object: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return f"{self.lemma}+{self.particle}" if self.particle else self.lemma


def load_lexicon(path: Path = LEXICON_PATH) -> dict[tuple[str, str], tuple[Entry, ...]]:
    """Load the trigger lexicon, keyed by (lemma, pos), most specific rows first."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as e:
        raise StorylineError(f"cannot read the PLOVER lexicon {path}: {e}") from e
    lexicon: dict[tuple[str, str], list[Entry]] = {}
    for row in rows:
        entry = _entry(row, path)
        lexicon.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {
        key: tuple(sorted(entries, key=lambda e: -bool(e.particle) - bool(e.object)))
        for key, entries in lexicon.items()
    }


def _entry(row: dict[str, str], path: Path) -> Entry:
    entry = Entry(
        lemma=row["lemma"].strip().lower(),
        pos=row["pos"].strip().upper(),
        type=row["type"].strip().upper(),
        particle=(row.get("particle") or "").strip().lower(),
        object=(row.get("object") or "").strip().lower(),
        source=(row.get("source") or "").strip(),
    )
    if entry.type not in PLOVER_TYPES or entry.pos not in ("VERB", "NOUN"):
        raise StorylineError(f"{path}: bad lexicon row for {entry.lemma!r}: {row}")
    if entry.object and entry.object not in OBJECT_CLASSES and entry.object != "clause":
        raise StorylineError(f"{path}: unknown object class {entry.object!r}")
    return entry


@dataclass(frozen=True, slots=True)
class Tree:
    """The parse of a document as index arrays, with mentions mapped onto tokens."""

    tokens: tuple[Token, ...]
    heads: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    depth: tuple[int, ...]
    actor_at: tuple[int, ...]
    place_at: tuple[int, ...]
    timex_at: tuple[int, ...]

    def span(self, index: int) -> range:
        """Return the token indices of the subtree of token ``index``."""
        return range(self.left[index], self.right[index] + 1)

    def child(self, index: int, deps: Sequence[str], text: str = "") -> Token | None:
        """Return the first child of ``index`` with a dep in ``deps`` (and ``text``)."""
        for c in self.children[index]:
            token = self.tokens[c]
            if token.dep in deps and (not text or token.text.lower() == text):
                return token
        return None

    def subject(self, index: int) -> Token | None:
        """Return the subject of ``index``; of two (a misparsed dateline), the nearer one."""
        found = [c for c in self.children[index] if self.tokens[c].dep in SUBJECTS]
        return self.tokens[min(found, key=lambda c: abs(c - index))] if found else None

    def head(self, token: Token) -> Token | None:
        """Return the head of ``token``, or None at the root."""
        head = self.heads[token.index]
        return None if head == token.index else self.tokens[head]


def build_tree(doc: Document) -> Tree:
    """Index the parse of ``doc``: children, subtree bounds, depths, mention maps."""
    tokens = doc.tokens
    n = len(tokens)
    heads = _heads_within_lines(tokens)
    children: list[list[int]] = [[] for _ in range(n)]
    left, right, depth = list(range(n)), list(range(n)), [0] * n
    for token in tokens:
        i = token.index
        if heads[i] != i:
            children[heads[i]].append(i)
        node, steps = i, 0
        while heads[node] != node and steps < 64:
            node, steps = heads[node], steps + 1
            left[node] = min(left[node], i)
            right[node] = max(right[node], i)
        depth[i] = steps
    starts = [t.start for t in tokens]
    return Tree(
        tokens=tokens,
        heads=heads,
        children=tuple(tuple(c) for c in children),
        left=tuple(left),
        right=tuple(right),
        depth=tuple(depth),
        actor_at=_mark(starts, tokens, doc.actors),
        place_at=_mark(starts, tokens, doc.places),
        timex_at=_mark(starts, tokens, doc.timexes),
    )


def _heads_within_lines(tokens: tuple[Token, ...]) -> tuple[int, ...]:
    """Cut the arcs that cross a line break, so a headline is a parse of its own."""
    line, lines = 0, []
    for token in tokens:
        lines.append(line)
        if "\n" in token.text and not token.text.strip():
            line += 1
    return tuple(
        t.head if lines[t.head] == lines[t.index] and t.text.strip() else t.index for t in tokens
    )


def _mark(starts: list[int], tokens: tuple[Token, ...], mentions: Sequence) -> tuple[int, ...]:
    """Map each token to the index of the mention that overlaps it, or -1."""
    at = [-1] * len(tokens)
    for m, mention in enumerate(mentions):
        i = max(0, bisect.bisect_right(starts, mention.start) - 1)
        while i < len(tokens) and tokens[i].start < mention.end:
            if tokens[i].end > mention.start and at[i] < 0:
                at[i] = m
            i += 1
    return tuple(at)


def mode(tree: Tree, token: Token) -> tuple[str, str]:
    """Return the mode of the event at ``token`` and the words that decided it."""
    node = token
    for _ in range(MAX_CLIMB):
        own = _own_mode(tree, node)
        if own is not None:
            return own
        head = tree.head(node)
        if head is None or node.dep in ("advcl", "relcl", "parataxis", "compound", "appos"):
            break
        if node.dep == "conj" and tree.child(head.index, ("cc",), "but") is not None:
            break
        if node.dep == "pobj" and head.lemma.lower() in PRESUPPOSING:
            break
        if node.dep == "pobj" and head.lemma.lower() == "of" and _reports_on(tree, head):
            break
        governed = _governed_mode(tree, node, head)
        if governed is not None:
            return governed
        if node.dep in ("ccomp", "acl"):
            break
        node = head
    return "completed", "default"


def _reports_on(tree: Tree, of: Token) -> bool:
    owner = tree.head(of)
    return owner is not None and owner.lemma.lower() in REPORT_NOUNS


def _own_mode(tree: Tree, node: Token) -> tuple[str, str] | None:
    marks = [tree.tokens[c] for c in tree.children[node.index]]
    for mark in marks:
        word = mark.text.lower()
        if mark.dep == "neg" or (word in NEGATIONS and mark.dep in ("det", "advmod")):
            return "negated", word
    for mark in marks:
        word = mark.text.lower()
        if mark.dep == "aux" and word in FUTURE_AUX:
            return "planned", word
        if mark.dep == "aux" and word in HYPOTHETICAL_AUX:
            return "hypothetical", word
        if mark.dep == "aux" and word in ("would", "'d"):
            reported = _reported(tree, node)
            return ("planned", "would (reported)") if reported else ("hypothetical", word)
        if mark.dep == "mark" and word in CONDITIONAL_MARKS:
            return "hypothetical", word
        if mark.dep == "amod" and word in PLANNED_MODIFIERS:
            return "planned", word
        if mark.dep == "amod" and word in HYPOTHETICAL_MODIFIERS:
            return "hypothetical", word
        if mark.dep == "aux" and mark.tag == "TO" and _headline_infinitive(tree, node):
            return "planned", "to (headline)"
    return None


def _headline_infinitive(tree: Tree, node: Token) -> bool:
    """Tell "Coalition to hand over sites": an infinitive that no verb or plan governs."""
    head = tree.head(node)
    if head is None:
        return True
    governed = head.lemma.lower() in NOUN_GOVERNOR_MODES
    headline = tree.head(head) is None and head.pos != "VERB"
    return node.dep in ("relcl", "acl", "dep", "appos") and headline and not governed


def _governed_mode(tree: Tree, node: Token, head: Token) -> tuple[str, str] | None:
    lemma = head.lemma.lower()
    if node.dep in ("pobj", "pcomp"):
        owner = tree.head(head)
        lemma = owner.lemma.lower() if owner is not None else lemma
    if node.dep == "acl" or head.pos == "NOUN":
        mode = NOUN_GOVERNOR_MODES.get(lemma)
    elif node.dep in ("xcomp", "ccomp", "dobj", "pobj", "pcomp", "nsubjpass"):
        mode = GOVERNOR_MODES.get(lemma)
        if lemma in INFINITIVE_ONLY and node.dep != "xcomp":
            mode = None  # "went on strike" is no plan, "going to strike" is
    else:
        mode = None
    return (mode, f"governed by {lemma}") if mode else None


def _reported(tree: Tree, node: Token) -> bool:
    for _ in range(4):
        head = tree.head(node)
        if head is None or node.dep not in ("ccomp", "conj", "xcomp"):
            return False
        if head.lemma.lower() in REPORTING or head.lemma.lower() in GOVERNOR_MODES:
            return True
        node = head
    return False
