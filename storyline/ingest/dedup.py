"""Fingerprints for spotting copies: an exact content hash and a MinHash signature.

Grouping syndicated copies and near-duplicates happens later, in resolve.
It needs only these fingerprints, and :class:`NearDuplicateIndex` finds the
candidates of a signature through locality-sensitive hashing, so no step
ever compares all pairs of documents.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

NUM_PERM = 64
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """Return the sha256 of ``text`` with whitespace folded and case folded."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> list[bytes]:
    """Return the word ``size``-shingles of ``text``, fewer words for a short text."""
    words = _WORD.findall(text.casefold())
    width = min(size, len(words))
    grams = zip(*(words[i:] for i in range(width)), strict=False)
    return [" ".join(gram).encode("utf-8") for gram in grams]


@functools.cache
def _datasketch() -> ModuleType:
    # Imported on first use: datasketch pulls in scipy (about 55 MB), which
    # worker processes that only parse never need.
    import datasketch

    return datasketch


@functools.cache
def _permutations() -> tuple:
    return _datasketch().MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def minhash(text: str) -> tuple[int, ...]:
    """Return the MinHash signature of the word shingles of ``text``; empty for no words."""
    grams = shingles(text)
    if not grams:
        return ()
    sketch = _datasketch().MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        permutations=_permutations(),
        scheme=SCHEME,
        hashfunc=zlib.crc32,  # a C hash, five times faster than the default SHA-1
    )
    sketch.update_batch(grams)
    return tuple(sketch.hashvalues.tolist())


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimate the Jaccard similarity of two texts from their signatures (tuples or arrays)."""
    if len(a) == 0 or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / len(a)


class NearDuplicateIndex:
    """An LSH index of signatures that returns likely near-duplicates without all pairs.

    ``threshold`` is the Jaccard similarity above which two documents count as
    near-duplicates; pass ``settings.near_duplicate_threshold``.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        self._lsh = _datasketch().MinHashLSH(threshold=threshold, num_perm=NUM_PERM)

    def add(self, doc_id: str, signature: tuple[int, ...]) -> None:
        """Index ``signature`` under ``doc_id``; an empty signature or a known id is ignored."""
        if len(signature) != NUM_PERM or doc_id in self._lsh:
            return
        self._lsh.insert(doc_id, _lean(signature))

    def query(self, signature: tuple[int, ...]) -> list[str]:
        """Return the ids of indexed documents likely similar to ``signature``, sorted."""
        if len(signature) != NUM_PERM:
            return []
        return sorted(self._lsh.query(_lean(signature)))

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._lsh

    def __len__(self) -> int:
        return len(self._lsh.keys)


def _lean(signature: tuple[int, ...]) -> LeanMinHash:
    return _datasketch().LeanMinHash(seed=SEED, hashvalues=signature, scheme=SCHEME)
