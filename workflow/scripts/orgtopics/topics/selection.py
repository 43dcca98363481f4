"""Choosing K: held-out perplexity by document completion, coherence and exclusivity from one fit per K, and the
choice itself.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._lazy import lazy_module
from .engines import LdaSettings, document_topics, fit_lda, topic_word
from .model_corpus import ModelCorpus, count_matrix

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics.topics")


def chosen_k(k_selection: pd.DataFrame | str | Path) -> int:
    """The K marked ``chosen`` in a K-selection table (``k_selection.csv``).

    Parameters
    ----------
    k_selection : DataFrame or path
        The table, or the path of its CSV (read with the csv module: the model jobs need nothing else from
        pandas).

    Raises
    ------
    ValueError
        When no row has ``chosen == 1``.
    """
    if isinstance(k_selection, (str, Path)):
        import csv

        with open(k_selection, encoding="utf-8", newline="") as f:
            chosen = [int(r["k"]) for r in csv.DictReader(f) if r["chosen"] == "1"]
    else:
        chosen = [int(k) for k in k_selection.loc[k_selection["chosen"] == 1, "k"]]
    if not chosen:
        raise ValueError(
            f"{k_selection if isinstance(k_selection, (str, Path)) else 'the K-selection table'}: no row has chosen = 1"
        )
    return chosen[0]


def heldout_split(n_units: int, *, fraction: float, random_state: int) -> np.ndarray:
    """Boolean mask of held-out units (at least one, never all)."""
    rng = np.random.default_rng(random_state)
    n_hold = min(max(1, int(round(fraction * n_units))), n_units - 1)
    mask = np.zeros(n_units, dtype=bool)
    mask[rng.choice(n_units, size=n_hold, replace=False)] = True
    return mask


def exclusivity(phi: np.ndarray, *, top_n: int = 10) -> float:
    """Mean exclusivity of each topic's top words: ``phi[k, w] / sum_j phi[j, w]``."""
    excl = phi / phi.sum(axis=0, keepdims=True)
    vals = []
    for k in range(phi.shape[0]):
        top = np.argsort(-phi[k], kind="stable")[:top_n]
        vals.append(excl[k, top].mean())
    return float(np.mean(vals))


def evaluate_k(
    corpus: ModelCorpus, k: int, settings: LdaSettings, *, heldout_fraction: float = 0.1, coherence_topn: int = 10
) -> tuple[object, dict]:
    """Fit at ``k`` and compute the K-selection diagnostics, from one fit.

    As stm's ``searchK`` does with ``make.heldout``: a random ``heldout_fraction`` of the units enters the
    fit with its observed half only (every other token, :func:`heldout_training_matrix`); the other half of
    those units, which the model never saw, is scored by document completion (:func:`completion_perplexity`).
    Coherences and exclusivity are computed from the same model on every unit's text, and it is the model
    that is used. One fit instead of a full fit and a separate fit on the training units: half the work.

    Returns
    -------
    model : LdaModel or FoldInLda
    metrics : dict
        ``k, c_v, c_npmi, u_mass, perplexity_heldout, exclusivity, n_heldout, n_train`` (``n_train``: units
        fitted with all their tokens; ``n_heldout``: units fitted with half of them, the rest scored).
    """
    from ..coherence import coherences

    vocab = corpus.vocabulary
    train, hold = training_matrix(corpus, heldout_fraction=heldout_fraction, random_state=settings.random_state)
    model = fit_lda(train, vocab, k, settings)
    phi = topic_word(model)
    top = [list(np.argsort(-phi[t], kind="stable")[:coherence_topn]) for t in range(k)]
    metrics: dict[str, float | int] = {"k": k}
    metrics.update(coherences(top, (corpus.ids, corpus.offsets), ("c_v", "c_npmi", "u_mass")))
    metrics["exclusivity"] = exclusivity(phi, top_n=coherence_topn)
    test_tokens = [t.tolist() for t in corpus.texts(np.flatnonzero(hold))]
    metrics["perplexity_heldout"] = completion_perplexity(model, test_tokens, random_state=settings.random_state)
    metrics["n_heldout"] = int(hold.sum())
    metrics["n_train"] = int((~hold).sum())
    return model, metrics


def training_matrix(corpus: ModelCorpus, *, heldout_fraction: float, random_state: int):
    """The counts every LDA fit of a run trains on, and the held-out units behind them.

    The units of :func:`heldout_split` (the run's ``lda.random_state``, whatever seed a fit samples with) enter
    with their observed half only (:func:`heldout_training_matrix`). The K sweep's fits, the seed refits and the
    sensitivity refits all train on it, so they differ only in what each varies (K, seed, stoplist), never in
    the tokens they saw.

    Returns
    -------
    matrix : scipy.sparse.csr_matrix, shape (n_units, n_terms)
    hold : ndarray of bool, shape (n_units,)
    """
    hold = heldout_split(len(corpus), fraction=heldout_fraction, random_state=random_state)
    return heldout_training_matrix(corpus, hold), hold


def heldout_training_matrix(corpus: ModelCorpus, hold: np.ndarray):
    """The count matrix a K-sweep fit trains on: every unit, the units marked in ``hold`` with their observed
    half only (the tokens at even positions of their text, as :func:`completion_perplexity` observes them).

    The full count matrix less the scored half: only the held-out units' tokens are counted again (a tenth of
    the corpus at the default ``heldout_fraction``), not every token of every unit.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (n_units, n_terms)
        In canonical form (ids ascending within a row, no stored zeros), as :func:`count_matrix` makes it.
    """
    held = np.flatnonzero(hold)
    starts = corpus.offsets[held]
    lengths = corpus.offsets[held + 1] - starts
    unit_of = np.repeat(held, lengths)
    position = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    scored = position % 2 == 1
    tokens = np.repeat(starts, lengths)[scored] + position[scored]
    train = corpus.matrix - count_matrix(unit_of[scored], corpus.ids[tokens], len(corpus), len(corpus.vocabulary))
    train.eliminate_zeros()
    train.sort_indices()
    return train


def completion_perplexity(model, docs: Sequence[Sequence[int]], *, random_state: int = 0) -> float:
    """Held-out perplexity by document completion (Wallach et al. 2009).

    Each held-out document's tokens alternate between an observed half, from which its topic
    shares are inferred, and an evaluated half, whose likelihood is scored:
    ``exp(-sum log sum_k theta_k phi_kw / n_evaluated)``. Unlike gensim's ``log_perplexity``,
    the number does not include the model-wide variational bound, so it is comparable across K
    and engines.

    Parameters
    ----------
    model : LdaModel or FoldInLda
        Never trained on the evaluated half of ``docs`` (:func:`heldout_training_matrix`).
    docs : sequence of sequence of int
        Held-out documents as term-id sequences (in text order).
    random_state : int

    Returns
    -------
    float
        Perplexity (lower is better); ``nan`` when nothing can be evaluated.
    """
    observed, evaluated = [], []
    for ids in docs:
        if len(ids) < 2:
            continue
        observed.append(np.asarray(ids[0::2], dtype=np.int64))
        evaluated.append(ids[1::2])
    if not observed:
        return float("nan")
    phi = topic_word(model)
    unit_of = np.repeat(np.arange(len(observed), dtype=np.int64), [len(o) for o in observed])
    X = count_matrix(unit_of, np.concatenate(observed), len(observed), phi.shape[1])
    theta = document_topics(model, X, random_state=random_state)
    loglik, n = 0.0, 0
    for th, ids in zip(theta, evaluated):
        p = th @ phi[:, ids]
        loglik += float(np.log(p).sum())
        n += len(ids)
    return float(np.exp(-loglik / n))


def select_k(metrics: pd.DataFrame, *, by: Sequence[str] = ("c_v", "c_npmi")) -> int:
    """Choose K: the highest mean z-score of the coherence measures in ``by``.

    Each measure is standardised across the sweep, the standardised scores are averaged, and the
    K with the highest average wins; ties go to the smaller K (the simpler model).
    """
    df = metrics.sort_values("k").reset_index(drop=True)
    z = []
    for col in by:
        v = df[col].astype(float)
        sd = v.std(ddof=0)
        z.append((v - v.mean()) / sd if sd > 0 else v * 0.0)
    score = sum(z) / len(z)
    best = score.round(12).max()
    return int(df.loc[score.round(12) == best, "k"].min())
