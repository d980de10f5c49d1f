"""Shared fixtures: a context with the small spaCy pipeline, document factories, a store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from storyline.model import Document, Published
from storyline.pipeline import Context, _run_stage, load_stages
from storyline.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
BENCHMARKS = SHARED / "benchmarks"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(n_process=1)


@pytest.fixture(scope="session")
def ctx(settings: Settings) -> Context:
    return Context(settings)


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    """Build an un-analysed document from text, optionally with a publication date."""

    def make(text: str, *, id: str = "doc", published: date | None = None, **kw) -> Document:
        pub = Published(published) if published else None
        return Document(id=id, text=text, published=pub, language="en", **kw)

    return make


@pytest.fixture
def analysed(ctx: Context, make_doc: Callable[..., Document]) -> Callable[..., Document]:
    """Run the registered stages over a text, up to and including ``upto``."""

    def run(text: str, *, upto: str = "events", **kw) -> Document:
        doc = make_doc(text, **kw)
        for current in load_stages():
            doc = _run_stage(current, doc, ctx)
            if current.name == upto:
                break
        return doc

    return run


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS
