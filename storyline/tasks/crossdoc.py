"""The ``crossdoc`` task: document clustering and cross-document event coreference.

Input records carry pre-tokenised text and gold event-mention spans (ECB+
style). spaCy parses each text once. Documents are clustered online with the
story clusterer of :mod:`storyline.resolve.stories` (content lemmas and named
entities, TF-IDF, inverted-index blocking) and each story is then split into
incidents (:mod:`storyline.resolve.story_split`), visiting documents in an
order fixed by a hash of the text so that the file's own order teaches nothing.
Then, within each document cluster, mentions are clustered average-link on a
learned pairwise score over features a reader can check
(:mod:`storyline.resolve.mentions`): the same trigger lemma, stem or
event-synonym class, the similarity of the two sentences and of the two
reports, the names, numbers and times they share near the trigger, the
subjects and objects the parse gives each trigger, and a phrasal verb's particle.

The peer measured in the same run is the same-lemma-within-cluster baseline.
Both are also scored within the gold document clusters, so that mention
clustering can be judged apart from document clustering.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from storyline.analyse.timex.vocab import MONTH_NAMES, MONTHS, month_number
from storyline.errors import InputError
from storyline.resolve.mentions import (
    MentionFeatures,
    cluster_average_link,
    pair_score,
    stem,
    synonym_classes,
)
from storyline.resolve.stories import cluster_bags, document_frequencies
from storyline.settings import Settings
from storyline.tasks import progress
from storyline.tasks.coref_scores import b_cubed, clusters_of, conll
from storyline.tasks.scoring import format_table

CONTENT_POS = ("NOUN", "PROPN", "VERB", "NUM", "ADJ")
PARTICIPANT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
NAME_LABELS = (*PARTICIPANT_LABELS, "EVENT", "DATE", "CARDINAL", "PRODUCT", "WORK_OF_ART")
MONTH_WORDS = frozenset([*MONTHS, "sept", *(name.lower() for name in MONTH_NAMES)])
ARGUMENT_LABELS = (*PARTICIPANT_LABELS, "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY")
ARGUMENT_WINDOW = 6
EVENT_POS = ("NOUN", "VERB", "PROPN")
CONTEXT_TERMS = 20
# A passive's subject is what the event happened to.
ROLE_OF_DEP = {"nsubj": "subject", **dict.fromkeys(("nsubjpass", "dobj", "attr", "oprd"), "object")}


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What the task keeps of one parsed record."""

    terms: Counter[str]
    mentions: tuple[MentionFeatures, ...]


def predict(records: list[dict], settings: Settings) -> Iterator[dict]:
    """Yield each record with ``pred_subtopic`` and each event's ``pred_cluster``."""
    parsed = _parse(records, settings)
    subtopics = _cluster_documents(records, parsed)
    yield from _filled(records, subtopics, _cluster_mentions(records, parsed, subtopics))


def evaluate(records: list[dict], settings: Settings) -> str:
    """Score storyline and the same-lemma baseline; return the metrics tables."""
    parsed = _parse(records, settings)
    subtopics = _cluster_documents(records, parsed)
    gold_docs = {r["id"]: r["subtopic"] for r in records}
    doc_scores = b_cubed(clusters_of(gold_docs), clusters_of(subtopics))
    gold = gold_clusters(records)
    rows = []
    # The gold document clusters are read here only, to score mention clustering on its own.
    for docs, clusters in (("predicted", subtopics), ("gold", gold_docs)):
        for name, labels in (
            ("storyline", _cluster_mentions(records, parsed, clusters)),
            ("same lemma in cluster", _same_lemma(records, parsed, clusters)),
        ):
            scores = conll(clusters_of(gold), clusters_of(labels))
            f1s = [scores[m][2] for m in ("MUC", "B3", "CEAF-e", "CoNLL")]
            rows.append([name, docs, *f1s])
    doc_table = format_table(
        ["documents", "clusters", "gold", "B3 P", "B3 R", "B3 F1"],
        [[len(records), len(set(subtopics.values())), len(set(gold_docs.values())), *doc_scores]],
    )
    mention_table = format_table(
        ["event coreference", "documents", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1"], rows
    )
    return f"{doc_table}\n\n{mention_table}"


def _filled(records: list[dict], subtopics: dict, clusters: dict) -> Iterator[dict]:
    for r in records:
        events = [
            {**e, "pred_cluster": clusters[(r["id"], e["start"], e["end"])]} for e in r["events"]
        ]
        yield {**r, "pred_subtopic": subtopics[r["id"]], "events": events}


def _parse(records: Sequence[dict], settings: Settings) -> list[_Parsed]:
    from storyline.analyse.nlp import load_nlp  # spaCy loads only when the task runs

    for number, r in enumerate(records, 1):
        if not isinstance(r.get("id"), str) or not isinstance(r.get("text"), str):
            raise InputError(f"record {number}: a crossdoc record needs string 'id' and 'text'")
        if not isinstance(r.get("events", []), list):
            raise InputError(f"record {number}: 'events' must be a list")
    nlp = load_nlp(settings.model)
    out = []
    texts = (r["text"] for r in records)
    with progress(len(records), "crossdoc") as bar:
        for r, sdoc in zip(records, nlp.pipe(texts, batch_size=32), strict=True):
            terms = _doc_terms(sdoc)
            out.append(_Parsed(terms, tuple(_mentions(r, sdoc, _context(terms)))))
            bar.update(1)
    return out


def _doc_terms(sdoc) -> Counter[str]:  # noqa: ANN001 - a spaCy Doc
    terms: Counter[str] = Counter()
    for tok in sdoc:
        lemma = tok.lemma_.lower()
        if tok.pos_ in CONTENT_POS and not tok.is_stop and lemma.isalnum() and len(lemma) > 1:
            terms[f"w:{lemma}"] += 1
    for ent in sdoc.ents:
        if ent.label_ in NAME_LABELS:
            for word in ent.text.lower().split():
                if word.isalnum() and word != "the":
                    terms[f"{ent.label_}:{word}"] += 1
        if ent.label_ == "DATE":
            terms.update(_month_of_year(ent))
    return terms


def _month_of_year(ent) -> list[str]:  # noqa: ANN001 - a spaCy Span
    """Return ``DATE:YYYY-MM`` for a date that names both a year and a month, else nothing.

    Two incidents of one kind rarely fall in the same month of the same year.
    """
    words = [t.lower_.rstrip(".") for t in ent]
    years = [w for w in words if len(w) == 4 and w.isdigit() and w[:2] in ("19", "20")]
    months = [month_number(w) for w in words if w in MONTH_WORDS]
    return [f"DATE:{years[0]}-{months[0]:02d}"] if years and months else []


def _mentions(
    record: dict,
    sdoc,  # noqa: ANN001 - a spaCy Doc
    context: frozenset[str],
) -> Iterator[MentionFeatures]:
    """Yield the features of each gold mention; ``context`` is what the whole report is about."""
    starts = [tok.idx for tok in sdoc]
    synonyms = synonym_classes()
    lexicon = _plover_types()
    for e in record.get("events", []):
        first = max(bisect.bisect_right(starts, e["start"]) - 1, 0)
        last = max(bisect.bisect_left(starts, e["end"]), first + 1)
        span = range(first, min(last, len(sdoc)))
        heads = [i for i in span if sdoc[i].head.i not in span or sdoc[i].head.i == i]
        head = sdoc[heads[0] if heads else span[-1]]
        if head.pos_ == "ADP":  # "on the run", "at the negotiating table": the noun names it
            head = next((sdoc[i] for i in reversed(span) if sdoc[i].pos_ in EVENT_POS), head)
        sent = head.sent
        words = Counter(
            t.lemma_.lower()
            for t in sent
            if t.pos_ in CONTENT_POS and not t.is_stop and t.i not in span
        )
        names = frozenset(ent.text.lower() for ent in sent.ents if ent.label_ in PARTICIPANT_LABELS)
        lemma = head.lemma_.lower()
        subjects, objects = _roles(head)
        yield MentionFeatures(
            key=(record["id"], e["start"], e["end"]),
            lemma=lemma,
            stem=stem(lemma),
            words=dict(words),
            names=names,
            classes=synonyms.get(lemma, frozenset()) | synonyms.get(head.lower_, frozenset()),
            types=lexicon.get(lemma, frozenset()),
            arguments=_arguments(head, span),
            document=record["id"],
            sentence=sent.start,
            verbal=head.pos_ in ("VERB", "AUX"),
            context=context,
            particle=_particle(head),
            subjects=subjects,
            objects=objects,
        )


def _context(terms: Counter[str]) -> frozenset[str]:
    """The document's most frequent content lemmas and names: what the whole report is about."""
    return frozenset(
        t for t, _ in sorted(terms.items(), key=lambda tc: (-tc[1], tc[0]))[:CONTEXT_TERMS]
    )


def _arguments(head, span: range) -> frozenset[str]:  # noqa: ANN001 - a spaCy Token
    """Names, numbers and times within a few words of the trigger, and its syntactic neighbours."""
    sent = head.sent
    near = sent.doc[
        max(sent.start, head.i - ARGUMENT_WINDOW) : min(sent.end, head.i + ARGUMENT_WINDOW + 1)
    ]
    found = {
        t.lower_
        for t in near
        if t.i not in span and ((t.ent_type_ in ARGUMENT_LABELS and t.is_alpha) or t.like_num)
    }
    neighbours = [*head.children, head.head] if head.head is not head else list(head.children)
    found |= {
        t.lemma_.lower()
        for t in neighbours
        if t.i not in span and t.pos_ in ("NOUN", "PROPN", "NUM") and not t.is_stop
    }
    return frozenset(found)


def _particle(head) -> str:  # noqa: ANN001 - a spaCy Token
    """The particle of a phrasal verb (*check in*, *break out*), or ``""``."""
    if head.pos_ not in ("VERB", "AUX"):
        return ""
    return next((c.lower_ for c in head.children if c.dep_ == "prt"), "")


def _roles(head) -> tuple[frozenset[str], frozenset[str]]:  # noqa: ANN001 - a spaCy Token
    """The trigger's subjects and objects in the parse: who acted, and on whom or what.

    A passive's subject and a nominal's *of* phrase are objects; its *by* phrase and
    possessor are subjects ("the police's arrest of the man"). Each filler is its
    named entity's text, or else its lemma; pronouns, stop words and dates are left out.
    """
    nominal = head.pos_ in ("NOUN", "PROPN")
    found: dict[str, set[str]] = {"subject": set(), "object": set()}
    for child in head.children:
        role = _role(child, nominal)
        if role is not None:
            pobjs = [t for t in child.children if t.dep_ == "pobj"]
            found[role].update(_fillers(pobjs if child.dep_ in ("agent", "prep") else [child]))
    if head.pos_ == "VERB" and head.dep_ in ("acl", "relcl"):  # "the man arrested", "who fled"
        found["object" if head.dep_ == "acl" else "subject"].update(_fillers([head.head]))
    return frozenset(found["subject"]), frozenset(found["object"])


def _role(child, nominal: bool) -> str | None:  # noqa: ANN001 - a spaCy Token
    """The role a dependent of the trigger fills, if any; ``nominal``: the trigger is a noun."""
    dep, word = child.dep_, child.lower_
    if dep == "agent" or (nominal and dep == "prep" and word == "by"):
        return "subject"
    if nominal and dep == "prep" and word == "of":
        return "object"
    if nominal and dep == "poss":
        return "subject"
    if nominal and dep == "compound":  # "police shooting", "bank robbery"
        return "subject" if child.ent_type_ in ("ORG", "NORP") else "object"
    return ROLE_OF_DEP.get(dep)


def _fillers(tokens: list) -> Iterator[str]:
    """Name each token and the tokens joined to it by "and": entity text, else lemma."""
    for tok in tokens:
        for t in (tok, *(c for c in tok.children if c.dep_ == "conj")):
            if t.pos_ == "PRON" or t.is_stop or t.ent_type_ in ("DATE", "TIME"):
                continue
            yield _entity_text(t).removeprefix("the ") if t.ent_type_ else t.lemma_.lower()


def _entity_text(tok) -> str:  # noqa: ANN001 - a spaCy Token
    """The lower-cased text of the named entity that ``tok`` is part of."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text.lower()


@functools.cache
def _plover_types() -> dict[str, frozenset[str]]:
    from storyline.analyse.event_rules import load_lexicon

    types: dict[str, set[str]] = defaultdict(set)
    for (lemma, _), entries in load_lexicon().items():
        types[lemma].update(entry.type for entry in entries)
    return {lemma: frozenset(found) for lemma, found in types.items()}


def _order(records: Sequence[dict]) -> list[int]:
    """Visit documents in an order the file cannot have been sorted by."""
    return sorted(
        range(len(records)), key=lambda i: hashlib.sha1(records[i]["text"].encode()).digest()
    )


def _cluster_documents(records: Sequence[dict], parsed: Sequence[_Parsed]) -> dict[str, str]:
    """Cluster the records with the build's story clusterer (online pass, then split)."""
    df, _ = document_frequencies(p.terms for p in parsed)
    # A term in one document only links nothing; dropping it keeps vectors focused.
    bags = {
        r["id"]: {t: c for t, c in p.terms.items() if df[t] > 1}
        for r, p in zip(records, parsed, strict=True)
    }
    return cluster_bags(bags, [records[i]["id"] for i in _order(records)])


def _by_story(records: Sequence[dict], parsed: Sequence[_Parsed], subtopics: dict):  # noqa: ANN202
    groups: dict[str, list[MentionFeatures]] = defaultdict(list)
    for r, p in zip(records, parsed, strict=True):
        groups[subtopics[r["id"]]].extend(p.mentions)
    return groups


def gold_clusters(records: Sequence[dict]) -> dict[tuple, str]:
    """Map each gold mention, keyed (record id, start, end), to its gold event cluster."""
    return {(r["id"], e["start"], e["end"]): e["cluster"] for r in records for e in r["events"]}


def _cluster_mentions(
    records: Sequence[dict],
    parsed: Sequence[_Parsed],
    subtopics: dict,
    *,
    score: Callable[[MentionFeatures, MentionFeatures], float] = pair_score,
    threshold: float | None = None,
) -> dict[tuple, str]:
    """Label each mention with its cluster: average-link within each document cluster."""
    labels = {}
    for story, mentions in sorted(_by_story(records, parsed, subtopics).items()):
        clusters = cluster_average_link(mentions, score, threshold=threshold)
        for k, members in enumerate(clusters):
            labels.update({m.key: f"{story}/{k}" for m in members})
    return labels


def _same_lemma(
    records: Sequence[dict], parsed: Sequence[_Parsed], subtopics: dict
) -> dict[tuple, str]:
    return {
        m.key: f"{story}/{m.lemma}"
        for story, mentions in _by_story(records, parsed, subtopics).items()
        for m in mentions
    }
