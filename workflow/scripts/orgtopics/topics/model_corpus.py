"""The units as a topic model sees them: the vocabulary and the count matrix, built once and shared by every
model job.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics.topics")


def count_matrix(unit_of: np.ndarray, ids: np.ndarray, n_units: int, n_terms: int):
    """Counts per (unit, term) of the tokens ``ids`` (term ids) belonging to units ``unit_of``, by one sort of
    ``unit * n_terms + term``: rows come out with ids ascending.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (n_units, n_terms)
    """
    from scipy import sparse

    width = max(n_terms, 1)
    keys, counts = np.unique(unit_of * width + ids, return_counts=True)
    rows, cols = np.divmod(keys, width)
    return sparse.csr_matrix((counts.astype(float), (rows, cols)), shape=(n_units, n_terms))


def build_vocabulary(token_lists: Sequence[Sequence[str]], *, no_below: int, no_above: float) -> Vocabulary:
    """The vocabulary :func:`build_dictionary` would keep, with the same ids, without gensim.

    gensim gives each new word of a unit the next id (a unit's new words in sorted order), keeps the
    words found in at least ``no_below`` units and in at most ``int(no_above * n_units)`` of them, and
    renumbers the kept words in the order of their old ids. This does the same in one pass (a job that
    only needs the vocabulary then never imports gensim). Where the limits would keep no word at all (one
    or two paragraphs), every word is kept.
    """
    from collections import Counter

    first: dict[str, int] = {}  # insertion order is gensim's id order
    df: Counter = Counter()
    for toks in token_lists:
        uniq = set(toks)
        df.update(uniq)
        for w in sorted(w for w in uniq if w not in first):
            first[w] = len(first)
    limit = int(no_above * len(token_lists))
    kept = [w for w in first if no_below <= df[w] <= limit]
    if not kept:  # a corpus of a paragraph or two: every word is in "too many" units; keep them all so a
        kept = list(first)  # model can still be fitted (the report says the corpus is too small for topics)
    return Vocabulary(kept)


class Vocabulary:
    """The terms of a model corpus in id order (what gensim calls ``id2word``).

    Supports what the library and gensim's ``LdaModel`` ask of a dictionary: ``vocab[i]``,
    ``len(vocab)``, ``keys()``, ``items()`` and ``token2id``.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms = [str(t) for t in terms]
        self.token2id = {t: i for i, t in enumerate(self.terms)}

    def __getitem__(self, i: int) -> str:
        return self.terms[i]

    def __len__(self) -> int:
        return len(self.terms)

    def keys(self):
        return range(len(self.terms))

    def items(self):
        return enumerate(self.terms)

    def as_dict(self) -> dict[int, str]:
        """``{id: term}``: what a saved gensim model keeps, loadable without orgtopics."""
        return dict(enumerate(self.terms))


@dataclass
class ModelCorpus:
    """The units as a topic model sees them, built once and shared by every model job.

    Attributes
    ----------
    vocabulary : Vocabulary
        Terms kept by ``no_below``/``no_above``, with gensim Dictionary ids.
    matrix : scipy.sparse.csr_matrix, shape (n_units, n_terms)
        Term counts (the bag-of-words of every unit, ids ascending within a unit).
    ids, offsets : ndarray
        The kept terms of every unit in text order, concatenated, and where each unit starts
        (coherence windows and held-out document completion need the order).
    n_tokens : ndarray, shape (n_units,)
        Model tokens of each unit before the vocabulary filter (the weights of yearly shares).
    years : ndarray, shape (n_units,)
    """

    vocabulary: Vocabulary
    matrix: Any  # scipy.sparse.csr_matrix, shape (n_units, n_terms)
    ids: np.ndarray
    offsets: np.ndarray
    n_tokens: np.ndarray
    years: np.ndarray

    @classmethod
    def from_tokens(
        cls,
        token_lists: Sequence[Sequence[str]],
        *,
        no_below: int,
        no_above: float,
        n_tokens: Sequence[int] | None = None,
        years: Sequence[int] | None = None,
    ) -> ModelCorpus:
        """Build the vocabulary (:func:`build_vocabulary`), the count matrix and the id sequences."""
        from ..coherence import encode_texts

        vocab = build_vocabulary(token_lists, no_below=no_below, no_above=no_above)
        ids, offsets = encode_texts(token_lists, vocab.token2id)
        n = len(token_lists)
        matrix = count_matrix(np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets)), ids, n, len(vocab))
        return cls(
            vocab,
            matrix,
            ids,
            offsets,
            np.asarray(n_tokens if n_tokens is not None else [len(t) for t in token_lists], dtype=float),
            np.asarray(years if years is not None else np.zeros(n, dtype=int)),
        )

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def bow(self) -> list[list[tuple[int, int]]]:
        """gensim bag-of-words vectors (``(id, count)`` with integer counts, ids ascending)."""
        return matrix_bow(self.matrix)

    def term_counts(self) -> np.ndarray:
        """Corpus count of every term, shape (n_terms,)."""
        return np.asarray(self.matrix.sum(axis=0)).ravel()

    def texts(self, rows: np.ndarray | None = None) -> list[np.ndarray]:
        """The id sequences of the units ``rows`` (all units by default)."""
        rows = np.arange(len(self)) if rows is None else np.asarray(rows)
        return [self.ids[self.offsets[i] : self.offsets[i + 1]] for i in rows]

    def save(self, path: str) -> None:
        """One ``.npz`` file (no pickles)."""
        m = self.matrix
        with open(path, "wb") as f:
            np.savez(
                f,
                terms=np.array(self.vocabulary.terms, dtype=str),
                data=m.data,
                indices=m.indices,
                indptr=m.indptr,
                ids=self.ids,
                offsets=self.offsets,
                n_tokens=self.n_tokens,
                years=self.years,
            )

    @classmethod
    def load(cls, path: str) -> ModelCorpus:
        from scipy import sparse

        z = np.load(path)
        terms = z["terms"].tolist()
        matrix = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(len(z["indptr"]) - 1, len(terms)))
        return cls(Vocabulary(terms), matrix, z["ids"], z["offsets"], z["n_tokens"], z["years"])


def matrix_bow(matrix) -> list[list[tuple[int, int]]]:
    """Rows of a sparse count matrix as gensim bag-of-words vectors (integer counts)."""
    ind, cnt, ptr = matrix.indices.tolist(), matrix.data.astype(np.int64).tolist(), matrix.indptr.tolist()
    return [list(zip(ind[a:b], cnt[a:b])) for a, b in zip(ptr[:-1], ptr[1:])]
