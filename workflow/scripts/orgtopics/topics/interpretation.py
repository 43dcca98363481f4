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
