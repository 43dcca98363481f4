"""A standalone, offline topic explorer in the spirit of LDAvis.

Topics are placed by classical multidimensional scaling of their Jensen–Shannon distances (LDAvis's
default), sized by their share of tokens, and numbered exactly as in the tables (no re-sorting, the
trap of pyLDAvis's ``sort_topics=True``). Selecting a topic lists its terms ranked by relevance
``λ log φ + (1−λ) log(φ / p(w))`` with a λ slider, and its share by year. Everything (data, script,
styles, a subset of the CJK font) is inside one HTML file; nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape

from ._lazy import lazy_module
from .evidence import js_distance_matrix
from .style import TOPIC_COLORS

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


def pcoa(dist: np.ndarray) -> np.ndarray:
    """Classical MDS (principal coordinates) of a distance matrix into two dimensions.

    Returns
    -------
    ndarray, shape (n, 2)
        Signs are fixed so that the largest absolute loading of each axis is positive (stable output).
    """
    n = dist.shape[0]
    if n < 3:
        return np.column_stack([np.linspace(-1, 1, n), np.zeros(n)])
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ (dist**2) @ j
    vals, vecs = np.linalg.eigh(b)
    order = np.argsort(vals)[::-1][:2]
    coords = vecs[:, order] * np.sqrt(np.maximum(vals[order], 0))
    for a in range(2):
        if coords[np.argmax(np.abs(coords[:, a])), a] < 0:
            coords[:, a] *= -1
    return coords


def explorer_data(
    phi: np.ndarray,
    terms: Sequence[str],
    term_freq: np.ndarray,
    topic_share: pd.DataFrame,
    labels: Sequence[str],
    *,
    n_terms: int = 60,
    lam: float = 0.6,
) -> dict:
    """The JSON the explorer draws from.

    Parameters
    ----------
    phi : ndarray, shape (n_topics, n_terms)
    terms : sequence of str
    term_freq : ndarray, shape (n_terms,)
        Corpus counts of each term.
    topic_share : DataFrame
        ``year, topic, share`` (from ``topic_share_by_year.csv``).
    labels : sequence of str
        Topic labels in topic order.
    n_terms : int
        Candidate terms kept per topic (the union of the top terms by probability and by lift).
    lam : float
        Initial λ.
    """
    pw = term_freq / term_freq.sum()
    coords = pcoa(js_distance_matrix(phi, phi))
    years = sorted(int(y) for y in topic_share["year"].unique())
    overall = topic_share.groupby("topic")["share"].mean()
    topics = []
    for k in range(phi.shape[0]):
        lift = phi[k] / pw
        cand = sorted(
            set(np.argsort(-phi[k], kind="stable")[:n_terms]) | set(np.argsort(-lift, kind="stable")[: n_terms // 2])
        )
        ys = topic_share[topic_share["topic"] == k].sort_values("year")
        topics.append(
            {
                "id": k,
                "label": labels[k],
                "color": TOPIC_COLORS[k % len(TOPIC_COLORS)],
                "x": round(float(coords[k, 0]), 6),
                "y": round(float(coords[k, 1]), 6),
                "share": round(float(overall.get(k, 0.0)), 6),
                "years": [int(y) for y in ys["year"]],
                "shares": [round(float(v), 6) for v in ys["share"]],
                "terms": [
                    {"t": str(terms[j]), "phi": float(phi[k, j]), "pw": float(pw[j]), "n": float(term_freq[j])}
                    for j in cand
                ],
            }
        )
    return {"topics": topics, "lambda": lam, "years": years}


def render_explorer(data: dict, *, corpus: str, font_css: str = "") -> str:
    """The explorer page (data embedded as JSON, safe inside ``<script>``)."""
    env = Environment(loader=PackageLoader("orgtopics", "templates"), autoescape=select_autoescape(["html", "j2"]))
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/").replace("<!--", "<\\!--")
    return env.get_template("explorer.html.j2").render(corpus=corpus, payload=payload, font_css=font_css)
