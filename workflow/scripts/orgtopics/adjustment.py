"""Trends adjusted for covariates: is a change still there among documents alike in region, source or author?

A shift in *who* wrote in a year (more documents from one region) reads as a shift in emphasis when years are
compared raw. Following stm's ``estimateEffect``, the adjusted trend comes from a document-level model of the
rate (theme hits per 10,000 tokens, or a topic's share of the tokens) on year as a factor plus the covariates,
fitted by least squares weighted by each document's tokens: with no covariates this is exactly the raw
ratio-of-sums estimate of every year. The covariate columns are centred on their token-weighted corpus means,
so a year's coefficient is the rate that year *at the corpus's average mix* of regions (sources, ...): the
standardised ("marginal") estimate a reader compares across years.

Intervals resample what was sampled, as the raw ones do (:func:`orgtopics.trends.bootstrap_ratio`): documents
within each year that has two or more, the paragraphs of a year's single document otherwise; the model is refitted
on every replicate, so the years' estimates share one draw (a contrast between two years takes the covariates'
uncertainty into account once). As for the raw estimates, a year's replicates are spread by sqrt(n/(n − 1)) and
its interval is a t interval with n − 1 degrees of freedom (n: its documents). For topics, each replicate also
takes the topic shares of one fit drawn at random among the chosen model and its refits with other seeds (aligned
to it): the model's own uncertainty, as stm's method of composition draws it from the posterior.

Before fitting, :func:`covariate_design` checks that each covariate can be told apart from year: a covariate with
no variation within any year (the seeds: one place a year), or whose values split the years into groups with
nothing in common, is reported in plain words and left out, never fitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ._lazy import lazy_module
from .trends import GroupEstimate, group_interval

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


@dataclass(frozen=True)
class CovariateCheck:
    """What became of one covariate.

    Attributes
    ----------
    name : str
    kind : {"categorical", "numeric"}
        Numeric when every value reads as a number and there are more than two distinct values.
    n_values : int
        Distinct values.
    used : bool
        Adjusted for.
    why : str
        One sentence in plain words: how it enters the model, or why it cannot.
    """

    name: str
    kind: str
    n_values: int
    used: bool
    why: str


def _numeric(values: pd.Series) -> np.ndarray | None:
    """The values as floats when every one reads as a number and there are more than two distinct ones."""
    num = pd.to_numeric(values, errors="coerce")
    if num.isna().any() or num.nunique() <= 2:
        return None
    return num.to_numpy(float)


def _columns(values: pd.Series, weights: np.ndarray) -> tuple[str, np.ndarray]:
    """A covariate's model columns, centred on their token-weighted means: one per value but the most common
    (categorical), or the value itself (numeric)."""
    num = _numeric(values)
    w = weights / weights.sum()
    if num is not None:
        return "numeric", (num - w @ num)[:, None]
    s = values.astype(str)
    levels = s.value_counts().index.tolist()  # most documents first: the reference level
    ordered = sorted(levels[1:])
    cols = np.stack([(s == lv).to_numpy(float) for lv in ordered], axis=1) if ordered else np.empty((len(s), 0))
    return "categorical", cols - w @ cols


def _rank(m: np.ndarray) -> int:
    return int(np.linalg.matrix_rank(m)) if m.size else 0


def _year_groups(years: np.ndarray, values: pd.Series) -> list[tuple[list[int], list[str]]]:
    """The years joined by sharing a value of the covariate (connected components of years and values)."""
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for y, v in zip(years.tolist(), values.astype(str).tolist()):
        parent[find(("y", y))] = find(("v", v))
    groups: dict[object, tuple[list[int], list[str]]] = {}
    for node in list(parent):
        ys, vs = groups.setdefault(find(node), ([], []))
        (ys if node[0] == "y" else vs).append(node[1])  # type: ignore[index]
    return sorted(((sorted(ys), sorted(vs)) for ys, vs in groups.values()), key=lambda g: g[0][0])


def _span(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def covariate_design(
    documents: pd.DataFrame, names: Sequence[str], weights: np.ndarray
) -> tuple[np.ndarray, list[CovariateCheck]]:
    """The covariate columns of the document-level model, and what became of each covariate.

    Covariates are taken in order; one is used when its columns add their full rank to those of the year
    factor and of the covariates already used, and when at least two residual degrees of freedom remain.

    Parameters
    ----------
    documents : DataFrame
        One row per document: ``year`` and the covariate columns.
    names : sequence of str
        Covariates, in the order of ``covariates:``.
    weights : ndarray, shape (n_documents,)
        Tokens of each document (the model's weights).

    Returns
    -------
    Z : ndarray, shape (n_documents, n_columns)
        Centred columns of the covariates used.
    checks : list of CovariateCheck
    """
    years = documents["year"].to_numpy(int)
    year_dummies = (years[:, None] == np.unique(years)[None, :]).astype(float)
    used = np.empty((len(documents), 0))
    checks = []
    for name in names:
        values = documents[name]
        kind, cols = _columns(values, np.asarray(weights, float))
        n_values = int(values.astype(str).nunique())
        if n_values < 2:
            checks.append(
                CovariateCheck(
                    name, kind, n_values, False, f"{name} has one value in every document: nothing to adjust for."
                )
            )
            continue
        base = np.hstack([year_dummies, used])
        gain = _rank(np.hstack([base, cols])) - _rank(base)
        residual = len(documents) - base.shape[1] - cols.shape[1]
        if gain == cols.shape[1] and residual >= 2:
            how = "as a number (a linear effect)" if kind == "numeric" else f"as {n_values} categories"
            checks.append(CovariateCheck(name, kind, n_values, True, f"{name} is adjusted for, {how}."))
            used = np.hstack([used, cols])
            continue
        per_year = documents.groupby("year")[name].nunique()
        groups = _year_groups(years, values) if kind == "categorical" else []
        if (per_year <= 1).all():
            why = (
                f"{name} does not vary within any year (each year's documents share one {name}), so a change of "
                f"{name} cannot be told apart from a change over time: not adjusted for."
            )
        elif len(groups) > 1:
            shown = "; ".join(f"{_span(ys)}: {', '.join(vs[:3])}{' …' if len(vs) > 3 else ''}" for ys, vs in groups[:4])
            why = (
                f"{name} is confounded with time: its values split the years into {len(groups)} groups with no "
                f"{name} in common ({shown}{'; …' if len(groups) > 4 else ''}), so a change between these groups "
                f"cannot be told apart from a change of {name}: not adjusted for."
            )
        else:
            why = (
                f"{name} cannot be told apart from year and the covariates before it with these documents (too "
                f"few documents for its {n_values} values): not adjusted for."
            )
        checks.append(CovariateCheck(name, kind, n_values, False, why))
    return used, checks


def adjusted_estimates(
    num: np.ndarray | Sequence[np.ndarray],
    den: np.ndarray,
    doc_of: np.ndarray,
    doc_years: np.ndarray,
    Z: np.ndarray,
    *,
    n_boot: int = 1000,
    ci: float = 0.95,
    random_state: int = 0,
    scale: float = 1.0,
) -> dict[int, GroupEstimate]:
    """Every year's rate at the corpus's average covariates, from the document-level model, with intervals.

    Parameters
    ----------
    num : ndarray, shape (n_units, n_cols), or a sequence of them
        Numerators per unit (theme hits; tokens × topic share). A sequence: draws of the numerators (a topic
        model's fits); the estimate takes the first, each replicate one drawn at random (method of composition).
    den : ndarray, shape (n_units,)
        Tokens per unit.
    doc_of : ndarray of int, shape (n_units,)
        The document (row of ``doc_years`` and ``Z``) of each unit.
    doc_years : ndarray of int, shape (n_documents,)
    Z : ndarray, shape (n_documents, n_columns)
        Centred covariate columns (:func:`covariate_design`); no columns gives the raw ratio-of-sums rates.
    n_boot, ci, random_state, scale
        As :func:`orgtopics.trends.bootstrap_ratio`.

    Returns
    -------
    dict of int to GroupEstimate
        Per year. The replicates of all years come from the same draws (a contrast's spread is that of the
        differences, so the covariates' uncertainty counts once); a year's interval and degrees of freedom are
        those of :func:`orgtopics.trends.bootstrap_ratio` for the documents the year has.
    """
    draws = [np.asarray(num, float)] if isinstance(num, np.ndarray) else [np.asarray(n, float) for n in num]
    draws = [d[:, None] if d.ndim == 1 else d for d in draws]
    den = np.asarray(den, float)
    nonneg = all((d >= 0).all() for d in draws)  # rates and shares: an interval stops at zero
    n_docs = len(doc_years)
    years = np.unique(doc_years)
    X = np.hstack([(doc_years[:, None] == years[None, :]).astype(float), Z])
    doc_den = np.bincount(doc_of, weights=den, minlength=n_docs)
    doc_num = []
    for d in draws:  # each draw's numerators summed by document
        per_doc = np.zeros((n_docs, d.shape[1]))
        np.add.at(per_doc, doc_of, d)
        doc_num.append(per_doc)

    def solve(dd: np.ndarray, dn: np.ndarray) -> np.ndarray:
        a = X.T @ (dd[:, None] * X)
        return scale * np.linalg.lstsq(a, X.T @ dn, rcond=None)[0][: len(years)]  # (n_years, n_cols)

    est = solve(doc_den, doc_num[0])
    samples = np.empty((n_boot, len(years), est.shape[1]))
    rng = np.random.default_rng([int(random_state), 17])
    members = [np.flatnonzero(doc_years == y) for y in years]
    single = {int(m[0]): np.flatnonzero(doc_of == m[0]) for m in members if len(m) == 1}
    for b in range(n_boot):
        s = int(rng.integers(len(draws))) if len(draws) > 1 else 0
        mult = np.ones(n_docs)
        for m in members:
            if len(m) > 1:
                mult[m] = rng.multinomial(len(m), np.full(len(m), 1 / len(m)))
        dd, dn = doc_den * mult, doc_num[s] * mult[:, None]
        for doc, units in single.items():  # a year's single document: its paragraphs are drawn
            w = rng.multinomial(len(units), np.full(len(units), 1 / len(units))).astype(float)
            dd[doc], dn[doc] = w @ den[units], w @ draws[s][units]
        samples[b] = solve(dd, dn)
    out = {}
    for i, y in enumerate(years.tolist()):
        m = members[i]
        lo, hi, reps, df = group_interval(est[i], samples[:, i], len(m), ci=ci, floor=0.0 if nonneg else None)
        resampled = "documents" if len(m) > 1 else "paragraphs"
        out[int(y)] = GroupEstimate(est[i], lo, hi, reps, int(np.isin(doc_of, m).sum()), resampled, df)
    return out
