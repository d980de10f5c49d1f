"""The crossdoc task: coreference scores, mention features and the online story clusterer."""

from __future__ import annotations

import math

import pytest

from storyline.resolve.mentions import (
    MentionFeatures,
    PairModel,
    cluster_average_link,
    load_model,
    pair_features,
    pair_score,
    stem,
    synonym_classes,
)
from storyline.resolve.stories import StoryIndex, word_terms
from storyline.settings import Settings
from storyline.tasks import crossdoc
from storyline.tasks.coref_scores import b_cubed, ceaf_e, conll, max_assignment, muc

KEY = [frozenset("abc"), frozenset("de"), frozenset("f")]
RESPONSE = [frozenset("ab"), frozenset("cde"), frozenset("f")]


def test_muc_counts_links() -> None:
    assert muc(KEY, RESPONSE) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_b_cubed_averages_per_item() -> None:
    assert b_cubed(KEY, RESPONSE)[0] == pytest.approx(7 / 9)


def test_ceaf_e_aligns_clusters_one_to_one() -> None:
    # phi4: abc~ab 0.8, de~cde 0.8, f~f 1.0 over three clusters each side.
    assert ceaf_e(KEY, RESPONSE)[2] == pytest.approx(2.6 / 3)


def test_perfect_clustering_scores_one() -> None:
    assert conll(KEY, KEY)["CoNLL"][2] == pytest.approx(1.0)


def test_max_assignment_finds_the_best_matching_not_the_greedy_one() -> None:
    assert max_assignment([[0.9, 0.8], [0.8, 0.0]]) == pytest.approx(1.6)


@pytest.mark.parametrize(
    ("a", "b"), [("nomination", "nominee"), ("shooting", "shot"), ("death", "die")]
)
def test_stem_joins_derived_forms(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def _mention(key: str, lemma: str, words: dict[str, int], names: frozenset[str] = frozenset()):
    return MentionFeatures(key, lemma, stem(lemma), words, names)


def test_same_trigger_in_alike_sentences_clusters_and_others_stay_apart() -> None:
    a = _mention("a", "arrest", {"police": 1, "suspect": 1})
    b = _mention("b", "arrest", {"police": 1, "suspect": 1, "city": 1})
    c = _mention("c", "win", {"award": 1})
    clusters = cluster_average_link([a, b, c], pair_score)
    assert sorted(sorted(m.key for m in group) for group in clusters) == [["a", "b"], ["c"]]


def test_story_index_joins_alike_documents_and_opens_a_story_for_others() -> None:
    index = StoryIndex(threshold=0.2)
    quake = "earthquake Chile magnitude tsunami coast Santiago rescue"
    first = index.add("d1", word_terms(quake))
    index.add("d2", word_terms("bank robbery London police getaway car"))
    assert index.add("d3", word_terms(quake + " aftershock")) == first
    assert index.story_of["d2"] != first


def test_crossdoc_predict_fills_subtopic_and_clusters() -> None:
    text = "Police arrested the suspect in Boston .\nThe arrest came after a chase ."
    records = [
        {"id": f"d{i}", "text": text, "events": [{"start": 7, "end": 15, "cluster": "x"}]}
        for i in range(2)
    ]
    out = list(crossdoc.predict(records, Settings(n_process=1)))
    assert out[0]["pred_subtopic"] == out[1]["pred_subtopic"]
    assert out[0]["events"][0]["pred_cluster"] == out[1]["events"][0]["pred_cluster"]


def test_crossdoc_rejects_records_without_text() -> None:
    from storyline.errors import InputError

    with pytest.raises(
        InputError, match="record 1: a crossdoc record needs string 'id' and 'text'"
    ):
        list(crossdoc.predict([{"id": "x"}], Settings(n_process=1)))


def _event(key: str, lemma: str, document: str, **kw) -> MentionFeatures:
    classes = synonym_classes().get(lemma, frozenset())
    return MentionFeatures(key, lemma, stem(lemma), classes=classes, document=document, **kw)


def test_synonym_table_names_the_same_kind_of_happening() -> None:
    classes = synonym_classes()
    assert classes["kill"] & classes["death"]
    assert classes["quake"] & classes["temblor"]
    assert not classes["quake"] & classes["arrest"]


def test_synonyms_across_reports_score_above_unrelated_triggers() -> None:
    context = frozenset({"w:earthquake", "w:magnitude", "GPE:chile"})
    quake = _event("a", "quake", "d1", context=context)
    temblor = _event("b", "temblor", "d2", context=context)
    arrest = _event("c", "arrest", "d2", context=context)
    assert pair_features(quake, temblor)["same_class"] == 1.0
    assert pair_score(quake, temblor) > load_model().threshold > pair_score(quake, arrest)


def test_pair_model_shows_each_term_of_its_decision() -> None:
    a = _event("a", "say", "d1", words={"police": 1})
    b = _event("b", "say", "d1", words={"police": 1})
    terms = load_model().terms(a, b)
    assert {"same_lemma", "same_document", "light_verb", "sentence"} <= set(terms)
    assert terms["light_verb"] < 0 < terms["same_lemma"]
    model = PairModel({"same_lemma": 2.0}, bias=-1.0)
    assert model.score(a, b) == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_two_triggers_in_one_sentence_stay_apart() -> None:
    a = _event("a", "kill", "d1", sentence=0, words={"bomb": 1})
    b = _event("b", "death", "d1", sentence=0, words={"bomb": 1})
    c = _event("c", "death", "d1", sentence=9, words={"bomb": 1})
    assert pair_score(a, b) < pair_score(a, c)


def test_unreadable_weights_are_a_clear_error(tmp_path) -> None:  # noqa: ANN001
    from storyline.errors import StorylineError

    bad = tmp_path / "weights.csv"
    bad.write_text("feature,weight\nbias,not-a-number\n", encoding="utf-8")
    with pytest.raises(StorylineError, match="coreference weights"):
        load_model(bad)


def test_crossdoc_eval_scores_gold_document_clusters_too() -> None:
    text = "Police arrested the suspect in Boston .\nThe arrest came after a chase ."
    records = [
        {
            "id": f"d{i}",
            "subtopic": "s",
            "text": text,
            "events": [{"start": 7, "end": 15, "cluster": "x"}],
        }
        for i in range(2)
    ]
    report = crossdoc.evaluate(records, Settings(n_process=1))
    rows = [line.split() for line in report.splitlines() if line.startswith(("storyline", "same"))]
    assert sorted(row[-5] for row in rows) == ["gold", "gold", "predicted", "predicted"]


def test_a_phrasal_verb_with_another_particle_is_another_trigger() -> None:
    check_in = _event("a", "check", "d1", particle="in")
    check_out = _event("b", "check", "d2", particle="out")
    again = _event("c", "check", "d3", particle="in")
    assert pair_features(check_in, check_out)["same_lemma"] == 0.0
    assert pair_features(check_in, again)["same_lemma"] == 1.0


def test_a_shared_subject_or_object_is_a_feature() -> None:
    a = _event("a", "arrest", "d1", subjects=frozenset({"police"}))
    b = _event("b", "detain", "d2", subjects=frozenset({"police"}), objects=frozenset({"man"}))
    c = _event("c", "detain", "d2", objects=frozenset({"woman"}))
    assert pair_features(a, b)["shared_role"] == 1.0
    assert pair_features(b, c)["shared_role"] == 0.0
    assert pair_score(a, b) > pair_score(a, c)


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - a spaCy Language
    from storyline.analyse.nlp import load_nlp

    return load_nlp(Settings().model)


@pytest.mark.parametrize(
    "text",
    ["Police arrested the suspect in Boston .", "The suspect was arrested by police in Boston ."],
)
def test_roles_read_subject_and_object_through_the_passive(nlp, text: str) -> None:  # noqa: ANN001
    doc = nlp(text)
    head = next(t for t in doc if t.lemma_ == "arrest")
    assert crossdoc._roles(head) == (frozenset({"police"}), frozenset({"suspect"}))


def test_particle_of_a_phrasal_verb(nlp) -> None:  # noqa: ANN001
    doc = nlp("A fire broke out in the store .")
    assert crossdoc._particle(next(t for t in doc if t.lower_ == "broke")) == "out"
    assert crossdoc._particle(next(t for t in doc if t.lower_ == "fire")) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [("March 2011", ["DATE:2011-03"]), ("Sept. 2008", ["DATE:2008-09"]), ("market 2011", [])],
)
def test_month_of_year_needs_a_whole_month_word(nlp, text: str, expected: list[str]) -> None:  # noqa: ANN001
    doc = nlp.make_doc(text)
    assert crossdoc._month_of_year(doc[:]) == expected
