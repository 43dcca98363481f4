"""LDA topic models with gensim: fitting, K selection, term scores, labels and shares.

Reproducibility: only ``gensim.models.LdaModel`` with an explicit ``random_state`` is used
(``LdaMulticore`` is not reproducible), with ``eval_every=None`` (no per-pass perplexity, about
15 % faster). gensim's ``get_document_topics`` draws fresh random numbers on each call and hides
topics under ``minimum_probability`` (gensim #591); :func:`document_topics` instead runs the
model's variational inference once over all units from a freshly seeded state and normalises the
full gamma matrix, so document-topic shares are deterministic and sum to one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._lazy import lazy_module
from .resources import Theme

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

log = logging.getLogger(__name__)


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


def build_dictionary(token_lists: Sequence[Sequence[str]], *, no_below: int, no_above: float):
    """A gensim Dictionary with rare and ubiquitous terms removed.

    Ids follow first appearance (sorted within a unit), so the same units in the same order give
    the same ids.
    """
    from gensim.corpora import Dictionary

    d = Dictionary(token_lists)
    full = len(d)
    d.filter_extremes(no_below=no_below, no_above=no_above, keep_n=None)
    if full and not len(d):  # as build_vocabulary: limits that keep nothing keep everything
        d = Dictionary(token_lists)
    return d


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


def to_bow(dictionary, token_lists: Sequence[Sequence[str]]) -> list[list[tuple[int, int]]]:
    """Bag-of-words vectors."""
    return [dictionary.doc2bow(list(t)) for t in token_lists]


def bow_matrix(bow, n_terms: int):
    """Bag-of-words vectors as a sparse unit-by-term count matrix (scipy CSR, float)."""
    from scipy import sparse

    lengths = np.fromiter((len(doc) for doc in bow), dtype=np.int64, count=len(bow))
    n = int(lengths.sum())
    ids = np.fromiter((i for doc in bow for i, _ in doc), dtype=np.int64, count=n)
    cnt = np.fromiter((c for doc in bow for _, c in doc), dtype=float, count=n)
    return sparse.csr_matrix((cnt, ids, np.concatenate([[0], np.cumsum(lengths)])), shape=(len(bow), n_terms))


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
        from .coherence import encode_texts

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


def as_matrix(bow, n_terms: int):
    """A CSR count matrix from bag-of-words vectors (a sparse matrix passes through)."""
    return bow if hasattr(bow, "indptr") else bow_matrix(bow, n_terms)


def as_bow(bow):
    """Bag-of-words vectors from a CSR count matrix (a list passes through)."""
    return matrix_bow(bow) if hasattr(bow, "indptr") else list(bow)


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

    def inference(self, bow, *, iterations: int = 100, tol: float = 1e-4, chunk_units: int = 4096):
        """Fold-in EM with the topics fixed; returns (pseudo-counts, None) like gensim's ``inference``.

        ``bow``: bag-of-words vectors or a CSR count matrix (units x terms).

        Each unit's shares start uniform and follow the EM update
        ``theta_k <- alpha_k + theta_k * sum_w n_w phi_kw / sum_j theta_j phi_jw`` (normalised) until no
        share moves by more than ``tol`` or ``iterations`` is reached; a converged unit stops updating.
        Units are processed in blocks of ``chunk_units`` as sparse matrices, so memory stays bounded.
        ``tol`` is a change in any share, per unit (gensim's own inference stops at a mean change of 1e-3).
        What the default 1e-4 costs in accuracy and saves in time: benchmarks/RESULTS.md, "Measurements
        behind the code".

        Returns
        -------
        gamma : ndarray, shape (n_units, n_topics)
            Unnormalised shares (rows of an empty unit are ``alpha``).
        None
            In the place of gensim's sufficient statistics.
        """
        matrix = as_matrix(bow, self.phi.shape[1])
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

        sub, rows, phi_nz = compact(active)
        live = np.ones(len(active), dtype=bool)  # rows of ``sub`` still updating
        for _ in range(iterations):
            if not live.any():
                break
            if live.sum() < 0.75 * len(live):  # drop converged rows from the working set
                active = active[live]
                sub, rows, phi_nz = compact(active)
                live = np.ones(len(active), dtype=bool)
            th = theta[active]
            denom = np.einsum("ij,ij->i", th[rows], phi_nz)
            ratio = sparse.csr_matrix((sub.data / denom, sub.indices, sub.indptr), shape=sub.shape)
            new = self.alpha + th * (ratio @ phi_t)
            new /= new.sum(axis=1, keepdims=True)
            moved = np.abs(new - th).max(axis=1)
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


def _fit_tomotopy(bow, dictionary, k: int, settings: LdaSettings, *, random_state: int, eta=None) -> FoldInLda:
    import tomotopy as tp

    alpha = 1.0 / k if isinstance(settings.alpha, str) else float(settings.alpha)
    base_eta = 0.01 if isinstance(settings.eta, str) else float(settings.eta)
    model = tp.LDAModel(k=k, alpha=alpha, eta=base_eta, seed=int(random_state) % (2**31), min_cf=0, rm_top=0)
    terms = [dictionary[i] for i in range(len(dictionary))]
    if eta is not None:
        for j, term in enumerate(terms):
            prior = [float(x) for x in eta[:, j]]
            if max(prior) != min(prior):
                model.set_word_prior(term, prior)
    matrix = as_matrix(bow, len(terms))
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
        phi, np.asarray(model.alpha, dtype=float) if np.ndim(model.alpha) else np.full(k, alpha), dictionary, "tomotopy"
    )


def fit_lda(bow, dictionary, k: int, settings: LdaSettings, *, random_state: int | None = None, eta=None):
    """Fit one LDA with the engine of ``settings``.

    Parameters
    ----------
    bow : list of bag-of-words vectors, or CSR count matrix (units x terms)
    dictionary : Vocabulary or gensim Dictionary
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
        return _fit_tomotopy(bow, dictionary, k, settings, random_state=seed, eta=eta)
    if settings.engine != "gensim":
        raise ValueError(f"unknown LDA engine {settings.engine!r}; use 'gensim' or 'tomotopy'")
    from gensim.models import LdaModel

    id2word = dictionary.as_dict() if isinstance(dictionary, Vocabulary) else dictionary
    log.info(
        "gensim: %d units, %d terms, K = %d, %d passes (gensim logs each pass as PROGRESS: pass n)",
        bow.shape[0] if hasattr(bow, "shape") else len(bow),
        len(id2word),
        k,
        settings.passes,
    )
    return LdaModel(
        corpus=as_bow(bow),
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


def document_topics(model, bow, *, random_state: int = 0) -> np.ndarray:
    """Deterministic document-topic shares.

    Parameters
    ----------
    model : gensim LdaModel or FoldInLda
    bow : list of bag-of-words vectors, or CSR count matrix (units x terms)
    random_state : int
        Seed for the variational initialisation.

    Returns
    -------
    ndarray, shape (n_units, n_topics)
        Rows sum to one; an empty unit gets the uniform distribution.
    """
    model.random_state = np.random.RandomState(random_state)
    lengths = np.diff(bow.indptr) if hasattr(bow, "indptr") else np.array([len(b) for b in bow], dtype=int)
    if not len(lengths):
        return np.zeros((0, model.num_topics))
    gamma, _ = model.inference(bow if isinstance(model, FoldInLda) else as_bow(bow))
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    theta[lengths == 0] = 1.0 / model.num_topics
    return theta


def topic_word(model) -> np.ndarray:
    """Topic-word probabilities, shape (n_topics, n_terms), rows sum to one."""
    phi = model.get_topics().astype(float)
    return phi / phi.sum(axis=1, keepdims=True)


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


def term_counts(bow, n_terms: int) -> np.ndarray:
    """Corpus count of every term id in a bag-of-words corpus, shape (n_terms,)."""
    freq = np.zeros(n_terms)
    for doc in bow:
        for i, c in doc:
            freq[i] += c
    return freq


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
    from .coherence import coherences

    vocab = corpus.vocabulary
    hold = heldout_split(len(corpus), fraction=heldout_fraction, random_state=settings.random_state)
    model = fit_lda(heldout_training_matrix(corpus, hold), vocab, k, settings)
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


def heldout_training_matrix(corpus: ModelCorpus, hold: np.ndarray):
    """The count matrix a K-sweep fit trains on: every unit, the units marked in ``hold`` with their observed
    half only (the tokens at even positions of their text, as :func:`completion_perplexity` observes them).

    Returns
    -------
    scipy.sparse.csr_matrix, shape (n_units, n_terms)
    """
    n = len(corpus)
    unit_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(corpus.offsets))
    position = np.arange(len(corpus.ids)) - corpus.offsets[unit_of]
    keep = ~np.asarray(hold)[unit_of] | (position % 2 == 0)
    return count_matrix(unit_of[keep], corpus.ids[keep], n, len(corpus.vocabulary))


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
    from collections import Counter

    observed, evaluated = [], []
    for ids in docs:
        if len(ids) < 2:
            continue
        observed.append(sorted(Counter(ids[0::2]).items()))
        evaluated.append(ids[1::2])
    if not observed:
        return float("nan")
    theta = document_topics(model, observed, random_state=random_state)
    phi = topic_word(model)
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


def term_scores(
    phi: np.ndarray, term_freq: np.ndarray, *, lam: float = 0.6, frex_weight: float = 0.5
) -> dict[str, np.ndarray]:
    """Per topic and term: probability, lift, relevance and FREX.

    Parameters
    ----------
    phi : ndarray, shape (n_topics, n_terms)
        Topic-word probabilities.
    term_freq : ndarray, shape (n_terms,)
        Corpus counts of each term (the marginal ``p(w)`` is its normalisation).
    lam : float
        Relevance weight λ (Sievert & Shirley 2014): ``λ log φ + (1-λ) log(φ / p(w))``.
    frex_weight : float
        Weight on exclusivity in FREX (Roberts et al., stm's ``calcfrex``): the weighted harmonic
        mean of the within-topic empirical CDF ranks of exclusivity and of probability.

    Returns
    -------
    dict
        ``prob, lift, relevance, frex``, each shape (n_topics, n_terms).
    """
    pw = term_freq / term_freq.sum()
    with np.errstate(divide="ignore"):
        lift = phi / pw
        relevance = lam * np.log(phi) + (1 - lam) * np.log(lift)
    excl = phi / phi.sum(axis=0, keepdims=True)
    frex = np.zeros_like(phi)
    for k in range(phi.shape[0]):
        ex_r = _ecdf(excl[k])
        fr_r = _ecdf(phi[k])
        frex[k] = 1.0 / (frex_weight / ex_r + (1 - frex_weight) / fr_r)
    return {"prob": phi, "lift": lift, "relevance": relevance, "frex": frex}


def _ecdf(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(1, len(x) + 1)
    return ranks / len(x)


def topic_terms_table(
    phi: np.ndarray, terms: Sequence[str], term_freq: np.ndarray, *, top_n: int = 30, lam: float = 0.6
) -> pd.DataFrame:
    """Top terms of each topic with their scores.

    Returns
    -------
    DataFrame
        ``topic, rank, term, prob, frex, lift, relevance, relevance_rank``: the ``top_n`` terms by
        probability (``rank``), plus any term in the top ``top_n`` by relevance, so both views are
        complete.
    """
    s = term_scores(phi, term_freq, lam=lam)
    term_arr = np.asarray(terms)
    rows = []
    for k in range(phi.shape[0]):
        by_prob = np.lexsort((term_arr, -np.round(phi[k], 15)))
        by_rel = np.lexsort((term_arr, -np.round(s["relevance"][k], 12)))
        prob_rank = np.empty(len(term_arr), dtype=int)
        prob_rank[by_prob] = np.arange(1, len(term_arr) + 1)
        rel_rank = np.empty(len(term_arr), dtype=int)
        rel_rank[by_rel] = np.arange(1, len(term_arr) + 1)
        chosen = sorted(set(by_prob[:top_n]) | set(by_rel[:top_n]), key=lambda j: (prob_rank[j], term_arr[j]))
        for j in chosen:
            rows.append(
                {
                    "topic": k,
                    "rank": int(prob_rank[j]),
                    "term": term_arr[j],
                    "prob": phi[k, j],
                    "frex": s["frex"][k, j],
                    "lift": s["lift"][k, j],
                    "relevance": s["relevance"][k, j],
                    "relevance_rank": int(rel_rank[j]),
                }
            )
    return pd.DataFrame(rows)


def label_topics(
    phi: np.ndarray, terms: Sequence[str], themes: Sequence[Theme], *, min_mass: float = 0.02, min_ratio: float = 1.5
) -> pd.DataFrame:
    """Label each topic with the theme whose seed terms carry most of its probability mass.

    A topic is ``"mixed"`` when its best theme holds less than ``min_mass`` of the topic's mass,
    or less than ``min_ratio`` times the mass of the second-best theme.

    Returns
    -------
    DataFrame
        ``topic, theme, label, mass_<theme id>...``: ``theme`` is the theme id or ``mixed``;
        ``label`` is ``"T<k> <theme zh>"`` (or ``"T<k> 混合 mixed"``).
    """
    index = {t: j for j, t in enumerate(terms)}
    mass = np.zeros((phi.shape[0], len(themes)))
    for i, th in enumerate(themes):
        cols = [index[s] for s in th.seeds if s in index]
        if cols:
            mass[:, i] = phi[:, cols].sum(axis=1)
    rows = []
    for k in range(phi.shape[0]):
        order = np.argsort(-mass[k], kind="stable")
        best, second = mass[k, order[0]], (mass[k, order[1]] if len(order) > 1 else 0.0)
        ok = best >= min_mass and best >= min_ratio * second
        best_theme: Theme | None = themes[order[0]] if ok else None
        row = {
            "topic": k,
            "theme": best_theme.id if best_theme else "mixed",
            "label": f"T{k} {best_theme.zh}" if best_theme else f"T{k} 混合 mixed",
        }
        row.update({f"mass_{t.id}": mass[k, i] for i, t in enumerate(themes)})
        rows.append(row)
    return pd.DataFrame(rows)


def representative_units(
    theta: np.ndarray, units: pd.DataFrame, *, per_topic: int = 1, min_tokens: int = 10, by_year: bool = False
) -> pd.DataFrame:
    """The units most typical of each topic (highest share; like stm's ``findThoughts``).

    Parameters
    ----------
    theta : ndarray, shape (n_units, n_topics)
    units : DataFrame
        Columns ``unit_id, doc_id, year, text, tokens``, aligned with ``theta``.
    per_topic : int
        Units per topic (per year when ``by_year``).
    min_tokens : int
        Skip very short units (headings) unless nothing else is left.
    by_year : bool
        Choose per topic and year.

    Returns
    -------
    DataFrame
        ``topic, year, doc_id, unit, share, text``.
    """
    n_tok = units["tokens"].map(len).to_numpy()
    rows = []
    groups = sorted(units["year"].unique()) if by_year else [None]
    for k in range(theta.shape[1]):
        for y in groups:
            mask = np.ones(len(units), bool) if y is None else (units["year"] == y).to_numpy()
            long_enough = mask & (n_tok >= min_tokens)
            pool = np.flatnonzero(long_enough if long_enough.any() else mask)
            order = pool[np.lexsort((units["unit_id"].to_numpy()[pool], -np.round(theta[pool, k], 12)))]
            for i in order[:per_topic]:
                u = units.iloc[i]
                rows.append(
                    {
                        "topic": k,
                        "year": int(u["year"]),
                        "doc_id": u["doc_id"],
                        "unit": u["unit_id"],
                        "share": theta[i, k],
                        "text": u["text"],
                    }
                )
    return pd.DataFrame(rows, columns=["topic", "year", "doc_id", "unit", "share", "text"])


def neighbour_terms(fits: Mapping[int, str], terms: Sequence[str], k: int, *, top_n: int = 10) -> pd.DataFrame:
    """Top words of every topic at the Ks next to the chosen one in the sweep (and at K itself).

    Parameters
    ----------
    fits : mapping of K to the path of its :class:`TopicFit`
    terms : the vocabulary, in id order
    k : the chosen K (a key of ``fits``)

    Returns
    -------
    DataFrame with columns ``k``, ``topic``, ``top_terms`` (space-separated)
    """
    ks = sorted(fits)
    i = ks.index(k)
    rows = []
    for kk in ks[max(0, i - 1) : i + 2]:
        phi = TopicFit.load(fits[kk]).phi
        for t in range(kk):
            top = np.argsort(-phi[t], kind="stable")[:top_n]
            rows.append({"k": kk, "topic": t, "top_terms": " ".join(terms[j] for j in top)})
    return pd.DataFrame(rows)
