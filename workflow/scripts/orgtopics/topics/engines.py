"""LDA engines behind one contract: ``fit_lda(X, vocabulary, k, settings)`` and ``document_topics(model, X)`` for
every engine, ``X`` a count matrix. gensim (the reference: variational Bayes) and tomotopy (collapsed Gibbs
sampling, behind :class:`FoldInLda`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._lazy import lazy_module
from .model_corpus import Vocabulary, matrix_bow

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics.topics")


@dataclass(frozen=True)
class LdaSettings:
    """Settings of one LDA fit (the ``lda:`` config section).

    Parameters
    ----------
    passes, iterations : int
        gensim training passes over the corpus and inference iterations per document.
    alpha, eta : str or float
        Dirichlet priors (gensim: ``"symmetric"``, ``"asymmetric"``, ``"auto"`` or a number).
    no_below : int
        Drop terms in fewer units.
    no_above : float
        Drop terms in a larger fraction of units.
    random_state : int
        Seed.
    chunksize : int
        Units per training chunk.
    sweeps : int, optional
        tomotopy: Gibbs sweeps over the corpus; default :data:`DEFAULT_SWEEPS`.
    engine : {"gensim", "tomotopy"}
        ``gensim`` (the reference: variational Bayes, ``LdaModel``) or ``tomotopy`` (collapsed Gibbs
        sampling in C++, much faster on large corpora; one worker thread, so fits are reproducible).
    """

    passes: int = 30
    iterations: int = 200
    alpha: str | float = "symmetric"
    eta: str | float = "symmetric"
    no_below: int = 2
    no_above: float = 0.5
    random_state: int = 0
    chunksize: int = 2000
    engine: str = "gensim"
    sweeps: int | None = None


#: tomotopy's Gibbs sweeps when ``lda.sweeps`` is null outside the workflow (the workflow sets them by size:
#: :func:`orgtopics.workflow_support.auto_sweeps`).
DEFAULT_SWEEPS = 100


#: Sweeps between two progress lines in a tomotopy fit's log (tomotopy re-estimates its priors every 10).
SWEEPS_PER_LOG = 10


def tomotopy_sweeps(sweeps: int | None) -> int:
    """Gibbs sweeps of a tomotopy fit: ``lda.sweeps``, or :data:`DEFAULT_SWEEPS` when it is null."""
    return int(sweeps) if sweeps else DEFAULT_SWEEPS


@dataclass(frozen=True)
class TopicFit:
    """What every downstream table needs from a fitted model, saved next to it.

    Attributes
    ----------
    phi : ndarray, shape (n_topics, n_terms)
        Topic-word probabilities (:func:`topic_word`).
    theta : ndarray, shape (n_units, n_topics)
        Document-topic shares of every unit of the model corpus (:func:`document_topics`).
    engine : str
    """

    phi: np.ndarray
    theta: np.ndarray
    engine: str

    @property
    def k(self) -> int:
        return self.phi.shape[0]

    def save(self, path: str) -> None:
        with open(path, "wb") as f:
            np.savez(f, phi=self.phi, theta=self.theta, engine=self.engine)

    @classmethod
    def load(cls, path: str) -> TopicFit:
        z = np.load(path)
        return cls(z["phi"], z["theta"], str(z["engine"]))

    @classmethod
    def of(cls, model, corpus, *, random_state: int) -> TopicFit:
        """The fit of ``model``: its topics and the shares of every unit of ``corpus``."""
        return cls(
            topic_word(model),
            document_topics(model, corpus.matrix, random_state=random_state),
            getattr(model, "engine", "gensim"),
        )


class FoldInLda:
    """An LDA fitted by another engine, in the shape the rest of the library expects from gensim.

    Holds the topic-word matrix, the document-topic prior and the gensim Dictionary; document-topic
    shares come from a deterministic fold-in (EM with the topics fixed), so no engine-specific
    randomness reaches the tables.

    Attributes
    ----------
    phi : ndarray, shape (n_topics, n_terms)
    alpha : ndarray, shape (n_topics,)
    id2word : Vocabulary or gensim Dictionary
    engine : str
    """

    def __init__(self, phi: np.ndarray, alpha: np.ndarray, id2word, engine: str) -> None:
        self.phi = np.asarray(phi, dtype=float)
        self.alpha = np.asarray(alpha, dtype=float)
        self.id2word = id2word
        self.engine = engine
        self.num_topics = self.phi.shape[0]
        self.random_state = None

    def get_topics(self) -> np.ndarray:
        return self.phi

    def inference(self, X, *, iterations: int = 100, tol: float = 1e-5, chunk_units: int = 4096):
        """Fold-in EM with the topics fixed; returns (pseudo-counts, None) like gensim's ``inference``.

        ``X``: scipy.sparse.csr_matrix of term counts, shape (n_units, n_terms).

        Each unit's shares are the maximum of ``sum_w n_w log(sum_k theta_k phi_kw) + sum_k alpha_k log
        theta_k`` (concave, so one maximum: the fixed point of the EM update ``theta_k <- alpha_k + theta_k *
        sum_w n_w phi_kw / sum_j theta_j phi_jw``, normalised). They start uniform and are found by that
        update accelerated with SQUAREM (Varadhan & Roland 2008, scheme S3: two EM updates, an extrapolation
        along them, one EM update from there; an extrapolation that leaves the simplex falls back to the two
        plain updates), until one EM update moves no share by more than ``tol`` or after ``iterations``
        cycles; a converged unit stops updating. Units are processed in blocks of ``chunk_units`` as sparse
        matrices, so memory stays bounded. ``tol`` is a change in any share, per unit (gensim's own inference
        stops at a mean change of 1e-3). What the acceleration and the default 1e-5 cost in accuracy and
        save in time: benchmarks/RESULTS.md, "Measurements behind the code".

        Returns
        -------
        gamma : ndarray, shape (n_units, n_topics)
            Unnormalised shares (rows of an empty unit are ``alpha``).
        None
            In the place of gensim's sufficient statistics.
        """
        matrix = X
        n = matrix.shape[0]
        k = self.num_topics
        out = np.zeros((n, k))
        if not n:
            return out, None
        lengths = np.diff(matrix.indptr)
        alpha_sum = self.alpha.sum()
        for start in range(0, n, chunk_units):
            block = matrix[start : start + chunk_units]
            theta = self._fold_in_block(block, iterations=iterations, tol=tol)
            totals = np.asarray(block.sum(axis=1)).ravel()
            out[start : start + block.shape[0]] = theta * (alpha_sum + totals)[:, None]
        out[lengths == 0] = self.alpha
        return out, None

    def _fold_in_block(self, block, *, iterations: int, tol: float) -> np.ndarray:
        from scipy import sparse

        k = self.num_topics
        theta = np.full((block.shape[0], k), 1.0 / k)
        phi_t = np.ascontiguousarray(self.phi.T)
        active = np.flatnonzero(np.diff(block.indptr) > 0)

        def compact(rows_kept: np.ndarray):
            sub = block[rows_kept]
            return sub, np.repeat(np.arange(len(rows_kept)), np.diff(sub.indptr)), phi_t[sub.indices]

        def em(th: np.ndarray) -> np.ndarray:  # one EM update of every row of the working set
            denom = np.einsum("ij,ij->i", th[rows], phi_nz)
            ratio = sparse.csr_matrix((sub.data / denom, sub.indices, sub.indptr), shape=sub.shape)
            new = self.alpha + th * (ratio @ phi_t)
            return new / new.sum(axis=1, keepdims=True)

        sub, rows, phi_nz = compact(active)
        live = np.ones(len(active), dtype=bool)  # rows of ``sub`` still updating
        for _ in range(iterations):
            if not live.any():
                break
            if live.sum() < 0.75 * len(live):  # drop converged rows from the working set
                active = active[live]
                sub, rows, phi_nz = compact(active)
                live = np.ones(len(active), dtype=bool)
            x0 = theta[active]
            x1 = em(x0)
            x2 = em(x1)
            r, v = x1 - x0, x2 - 2 * x1 + x0
            r_norm, v_norm = np.linalg.norm(r, axis=1), np.linalg.norm(v, axis=1)
            step = np.minimum(-np.divide(r_norm, v_norm, out=np.ones_like(r_norm), where=v_norm > 0), -1.0)
            x = x0 - 2 * step[:, None] * r + (step**2)[:, None] * v  # step -1: x2, the two plain updates
            off = (x <= 0).any(axis=1)
            x[off] = x2[off]
            x /= x.sum(axis=1, keepdims=True)
            new = em(x)
            moved = np.abs(new - x).max(axis=1)
            upd = np.flatnonzero(live)
            theta[active[upd]] = new[upd]
            live[upd[moved[upd] < tol]] = False
        return theta

    def save(self, path: str) -> None:
        """``path`` (a one-line description) and ``path.foldin.npz`` (topics, prior, terms)."""
        terms = np.array([self.id2word[i] for i in range(len(self.id2word))], dtype=str)
        with open(f"{path}.foldin.npz", "wb") as f:
            np.savez(f, phi=self.phi, alpha=self.alpha, engine=self.engine, terms=terms)
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"orgtopics FoldInLda ({self.engine}); topics in {Path(path).name}.foldin.npz\n")

    @classmethod
    def load(cls, path: str) -> FoldInLda:
        z = np.load(f"{path}.foldin.npz")
        return cls(z["phi"], z["alpha"], Vocabulary(z["terms"].tolist()), str(z["engine"]))


def load_model(path: str):
    """Load a model saved by :func:`fit_lda` (gensim ``LdaModel`` or :class:`FoldInLda`)."""
    if Path(f"{path}.foldin.npz").exists():
        return FoldInLda.load(path)
    from gensim.models import LdaModel

    return LdaModel.load(path)


def _fit_tomotopy(X, vocabulary, k: int, settings: LdaSettings, *, random_state: int, eta=None) -> FoldInLda:
    import tomotopy as tp

    alpha = 1.0 / k if isinstance(settings.alpha, str) else float(settings.alpha)
    base_eta = 0.01 if isinstance(settings.eta, str) else float(settings.eta)
    model = tp.LDAModel(k=k, alpha=alpha, eta=base_eta, seed=int(random_state) % (2**31), min_cf=0, rm_top=0)
    terms = [vocabulary[i] for i in range(len(vocabulary))]
    if eta is not None:
        for j, term in enumerate(terms):
            prior = [float(x) for x in eta[:, j]]
            if max(prior) != min(prior):
                model.set_word_prior(term, prior)
    matrix = X
    counts = matrix.data.astype(np.int64)
    words = np.asarray(terms, dtype=object)[np.repeat(matrix.indices, counts)].tolist()
    ends = np.concatenate([[0], np.cumsum(counts)])[matrix.indptr].tolist()  # each unit's words, ids ascending
    for a, b in zip(ends[:-1], ends[1:]):
        model.add_doc(words[a:b] if b > a else [terms[0]])
    model.burn_in = 0
    total = tomotopy_sweeps(settings.sweeps)
    log.info("tomotopy: %d units, %d terms, K = %d, %d sweeps", len(ends) - 1, len(terms), k, total)
    done = 0
    while done < total:  # in steps of SWEEPS_PER_LOG: the same samples as one call (tested), with progress
        step = min(SWEEPS_PER_LOG, total - done)
        model.train(step, workers=1)
        done += step
        log.info("tomotopy: sweep %d of %d, log-likelihood per word %.4f", done, total, model.ll_per_word)
    index = {w: i for i, w in enumerate(model.used_vocabs)}
    cols = np.array([index.get(w, -1) for w in terms])
    dist = np.array([model.get_topic_word_dist(t) for t in range(k)], dtype=float)
    phi = np.zeros((k, len(terms)))
    phi[:, cols >= 0] = dist[:, cols[cols >= 0]]
    phi += 1e-12
    phi /= phi.sum(axis=1, keepdims=True)
    return FoldInLda(
        phi, np.asarray(model.alpha, dtype=float) if np.ndim(model.alpha) else np.full(k, alpha), vocabulary, "tomotopy"
    )


def fit_lda(X, vocabulary: Vocabulary, k: int, settings: LdaSettings, *, random_state: int | None = None, eta=None):
    """Fit one LDA with the engine of ``settings``.

    Parameters
    ----------
    X : scipy.sparse.csr_matrix, shape (n_units, n_terms)
        Term counts (:attr:`ModelCorpus.matrix`; ids ascending within a row).
    vocabulary : Vocabulary
        The terms of the columns of ``X``.
    k : int
        Number of topics.
    settings : LdaSettings
    random_state : int, optional
        Overrides ``settings.random_state``.
    eta : ndarray, optional
        Topic-word prior, shape (k, n_terms) (seeded LDA); default ``settings.eta``.

    Returns
    -------
    gensim.models.LdaModel or FoldInLda
        ``LdaModel`` for the gensim engine; :class:`FoldInLda` for tomotopy.
    """
    seed = settings.random_state if random_state is None else random_state
    if settings.engine == "tomotopy":
        return _fit_tomotopy(X, vocabulary, k, settings, random_state=seed, eta=eta)
    if settings.engine != "gensim":
        raise ValueError(f"unknown LDA engine {settings.engine!r}; use 'gensim' or 'tomotopy'")
    from gensim.models import LdaModel

    id2word = vocabulary.as_dict()
    log.info(
        "gensim: %d units, %d terms, K = %d, %d passes (gensim logs each pass as PROGRESS: pass n)",
        X.shape[0],
        len(id2word),
        k,
        settings.passes,
    )
    return LdaModel(
        corpus=matrix_bow(X),  # gensim's own corpus format, converted here, at the edge
        id2word=id2word,
        num_topics=k,
        passes=settings.passes,
        iterations=settings.iterations,
        alpha=settings.alpha,
        eta=settings.eta if eta is None else eta,
        random_state=seed,
        eval_every=None,
        chunksize=settings.chunksize,
        update_every=1,
        dtype=np.float64,
    )


def document_topics(model, X, *, random_state: int = 0) -> np.ndarray:
    """Deterministic document-topic shares.

    Parameters
    ----------
    model : gensim LdaModel or FoldInLda
    X : scipy.sparse.csr_matrix, shape (n_units, n_terms)
        Term counts, columns as in the model's vocabulary.
    random_state : int
        Seed for the variational initialisation.

    Returns
    -------
    ndarray, shape (n_units, n_topics)
        Rows sum to one; an empty unit gets the uniform distribution.
    """
    model.random_state = np.random.RandomState(random_state)
    lengths = np.diff(X.indptr)
    if not len(lengths):
        return np.zeros((0, model.num_topics))
    gamma, _ = model.inference(X if isinstance(model, FoldInLda) else matrix_bow(X))
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    theta[lengths == 0] = 1.0 / model.num_topics
    return theta


def topic_word(model) -> np.ndarray:
    """Topic-word probabilities, shape (n_topics, n_terms), rows sum to one."""
    phi = model.get_topics().astype(float)
    return phi / phi.sum(axis=1, keepdims=True)
