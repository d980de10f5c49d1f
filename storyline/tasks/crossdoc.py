"""The ``crossdoc`` task: document clustering and cross-document event coreference.

Input records carry pre-tokenised text and gold event-mention spans (ECB+
style). spaCy parses each text once. Documents are clustered online with the
story clusterer of :mod:`storyline.resolve.stories` (content lemmas and named
entities, TF-IDF, inverted-index blocking), in an order fixed by a hash of the
text so that the file's own order teaches nothing. Then, within each document
cluster, mentions are clustered average-link on a pairwise score a reader can
check: the same trigger lemma or stem, the similarity of the two sentences,
and the named participants they share.

The peer measured in the same run is the same-lemma-within-cluster baseline.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from storyline.errors import InputError
from storyline.resolve.mentions import MentionFeatures, cluster_average_link, pair_score, stem
from storyline.resolve.stories import StoryIndex, document_frequencies
from storyline.settings import Settings
from storyline.tasks import progress
from storyline.tasks.coref_scores import b_cubed, clusters_of, conll
from storyline.tasks.scoring import format_table

DOC_THRESHOLD = 0.22
CONTENT_POS = ("NOUN", "PROPN", "VERB", "NUM", "ADJ")
PARTICIPANT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
NAME_LABELS = (*PARTICIPANT_LABELS, "EVENT", "DATE", "CARDINAL", "PRODUCT", "WORK_OF_ART")


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
    gold = {(r["id"], e["start"], e["end"]): e["cluster"] for r in records for e in r["events"]}
    rows = []
    for name, labels in (
        ("storyline", _cluster_mentions(records, parsed, subtopics)),
        ("same lemma in cluster", _same_lemma(records, parsed, subtopics)),
    ):
        scores = conll(clusters_of(gold), clusters_of(labels))
        rows.append([name, *(scores[m][2] for m in ("MUC", "B3", "CEAF-e")), scores["CoNLL"][2]])
    doc_table = format_table(
        ["documents", "clusters", "gold", "B3 P", "B3 R", "B3 F1"],
        [[len(records), len(set(subtopics.values())), len(set(gold_docs.values())), *doc_scores]],
    )
    mention_table = format_table(
        ["event coreference", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1"], rows
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
            out.append(_Parsed(_doc_terms(sdoc), tuple(_mentions(r, sdoc))))
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
    return terms


def _mentions(record: dict, sdoc) -> Iterator[MentionFeatures]:  # noqa: ANN001 - a spaCy Doc
    starts = [tok.idx for tok in sdoc]
    for e in record.get("events", []):
        first = max(bisect.bisect_right(starts, e["start"]) - 1, 0)
        last = max(bisect.bisect_left(starts, e["end"]), first + 1)
        span = range(first, min(last, len(sdoc)))
        heads = [i for i in span if sdoc[i].head.i not in span or sdoc[i].head.i == i]
        head = sdoc[heads[0] if heads else span[-1]]
        sent = head.sent
        words = Counter(
            t.lemma_.lower()
            for t in sent
            if t.pos_ in CONTENT_POS and not t.is_stop and t.i not in span
        )
        names = frozenset(ent.text.lower() for ent in sent.ents if ent.label_ in PARTICIPANT_LABELS)
        lemma = head.lemma_.lower()
        yield MentionFeatures(
            key=(record["id"], e["start"], e["end"]),
            lemma=lemma,
            stem=stem(lemma),
            words=dict(words),
            names=names,
        )


def _order(records: Sequence[dict]) -> list[int]:
    """Visit documents in an order the file cannot have been sorted by."""
    return sorted(
        range(len(records)), key=lambda i: hashlib.sha1(records[i]["text"].encode()).digest()
    )


def _cluster_documents(records: Sequence[dict], parsed: Sequence[_Parsed]) -> dict[str, str]:
    df, n = document_frequencies(p.terms for p in parsed)
    # A term in one document only links nothing; dropping it keeps vectors focused.
    index = StoryIndex(threshold=DOC_THRESHOLD, document_frequency=df, documents=n)
    for i in _order(records):
        terms = {t: c for t, c in parsed[i].terms.items() if df[t] > 1}
        index.add(records[i]["id"], terms)
    return dict(index.story_of)


def _by_story(records: Sequence[dict], parsed: Sequence[_Parsed], subtopics: dict):  # noqa: ANN202
    groups: dict[str, list[MentionFeatures]] = defaultdict(list)
    for r, p in zip(records, parsed, strict=True):
        groups[subtopics[r["id"]]].extend(p.mentions)
    return groups


def _cluster_mentions(
    records: Sequence[dict], parsed: Sequence[_Parsed], subtopics: dict
) -> dict[tuple, str]:
    labels = {}
    for story, mentions in sorted(_by_story(records, parsed, subtopics).items()):
        for k, members in enumerate(cluster_average_link(mentions, pair_score)):
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
