"""Event labels read as a short sentence whatever the reports name."""

from __future__ import annotations

import pytest

from storyline.model import Place
from storyline.resolve.labels import WORDINGS, event_label

BASE = Place("fac:k1", "K-1 Air Base", "facility", 35.5, 44.3, "IQ", None, "test")
COUNTRY = Place("cc:IQ", "Iraq", "country", 33.0, 44.0, "IQ", None, "test")


def test_withdrawal_from_a_facility_reads_as_its_handover() -> None:
    label = event_label("RETREAT", "completed", source="coalition", target="Iraqi army", place=BASE)
    assert label == "coalition hands over K-1 Air Base to Iraqi army"
    assert event_label("RETREAT", "planned", source=None, target=None, place=BASE) == (
        "Handover of K-1 Air Base (planned)"
    )


def test_withdrawal_from_a_country_is_not_a_handover_of_the_country() -> None:
    label = event_label("RETREAT", "completed", source="coalition", target=None, place=COUNTRY)
    assert label == "coalition withdraws from Iraq"
    assert event_label(
        "RETREAT", "completed", source="coalition", target="Iraqi army", place=COUNTRY
    ) == ("coalition withdraws from Iraq, handing over to Iraqi army")


@pytest.mark.parametrize(
    "source, target, expected",
    [
        ("Iraq", "Iran", "Iraq accuses Iran in Iraq"),
        ("Iraq", None, "Iraq makes accusations in Iraq"),
        (None, "Iran", "Accusation against Iran in Iraq"),
        (None, None, "Accusation in Iraq"),
    ],
)
def test_labels_never_leave_a_dangling_preposition(
    source: str | None, target: str | None, expected: str
) -> None:
    assert event_label("ACCUSE", "completed", source=source, target=target, place=COUNTRY) == (
        expected
    )


def test_every_type_without_a_target_ends_in_a_word_not_a_preposition() -> None:
    for type_ in (*WORDINGS, "RETREAT"):
        label = event_label(type_, "completed", source="militia", target=None, place=None)
        assert label.split()[-1] not in {"of", "to", "with", "against", "on", "for"}, label


@pytest.mark.parametrize(
    ("source", "kind", "expected"),
    [
        ("Iraqi forces", "state", "Iraqi forces hand over K-1 Air Base"),
        ("militias", "armed_group", "militias hand over K-1 Air Base"),
        ("United States", "state", "United States hands over K-1 Air Base"),
        ("coalition", "organisation", "coalition hands over K-1 Air Base"),
    ],
)
def test_the_verb_agrees_with_a_plural_source(source: str, kind: str, expected: str) -> None:
    label = event_label(
        "RETREAT", "completed", source=source, target=None, place=BASE, source_kind=kind
    )
    assert label == expected


def test_plural_verbs_of_every_wording_are_plain_english() -> None:
    labels = [
        event_label(t, "completed", source="militias", target=None, place=None, source_kind="group")
        for t in WORDINGS
    ]
    assert "militias carry out an attack" in labels and "militias make demands" in labels
    assert not [label for label in labels if label.split()[1].endswith("s")]


def test_a_sanction_event_reads_as_any_cut_in_ties() -> None:
    # PLOVER SANCTION also covers suspended training or recalled envoys, not only sanctions.
    assert event_label("SANCTION", "completed", source="coalition", target=None, place=None) == (
        "coalition cuts ties"
    )
    assert event_label("SANCTION", "completed", source="EU", target="Iran", place=None) == (
        "EU cuts ties with Iran"
    )
