"""Event coding on the seed reports: handovers, the drone strike, the vote, future handovers.

Each check asks for the type and mode a reader would give the event, and for
source and target actors a reader would accept. Skipped when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.model import Document, EventMention
from storyline.pipeline import Context, analyse

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
COALITION = ("coalition", "us ", "u.s.", "united states", "american", "int’l", "int'l")


@pytest.fixture(scope="module")
def seed_docs(ctx: Context) -> list[Document]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    paths = sorted(SEEDS.glob("*.txt"))
    return [
        analyse(Document(id=p.stem, text=p.read_text(encoding="utf-8"), language="en"), ctx)
        for p in paths
    ]


def _names(doc: Document, actors: tuple[int, ...]) -> str:
    return " | ".join(doc.actors[a].text.lower() + " " for a in actors)


def _events(docs: list[Document], type_: str, mode: str) -> list[tuple[Document, EventMention]]:
    return [(d, e) for d in docs for e in d.events if e.type == type_ and e.mode == mode]


def _from_coalition_to_iraq(doc: Document, event: EventMention) -> bool:
    source, target = _names(doc, event.source), _names(doc, event.target)
    return any(w in source for w in COALITION) and "iraq" in target


def test_completed_handovers_go_from_the_coalition_to_iraqi_forces(
    seed_docs: list[Document],
) -> None:
    handovers = _events(seed_docs, "RETREAT", "completed")
    assert len({d.id for d, _ in handovers}) >= 4
    by_coalition = {d.id for d, e in handovers if any(w in _names(d, e.source) for w in COALITION)}
    to_iraq = {d.id for d, e in handovers if "iraq" in _names(d, e.target)}
    assert len(by_coalition) >= 3 and len(to_iraq) >= 3
    assert any(_from_coalition_to_iraq(d, e) for d, e in handovers)
    # No completed handover names the Iraqi side as the one handing over.
    assert not any("iraq" in _names(d, e.source) for d, e in handovers)


def test_drone_strike_is_a_completed_assault_on_soleimani_by_the_united_states(
    seed_docs: list[Document],
) -> None:
    strikes = [
        (d, e)
        for d, e in _events(seed_docs, "ASSAULT", "completed")
        if "soleimani" in _names(d, e.target)
    ]
    assert len({d.id for d, _ in strikes}) >= 3
    assert any("united states" in _names(d, e.source) for d, e in strikes)


def test_parliament_vote_is_a_completed_request_by_parliament(seed_docs: list[Document]) -> None:
    requests = _events(seed_docs, "REQUEST", "completed")
    assert any("parliament" in _names(d, e.source) for d, e in requests)


def test_announced_handovers_are_planned_retreats_by_the_coalition(
    seed_docs: list[Document],
) -> None:
    planned = _events(seed_docs, "RETREAT", "planned")
    by_coalition = [(d, e) for d, e in planned if "coalition" in _names(d, e.source)]
    assert len({d.id for d, _ in by_coalition}) >= 2
    assert any(_from_coalition_to_iraq(d, e) for d, e in by_coalition)
