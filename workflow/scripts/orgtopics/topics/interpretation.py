"""Reading a fitted model: term scores (relevance, FREX, lift), theme labels, representative passages, and
the topics of neighbouring K.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .._lazy import lazy_module
from ..resources import Theme
from .engines import TopicFit

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics.topics")


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
    return {"prob": phi, "lift": lift, "relevance": relevance, "frex": frex(phi, weight=frex_weight)}


def frex(phi: np.ndarray, *, weight: float = 0.5) -> np.ndarray:
    """FREX of every topic and term (Roberts et al., stm's ``calcfrex``): the weighted harmonic mean of the
    within-topic empirical CDF ranks of exclusivity (``weight``) and of probability."""
    excl = phi / phi.sum(axis=0, keepdims=True)
    out = np.zeros_like(phi)
    for k in range(phi.shape[0]):
        out[k] = 1.0 / (weight / _ecdf(excl[k]) + (1 - weight) / _ecdf(phi[k]))
    return out


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
    """Label each topic with the theme whose seed terms carry most of its probability mass, and with its own
    most distinctive terms where the theme alone does not name it.

    No theme fits a topic (``theme`` is ``mixed``) when its best theme holds less than ``min_mass`` of the
    topic's mass, or less than ``min_ratio`` times the mass of the second-best theme; such a topic is named by
    its three terms of highest FREX (``"T11 资产阶级·帝国主义·侵略"``), so that a topic of another domain is
    still told apart. A theme that fits several topics names each with, after it, its two terms of highest FREX
    that are not the theme's seed terms (``"T3 干部工作 · 选拔任用·年轻干部"``); a theme that fits one topic names
    it alone (``"T2 干部工作"``).

    Returns
    -------
    DataFrame
        ``topic, theme, label, mass_<theme id>...``: ``theme`` is the theme id or ``mixed``.
    """
    index = {t: j for j, t in enumerate(terms)}
    mass = np.zeros((phi.shape[0], len(themes)))
    for i, theme in enumerate(themes):
        cols = [index[s] for s in theme.seeds if s in index]
        if cols:
            mass[:, i] = phi[:, cols].sum(axis=1)
    best: list[Theme | None] = []
    for k in range(phi.shape[0]):
        order = np.argsort(-mass[k], kind="stable")
        top, second = (mass[k, order[0]], mass[k, order[1]] if len(order) > 1 else 0.0) if len(order) else (0, 0)
        best.append(themes[order[0]] if len(order) and top >= min_mass and top >= min_ratio * second else None)
    shared = {b.id for b in best if b is not None and sum(c is b for c in best) > 1}
    distinctive = _by_frex(phi, terms, 20)
    rows = []
    for k, th in enumerate(best):
        if th is None:
            label = f"T{k} " + "·".join(distinctive[k][:3])
        elif th.id in shared:  # told apart by what is not the theme's own seed terms
            label = f"T{k} {th.zh} · " + "·".join([t for t in distinctive[k] if t not in th.seeds][:2])
        else:
            label = f"T{k} {th.zh}"
        row = {"topic": k, "theme": th.id if th else "mixed", "label": label}
        row.update({f"mass_{t.id}": mass[k, i] for i, t in enumerate(themes)})
        rows.append(row)
    return pd.DataFrame(rows)


def _by_frex(phi: np.ndarray, terms: Sequence[str], n: int) -> list[list[str]]:
    """Each topic's ``n`` terms of highest FREX (ties: higher probability, then the term)."""
    f = frex(phi)
    term_arr = np.asarray(terms)
    return [list(term_arr[np.lexsort((term_arr, -phi[k], -np.round(f[k], 12)))[:n]]) for k in range(phi.shape[0])]


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


def topic_terms_by_period(
    matrix,
    theta: np.ndarray,
    phi: np.ndarray,
    terms: Sequence[str],
    periods: Sequence[str],
    order: Sequence[str],
    *,
    top_n: int = 10,
    min_count: float = 2.0,
    chunk: int = 1_000_000,
) -> pd.DataFrame:
    """How the words of each topic change: its most characteristic terms in each period.

    Every token of a unit is split over the topics by its posterior under the chosen model,
    ``θ_uk φ_kw / Σ_j θ_uj φ_jw``, and summed over the units of a period: the expected count of term ``w``
    in topic ``k`` in period ``p``. A term is characteristic of the topic in the period by its keyness
    ``p(w|k,p) · log(p(w|k,p) / p(w|k, other periods))`` (its contribution to how the period's words of
    the topic differ from the other periods'; with one period, by ``p(w|k,p)``); terms with an expected count
    below ``min_count`` in the period are left out.

    Parameters
    ----------
    matrix : scipy.sparse CSR matrix, shape (n_units, n_terms)
        Token counts of the units (the model corpus).
    theta, phi : ndarray
        Unit-topic shares and topic-word probabilities of the chosen model.
    periods : sequence of str
        Each unit's period; ``order``: the periods in order.

    Returns
    -------
    DataFrame
        ``topic, period, rank, term, count, prob, keyness``: the ``top_n`` terms of each topic and period.
    """
    from scipy import sparse

    x = sparse.csr_matrix(matrix)
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    cols = x.indices
    weight = np.empty(len(x.data))
    for s in range(0, len(x.data), chunk):  # r_uw = Σ_k θ_uk φ_kw for every token type of every unit
        r = np.einsum("ij,ij->i", theta[rows[s : s + chunk]], phi[:, cols[s : s + chunk]].T)
        weight[s : s + chunk] = x.data[s : s + chunk] / np.maximum(r, 1e-300)
    w = sparse.csr_matrix((weight, x.indices, x.indptr), shape=x.shape)
    per = np.asarray(periods)
    counts = {p: phi * (w[per == p].T @ theta[per == p]).T for p in order}  # (K, V) expected counts per period
    total = sum(counts.values())
    term_arr = np.asarray(terms)
    out = []
    for k in range(phi.shape[0]):
        for p in order:
            c = counts[p][k]
            prob = c / max(c.sum(), 1e-300)
            if len(order) > 1:
                rest = total[k] - c
                other = (rest + 0.01) / (rest.sum() + 0.01 * len(rest))
                key = prob * np.log(np.maximum(prob, 1e-300) / other)
            else:
                key = prob
            key = np.where(c >= min_count, key, -np.inf)
            best = np.lexsort((term_arr, -np.round(key, 12)))[:top_n]
            for rank, j in enumerate(best, start=1):
                if np.isfinite(key[j]):
                    out.append(
                        {
                            "topic": k,
                            "period": p,
                            "rank": rank,
                            "term": term_arr[j],
                            "count": round(float(c[j]), 6),
                            "prob": float(prob[j]),
                            "keyness": float(key[j]),
                        }
                    )
    return pd.DataFrame(out, columns=["topic", "period", "rank", "term", "count", "prob", "keyness"])
