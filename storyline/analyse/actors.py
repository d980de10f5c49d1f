"""The actors stage: find the people, organisations, armed groups and states in a text.

Candidates come from two sources. The statistical mentions (PERSON, ORG, NORP,
GPE) give named actors; noun phrases headed by actor nouns (*forces*, *militia*,
*ministry*, *officials* ...) give the common-noun actors that events attach to,
with their modifiers (*the Iraqi security forces*, *pro-Iranian militia*).
Each candidate is looked up in the alias table. A demonym or country in front
of a sector noun gives a sector key (*Iraqi forces* -> ``IRQ:military``), a
country that backs a group gives a proxy key (*Iran-backed groups* ->
``IRN:proxy``). The longest candidate wins where they overlap. Acronyms defined
in the text (*Syrian Democratic Forces (SDS)*) are learned for the document, and
a bare *the coalition* takes the key of an earlier named coalition.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.knowledge.actors import (
    BARE_HEADS,
    MODIFIED_HEADS,
    NAME_POSSESSIVE,
    TITLES,
    ActorTable,
    KnownActor,
    alias_key,
    clean_name,
    load_actor_table,
)
from storyline.model import ActorMention, Document, Mention, Token
from storyline.pipeline import Context, stage

_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Words too vague to tie a bare phrase to a named actor on their own.
_UNSPECIFIC = frozenset(
    {"forces", "force", "troops", "soldiers", "personnel", "officials", "official", "units"}
    | {"members", "senior", "international", "military", "teams", "team", "partner"}
)
_ARMED_WORDS = frozenset(
    {"militia", "militias", "brigade", "brigades", "jihadist", "rebels", "insurgents", "front"}
)
_LEFT_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss", "npadvmod", "advmod"})
_RIGHT_PREPS = frozenset({"of", "against", "for"})
_NOT_ACTOR_HEADS = frozenset(
    {"base", "airbase", "airport", "airfield", "camp", "prison", "hospital", "port", "station"}
)
# Places in front of an actor noun that locate the actors rather than name them;
# a capital names its state's government instead ("the Baghdad government").
_LOCAL_PLACES = frozenset({"city", "facility"})
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss", "appos"})
# Weapons and strikes whose national modifier names who used them ("US drone strike").
_INSTRUMENTS_TEXT = (
    "drone drones strike strikes airstrike airstrikes raid raids missile missiles rocket rockets"
    " bombing bombings shelling bombardment warplane warplanes jet jets aircraft helicopter"
    " helicopters artillery offensive sanctions"
)
INSTRUMENTS = frozenset(_INSTRUMENTS_TEXT.split())
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_PROXY = re.compile(
    r"\bpro-\s*([A-Z][\w.]*)|\b([A-Z][\w.]*)\s*-\s*(?:backed|aligned|allied|sponsored|supported)\b"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # first token
    end: int  # one past the last token
    kind: str
    key: str = ""
    name: str = ""


@stage("actors", requires=("sentences", "tokens", "mentions", "places"), assigns=("actors",))
def find_actors(doc: Document, ctx: Context) -> Document:
    """Find the actors of one document."""
    if not doc.tokens:
        return doc
    table = ctx.resource("actor_table", load_actor_table)
    finder = _Finder(doc, table)
    chosen = _select(finder.candidates())
    chosen = finder.corefer(finder.with_acronyms(chosen))
    actors = tuple(finder.mention(c) for c in chosen)
    return dataclasses.replace(doc, actors=actors)


class _Finder:
    """The per-document state of the search: tokens, the parse tree and places."""

    def __init__(self, doc: Document, table: ActorTable) -> None:
        self.doc = doc
        self.table = table
        self.tokens = doc.tokens
        self.starts = [t.start for t in doc.tokens]
        self.children: list[list[int]] = [[] for _ in doc.tokens]
        for tok in doc.tokens:
            if tok.head != tok.index:
                self.children[tok.head].append(tok.index)
        self.places = sorted((p.start, p.end) for p in doc.places)
        self.local_places = {
            p.start: p.end
            for p in doc.places
            if p.place and p.place.kind in _LOCAL_PLACES and table.capital(p.text) is None
        }

    def candidates(self) -> list[_Candidate]:
        """Return every candidate, overlapping ones included."""
        found: list[_Candidate] = []
        for mention in self.doc.mentions:
            if mention.label in _LABELS and "\n" not in mention.text:
                found.extend(self._from_mention(mention))
        for tok in self.tokens:
            candidate = self._from_head(tok) or self._wielder(tok)
            if candidate is not None:
                found.append(candidate)
        found.extend(self._proper_runs())
        return [c for c in found if not self._credits_outlet(c)]

    def _wielder(self, tok: Token) -> _Candidate | None:
        """Return the state that a modifier names as wielding a weapon or strike.

        "a US drone strike", "an American drone", "Israeli air strikes": the country
        or demonym in front of the instrument is who used it.
        """
        if tok.dep not in ("compound", "amod", "nmod", "poss") or not tok.text[:1].isupper():
            return None
        head = self.tokens[tok.head]
        while head.dep == "compound" and head.head != head.index:
            if head.text.lower() in INSTRUMENTS:
                break
            head = self.tokens[head.head]
        if head.text.lower() not in INSTRUMENTS:
            return None
        known = self.table.match(NAME_POSSESSIVE.sub("", tok.text))
        if known is None or known.kind != "state" or len(known.key) != 3:
            return None
        return _Candidate(tok.index, tok.index + 1, "state", known.key, known.name)

    def _proper_runs(self) -> list[_Candidate]:
        """Look up runs of proper nouns the statistical model left unlabelled (*Daesh*) or
        labelled in pieces (*Islamic* NORP, *State* ORG)."""
        found: list[_Candidate] = []
        i, n = 0, len(self.tokens)
        while i < n:
            j = i
            while j < n and self.tokens[j].pos == "PROPN":
                j += 1
            if j == i:
                i += 1
                continue
            known = self.table.match(self._text(i, j))
            if known is not None and known.kind != "state":
                found.append(_Candidate(i, j, known.kind, known.key))
            elif known is not None and not any(t.ent for t in self.tokens[i:j]):
                found.extend(self._state(i, j))  # a labelled state went through _state already
            i = j
        return found

    def mention(self, c: _Candidate) -> ActorMention:
        """Turn a chosen candidate into the record the document keeps."""
        start, end = self.tokens[c.start].start, self.tokens[c.end - 1].end
        text = self.doc.text[start:end]
        name = c.name or clean_name(text, kind=c.kind)
        return ActorMention(start, end, text, c.kind, self.tokens[c.start].sentence, c.key, name)

    # -- named mentions ---------------------------------------------------

    def _token_range(self, start: int, end: int) -> tuple[int, int]:
        first = bisect_right(self.starts, start) - 1
        last = bisect_left(self.starts, end)
        return max(first, 0), max(last, first + 1)

    def _overlaps_place(self, start: int, end: int, *, inside: bool) -> bool:
        i = bisect_left(self.places, (end,))
        for p_start, p_end in self.places[max(0, i - 8) : i]:
            if inside and p_start <= start and end <= p_end:
                return True
            if not inside and p_start < end and start < p_end:
                return True
        return False

    def _from_mention(self, mention: Mention) -> list[_Candidate]:
        first, last = self._token_range(mention.start, mention.end)
        if mention.label == "PERSON":
            return self._person(mention, first, last)
        place = self._overlaps_place(mention.start, mention.end, inside=True)
        if mention.label == "GPE" and (not place or self._acts_as_subject(first, last)):
            # A country named as a place is an actor where it acts: "Iran fired missiles",
            # "Iran's decision"; in "troops left Iraq" it stays the place.
            return self._state(first, last)
        if mention.label == "ORG" and not place:
            return self._organisation(first, last)
        return []

    def _acts_as_subject(self, first: int, last: int) -> bool:
        tok = self._coordinated(self._span_head(first, last))
        return tok.dep in ("nsubj", "poss") or self._by_agent(tok)

    def _credits_outlet(self, c: _Candidate) -> bool:
        """Tell whether the candidate is the outlet a dateline credits: "BAGHDAD (Reuters) -"."""
        text, start, end = self.doc.text, self.tokens[c.start].start, self.tokens[c.end - 1].end
        return (
            text[start:end] == self.doc.outlet
            and text[start - 1 : start] == "("
            and text[end : end + 1] == ")"
        )

    def _person(self, mention: Mention, first: int, last: int) -> list[_Candidate]:
        if self._overlaps_place(mention.start, mention.end, inside=False):
            return []
        known = self.table.match(mention.text)
        if known is not None and known.kind != "person":
            return [_Candidate(first, last, known.kind, known.key)]
        if any(ch.isdigit() for ch in mention.text):
            return []
        while first > 0 and _is_title(self.tokens[first - 1], self.tokens[first]):
            first -= 1
        name = clean_name(mention.text, kind="person")
        return [_Candidate(first, last, "person", name=name)] if name else []

    def _organisation(self, first: int, last: int) -> list[_Candidate]:
        first = self._trim(first, last, phrase=False)
        if self.tokens[last - 1].text.lower() in _NOT_ACTOR_HEADS:
            return []
        head = self.tokens[self._span_head(first, last)].text.lower()
        sector = (_head_spec(head) or ("", ""))[1]
        parts = _split_on_and(self.tokens, first, last)
        if len(parts) > 1 and self.table.match(self._text(first, last)) is None:
            # "the Iraqi Security Forces and Coalition Forces" is two actors, not one
            # named after the first; a name with "and" in the table stays whole.
            return [c for a, b in parts for c in self._organisation(a, b)]
        kind = _org_kind(self._text(first, last))
        return [self._classify(first, last, default=kind, sector=sector)]

    def _state(self, first: int, last: int) -> list[_Candidate]:
        head = self._span_head(first, last)
        text = self._text(first, last)
        known = self.table.match(text)
        if known is not None and known.kind != "state":
            return [_Candidate(first, last, known.kind, known.key)]
        if known is not None and self._acting(head):
            return [_Candidate(first, last, "state", known.key, known.name)]
        capital = self.table.capital(text)
        if capital is not None and self._acting(head, subject_only=True):
            return [_Candidate(first, last, "state", capital.key, capital.name)]
        return []

    def _acting(self, index: int, *, subject_only: bool = False) -> bool:
        tok = self._coordinated(index)
        if subject_only:
            return tok.dep == "nsubj" and self.tokens[tok.head].pos in ("VERB", "AUX")
        if tok.dep == "pobj":
            return self._by_agent(tok)
        if tok.dep == "poss":  # "Iran's decision" acts; "Iran's commander" only names whose
            return not self._names_person(self.tokens[tok.head])
        return tok.dep in _ACTING_DEPS

    def _coordinated(self, index: int) -> Token:
        """Return the first conjunct of the list ``index`` is in, which carries its role."""
        tok = self.tokens[index]
        while tok.dep == "conj" and tok.head != tok.index:
            tok = self.tokens[tok.head]
        return tok

    def _by_agent(self, tok: Token) -> bool:
        """Tell whether ``tok`` is the object of a passive's "by" ("attacked by Iran")."""
        return tok.dep == "pobj" and self.tokens[tok.head].dep == "agent"

    def _names_person(self, tok: Token) -> bool:
        word = tok.text.lower()
        spec = _head_spec(word)
        return tok.ent == "PERSON" or word in TITLES or (spec is not None and spec[0] == "person")

    # -- noun phrases -----------------------------------------------------

    def _from_head(self, tok: Token) -> _Candidate | None:
        word = tok.text.lower()
        if tok.pos not in ("NOUN", "PROPN") or tok.ent == "PERSON" or tok.dep == "compound":
            return None
        spec = _head_spec(word)
        if spec is None or self._apposed_to_person(tok):
            return None
        first = self._trim(self._left_edge(tok.index), tok.index + 1)
        first = self._past_local_place(first, tok.index)
        if word not in BARE_HEADS and not self._named_modifier(first, tok.index):
            return None
        kind, sector = spec
        if kind == "person":
            known = self.table.match(self._text(first, tok.index + 1))
            key = known.key if known is not None else ""
            return _Candidate(first, tok.index + 1, known.kind if known else kind, key)
        end = self._right_edge(first, tok.index)
        return self._classify(first, end, default=kind, sector=sector)

    def _past_local_place(self, first: int, head: int) -> int:
        """Move past a town or base that only says where the actors are ("al-Qaim forces")."""
        i = first
        while i < head and self.tokens[i].pos == "DET":
            i += 1
        end = self.local_places.get(self.tokens[i].start)
        return first if end is None else min(bisect_left(self.starts, end), head)

    def _named_modifier(self, first: int, head: int) -> bool:
        span = self.tokens[first : head + 1]
        return any(t.pos != "DET" and t.text[:1].isupper() for t in span)

    def _apposed_to_person(self, tok: Token) -> bool:
        return tok.dep == "appos" and self.tokens[tok.head].ent == "PERSON"

    def _left_edge(self, index: int) -> int:
        first = index
        for child in reversed(self.children[index]):
            if child > index:
                continue
            ctok = self.tokens[child]
            if ctok.dep not in _LEFT_DEPS or ctok.pos in ("PRON", "NUM") or ctok.tag == "PRP$":
                break
            if ctok.pos in ("VERB", "AUX") and not self._hyphenated(child):
                break
            first = min(first, self._subtree_left(child))
        return first

    def _hyphenated(self, index: int) -> bool:
        return any(self.tokens[c].text == "-" for c in self.children[index] if c < index)

    def _trim(self, first: int, last: int, *, phrase: bool = True) -> int:
        """Move the start past line breaks and, in a phrase, clause words and coordination."""
        for i in range(first, last - 1):
            tok, after = self.tokens[i], self.tokens[i + 1]
            newline = "\n" in tok.text or "\n" in self.doc.text[tok.end : after.start]
            if newline or (phrase and self._breaks(tok)):
                first = i + 1
        while first < last - 1 and self.tokens[first].pos == "PUNCT":
            first += 1
        return first

    def _breaks(self, tok: Token) -> bool:
        if tok.dep == "cc":
            return self.tokens[tok.head].pos in ("NOUN", "PROPN")
        if tok.pos in ("VERB", "AUX"):
            return not self._hyphenated(tok.index)
        return tok.pos in ("ADP", "SCONJ", "PRON") or (tok.pos == "PART" and tok.dep != "case")

    def _subtree_left(self, index: int) -> int:
        left = index
        for child in self.children[index]:
            if child < index:
                left = min(left, self._subtree_left(child))
        return left

    def _subtree_right(self, index: int) -> int:
        right = index
        for child in self.children[index]:
            if child > index:
                right = max(right, self._subtree_right(child))
        return right

    def _right_edge(self, first: int, head: int) -> int:
        """Return the end of the phrase, taking in an *of*/*against* phrase that names it."""
        for child in self.children[head]:
            ctok = self.tokens[child]
            if child > head and ctok.dep == "prep" and ctok.text.lower() in _RIGHT_PREPS:
                end = self._subtree_right(child) + 1
                if self.table.match(self._text(first, end)) is not None:
                    return end
        return head + 1

    # -- classification -----------------------------------------------------

    def _text(self, first: int, last: int) -> str:
        return self.doc.text[self.tokens[first].start : self.tokens[last - 1].end]

    def _span_head(self, first: int, last: int) -> int:
        for i in range(first, last):
            if not first <= self.tokens[i].head < last or self.tokens[i].head == i:
                return i
        return last - 1

    def _classify(self, first: int, last: int, *, default: str, sector: str = "") -> _Candidate:
        """Return the candidate for a span, keyed by the table, a proxy or a sector rule."""
        text = self._text(first, last)
        known = self.table.match(text) or self._found(text)
        if known is not None:
            return _Candidate(first, last, known.kind, known.key)
        proxy = self._proxy(text)
        if proxy is not None:
            return _Candidate(first, last, "armed_group", f"{proxy.key}:proxy")
        state = self._state_modifier(first, last) if sector else None
        if state is not None:
            return _Candidate(first, last, "state", f"{state.key}:{_sector(text, sector)}")
        return _Candidate(first, last, default)

    def _found(self, text: str) -> KnownActor | None:
        hit = self.table.find(text)
        if hit is None:
            return None
        known, size = hit
        content = [w for w in alias_key(text).split() if w not in BARE_HEADS]
        if known.kind == "state" and size < len(alias_key(text).split()):
            return None
        return known if size * 2 >= max(len(content), 1) else None

    def _proxy(self, text: str) -> KnownActor | None:
        match = _PROXY.search(text)
        if match is None:
            return None
        known = self.table.match(match.group(1) or match.group(2))
        return known if known is not None and known.kind == "state" else None

    def _state_modifier(self, first: int, last: int) -> KnownActor | None:
        head = self._span_head(first, last)
        for i in range(first, last):
            tok = self.tokens[i]
            if i == head:
                continue
            if tok.pos in ("PROPN", "ADJ", "NOUN") and tok.text[:1].isupper():
                known = self.table.match(tok.text)
                if known is not None and known.kind == "state" and len(known.key) == 3:
                    return known
        return None

    # -- within-document coreference --------------------------------------------

    def corefer(self, chosen: list[_Candidate]) -> list[_Candidate]:
        """Give a bare *the coalition* the key of a named actor whose name it shortens."""
        keyed = [(set(alias_key(self._text(c.start, c.end)).split()), c) for c in chosen if c.key]
        if not keyed:
            return chosen
        return [self._adopt(c, keyed) for c in chosen]

    def _adopt(self, c: _Candidate, keyed: list[tuple[set[str], _Candidate]]) -> _Candidate:
        if c.key or c.kind == "person":
            return c
        content = set(alias_key(self._text(c.start, c.end)).split()) - _UNSPECIFIC
        if not content:
            return c
        earlier = [k for k in keyed if k[1].start < c.start]
        later = [k for k in keyed if k[1].start > c.start]
        for words, source in [*reversed(earlier), *later]:
            if content <= words:
                return dataclasses.replace(c, key=source.key, kind=source.kind)
        return c

    # -- acronyms defined in the text -----------------------------------------

    def with_acronyms(self, chosen: list[_Candidate]) -> list[_Candidate]:
        """Learn "Long Name (LN)" acronyms and add their later uses."""
        learned: dict[str, _Candidate] = {}
        defined: set[int] = set()
        for c in chosen:
            acronym = self._defined_acronym(c)
            if acronym is not None:
                learned.setdefault(self.tokens[acronym].text, c)
                defined.add(acronym)
        if not learned:
            return chosen
        taken = {i for c in chosen for i in range(c.start, c.end)}
        kept = [c for c in chosen if not (c.end - c.start == 1 and c.start in defined)]
        for tok in self.tokens:
            source = learned.get(tok.text)
            if source is None or tok.index in defined:
                continue
            name = source.name or clean_name(self._text(source.start, source.end), kind=source.kind)
            kept = [c for c in kept if not (c.start == tok.index and c.end == tok.index + 1)]
            if tok.index not in taken or not any(c.start <= tok.index < c.end for c in kept):
                kept.append(_Candidate(tok.index, tok.index + 1, source.kind, source.key, name))
        return sorted(kept, key=lambda c: c.start)

    def _defined_acronym(self, c: _Candidate) -> int | None:
        i = c.end
        if i + 2 >= len(self.tokens) or self.tokens[i].text != "(":
            return None
        if self.tokens[i + 2].text != ")" or not _ACRONYM.match(self.tokens[i + 1].text):
            return None
        return i + 1


def _select(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Keep named people, then the longest of overlapping candidates, keyed ones first."""
    ranked = sorted(
        candidates,
        key=lambda c: (not (c.name and c.kind == "person"), c.start - c.end, not c.key, c.start),
    )
    taken: set[int] = set()
    chosen = []
    for c in ranked:
        span = range(c.start, c.end)
        if taken.isdisjoint(span):
            taken.update(span)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _head_spec(word: str) -> tuple[str, str] | None:
    """Return the (kind, sector) that actor noun ``word`` gives a phrase it heads, if any."""
    return BARE_HEADS.get(word) or MODIFIED_HEADS.get(word)


def _is_title(tok: Token, after: Token) -> bool:
    return tok.sentence == after.sentence and tok.text.lower().rstrip(".") in TITLES - {"the"}


def _split_on_and(tokens: Sequence[Token], first: int, last: int) -> list[tuple[int, int]]:
    parts, start = [], first
    for i in range(first, last):
        if tokens[i].text.lower() == "and" and tokens[i].dep == "cc":
            parts.append((start, i))
            start = i + 1
    parts.append((start, last))
    return [(a, b) for a, b in parts if b > a]


def _org_kind(text: str) -> str:
    return "armed_group" if _ARMED_WORDS & set(alias_key(text).split()) else "organisation"


def _sector(text: str, sector: str) -> str:
    words = set(alias_key(text).split())
    if sector == "government" and words & {"defense", "defence"}:
        return "defence"
    if sector == "government" and "foreign" in words:
        return "foreign"
    return sector
