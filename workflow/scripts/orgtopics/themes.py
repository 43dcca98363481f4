"""Dictionary baseline: how much of each year's text belongs to each theme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ._lazy import lazy_module
from .resources import Theme
from .trends import GroupEstimate, bootstrap_ratio

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


def theme_hits(tokens: Sequence[Sequence[str]], themes: Sequence[Theme]) -> np.ndarray:
    """Seed-term occurrences per unit and theme.

    Returns
    -------
    ndarray, shape (n_units, n_themes)
    """
    owner = {s: j for j, th in enumerate(themes) for s in th.seeds}
    out = np.zeros((len(tokens), len(themes)))
    for i, toks in enumerate(tokens):
        for t in toks:
            j = owner.get(t)
            if j is not None:
                out[i, j] += 1
    return out


def theme_estimates(
    units: pd.DataFrame, themes: Sequence[Theme], *, n_boot: int = 1000, ci: float = 0.95, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[int, GroupEstimate]]:
    """Seed-term hits per unit and the bootstrap estimates of each theme's rate per 10k tokens per year.

    Returns
    -------
    hits : ndarray, shape (n_units, n_themes)
    n_tokens : ndarray, shape (n_units,)
    years : ndarray, shape (n_units,)
    estimates : dict of int to GroupEstimate
        Per year (see :func:`orgtopics.trends.bootstrap_ratio`); the replicates serve contrasts.
    """
    toks = list(units["tokens"])
    hits = theme_hits(toks, themes)
    n_tok = np.array([len(t) for t in toks], dtype=float)
    years = units["year"].astype(int).to_numpy()
    docs = units["doc_id"].to_numpy() if "doc_id" in units else None
    est = bootstrap_ratio(
        hits, n_tok, years, n_boot=n_boot, ci=ci, random_state=random_state, scale=10_000, clusters=docs
    )
    return hits, n_tok, years, est


def theme_share_table(
    themes: Sequence[Theme], hits: np.ndarray, n_tok: np.ndarray, years: np.ndarray, est: Mapping[int, GroupEstimate]
) -> pd.DataFrame:
    """The yearly table of :func:`theme_share_by_year` from the outputs of :func:`theme_estimates`."""
    rows = []
    for y in sorted(est):
        mask = years == y
        yh = hits[mask].sum(0)
        for j, th in enumerate(themes):
            rows.append(
                {
                    "year": y,
                    "theme": th.id,
                    "theme_zh": th.zh,
                    "theme_en": th.en,
                    "hits": int(yh[j]),
                    "tokens": int(n_tok[mask].sum()),
                    "per_10k": est[y].estimate[j],
                    "share": yh[j] / yh.sum() if yh.sum() else 0.0,
                    "ci_low": est[y].ci_low[j],
                    "ci_high": est[y].ci_high[j],
                    "n_units": est[y].n_units,
                    "resampled": est[y].resampled,
                }
            )
    return pd.DataFrame(rows)


def theme_share_by_year(
    units: pd.DataFrame, themes: Sequence[Theme], *, n_boot: int = 1000, ci: float = 0.95, random_state: int = 0
) -> pd.DataFrame:
    """Each theme's rate per 10,000 model tokens per year, with a bootstrap interval.

    Parameters
    ----------
    units : DataFrame
        Columns ``year`` and ``tokens``.
    themes : sequence of Theme
    n_boot, ci, random_state
        Bootstrap settings (documents, or paragraphs of a single document, resampled within year).

    Returns
    -------
    DataFrame
        ``year, theme, theme_zh, theme_en, hits, tokens, per_10k, share, ci_low, ci_high, n_units``:
        ``per_10k`` is the estimate, ``ci_low``/``ci_high`` its interval (also per 10k tokens);
        ``share`` is the theme's share of all seed-term hits in the year (sums to one).
    """
    return theme_share_table(themes, *theme_estimates(units, themes, n_boot=n_boot, ci=ci, random_state=random_state))
