"""Estimators: per-year ratios with bootstrap intervals, contrasts between years, and term trajectories. What
they mean for the report (rise, fall, no clear change) is decided in :mod:`orgtopics.findings`.

Within each year, the bootstrap resamples what was sampled: the documents, where a year has two or more
(each drawn with all its paragraphs), so a year's interval reflects how much its estimate depends on which
documents were collected; the paragraphs, where a year has one document, so the interval is one for that
document's emphasis, not for the year's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


@dataclass
class GroupEstimate:
    """Estimates for one group (year).

    Attributes
    ----------
    estimate : ndarray, shape (n_cols,)
    ci_low, ci_high : ndarray, shape (n_cols,)
    samples : ndarray, shape (n_boot, n_cols)
        Bootstrap replicates (kept for contrasts between groups).
    n_units : int
    resampled : str
        What the bootstrap drew: ``documents`` (the group has two or more) or ``paragraphs``.
    df : float or None
        Degrees of freedom of a t interval (documents − 1 where documents were drawn); None for a percentile
        interval (paragraphs drawn).
    floor, ceiling : float or None
        The least and the largest value the estimate can take (0 and ``scale`` for a rate or a share whose units
        never count more hits than tokens), which its interval does not pass; None where there is no such bound.
    """

    estimate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    samples: np.ndarray
    n_units: int
    resampled: str = "paragraphs"
    df: float | None = None
    floor: float | None = None
    ceiling: float | None = None


def bootstrap_ratio(
    num: np.ndarray,
    den: np.ndarray,
    groups: Sequence[int] | np.ndarray,
    *,
    n_boot: int = 1000,
    ci: float = 0.95,
    random_state: int = 0,
    scale: float = 1.0,
    chunk: int = 100,
    clusters: Sequence[str] | np.ndarray | None = None,
) -> dict[int, GroupEstimate]:
    """Ratio-of-sums estimates per group with percentile bootstrap intervals.

    For group ``g`` the estimate of column ``j`` is ``scale * sum(num[g, j]) / sum(den[g])``.

    What is resampled follows what was sampled. Where a group holds units of two or more ``clusters``
    (documents), the documents are drawn with replacement within the group, each with all its paragraphs
    (the cluster bootstrap): a year's estimate depends on which documents were collected far more than on
    which paragraphs, and paragraphs of one document are not independent draws. Resampling the paragraphs
    within the drawn documents as well would count their variation twice (it is already in the documents'
    totals). Where a group has one document (or no ``clusters`` are given), its paragraphs are resampled: the
    interval then describes that document, not the year.

    Parameters
    ----------
    num : ndarray, shape (n_units, n_cols)
        Numerators per unit (e.g. theme hits, or tokens x topic share).
    den : ndarray, shape (n_units,)
        Denominators per unit (e.g. tokens).
    groups : sequence of int, length n_units
        Group (year) of each unit.
    n_boot : int
        Bootstrap replicates; 0 for the point estimates only (intervals NaN, no replicates).
    ci : float
        Coverage of the interval.
    random_state : int
        Seed. Each group draws from its own stream seeded by ``(random_state, group)``, so a
        group's interval does not depend on which other groups exist.
    scale : float
        Multiplier (10_000 for rates per 10k tokens).
    chunk : int
        Replicates drawn at once (bounds memory).
    clusters : sequence, length n_units, optional
        The document of each unit.

    Returns
    -------
    dict of int to GroupEstimate
    """
    num = np.asarray(num, dtype=float)
    if num.ndim == 1:
        num = num[:, None]
    den = np.asarray(den, dtype=float)
    group_of = np.asarray(groups)
    cluster_of = None if clusters is None else np.asarray(clusters).astype(str)
    nonneg = bool((num >= 0).all() and (den >= 0).all())  # a rate or share: an interval stops at zero
    floor = 0.0 if nonneg else None
    # no unit counts more than its denominator: no weighted ratio of sums exceeds 1, an estimate ``scale``
    ceiling = float(scale) if nonneg and bool((num <= den[:, None]).all()) else None
    out: dict[int, GroupEstimate] = {}
    for g in sorted(set(group_of.tolist())):
        idx = np.flatnonzero(group_of == g)
        n = len(idx)
        gnum, gden = num[idx], den[idx]
        tot = gden.sum()
        est = scale * gnum.sum(0) / tot if tot > 0 else np.zeros(num.shape[1])
        rng = np.random.default_rng([int(random_state), int(g)])
        resampled = "paragraphs"
        if cluster_of is not None:
            docs, member = np.unique(cluster_of[idx], return_inverse=True)
            if len(docs) >= 2:  # draw documents: sum each document's numerators and denominators
                resampled = "documents"
                cnum = np.zeros((len(docs), num.shape[1]))
                np.add.at(cnum, member, gnum)
                gnum, gden, n = cnum, np.bincount(member, weights=gden, minlength=len(docs)), len(docs)
        reps = []
        for start in range(0, n_boot, chunk):
            size = min(chunk, n_boot - start)
            w = rng.multinomial(n, np.full(n, 1.0 / n), size=size).astype(float)
            d = w @ gden
            with np.errstate(invalid="ignore", divide="ignore"):
                r = scale * (w @ gnum) / d[:, None]
            reps.append(np.nan_to_num(r))
        samples = np.vstack(reps) if reps else np.empty((0, num.shape[1]))
        n_docs = n if resampled == "documents" else 1
        lo, hi, samples, df = group_interval(est, samples, n_docs, ci=ci, floor=floor, ceiling=ceiling)
        out[int(g)] = GroupEstimate(est, lo, hi, samples, len(idx), resampled, df, floor, ceiling)
    return out


def group_interval(
    estimate: np.ndarray,
    samples: np.ndarray,
    n_documents: int,
    *,
    ci: float,
    floor: float | None = None,
    ceiling: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float | None]:
    """A group's interval from its bootstrap replicates.

    Where ``n_documents`` (the documents drawn) is two or more: the replicates widened by sqrt(n/(n − 1))
    (:func:`widen`) and the t interval with n − 1 degrees of freedom (:func:`small_sample_interval`, stopping at
    ``floor`` and ``ceiling``); otherwise (paragraphs drawn) the percentile interval, which the replicates keep
    within both; NaN without replicates.

    Returns
    -------
    ci_low, ci_high : ndarray, shape (n_cols,)
    samples : ndarray
        The replicates as contrasts should use them (widened where documents were drawn).
    df : float or None
        Degrees of freedom of the t interval; None for a percentile interval.
    """
    if not len(samples):
        return np.full(estimate.shape, np.nan), np.full(estimate.shape, np.nan), samples, None
    if n_documents >= 2:
        df = float(n_documents - 1)
        samples = widen(samples, n_documents, n_documents - 1)
        lo, hi = small_sample_interval(estimate, samples.std(axis=0, ddof=1), df, ci=ci, floor=floor, ceiling=ceiling)
        return lo, hi, samples, df
    alpha = (1 - ci) / 2
    lo, hi = np.quantile(samples, [alpha, 1 - alpha], axis=0)
    return lo, hi, samples, None


def widen(samples: np.ndarray, n: int, dof: int) -> np.ndarray:
    """Bootstrap replicates spread by sqrt(n / dof) about their mean: the plug-in variance of a resample of
    ``n`` clusters (documents) is short by dof / n (dof = n − 1 for a mean; n − parameters for a model)."""
    if dof <= 0:
        return samples
    mean = samples.mean(axis=0)
    return mean + (samples - mean) * np.sqrt(n / dof)


def t_quantile(p: float, df):
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom: ``scipy.stats.t.ppf(p, df)`` (the same
    numbers) from ``scipy.special``, which a job imports in a third of the time of ``scipy.stats``."""
    from scipy.special import stdtrit

    return stdtrit(df, p)


def small_sample_interval(
    estimate: np.ndarray,
    se: np.ndarray,
    df: float | np.ndarray,
    *,
    ci: float,
    floor: float | None = None,
    ceiling: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``estimate ± t(df) × se``: the interval of an estimate whose standard error comes from ``df + 1``
    documents (``df`` may differ by column, as Welch's does); with ``floor``, its lower end is not below it (a
    rate or a share is not negative) unless the estimate is (a model's estimate can be); with ``ceiling``, its
    upper end is not above it (a share is at most 1). The parameter lies within both, so cutting the interval
    there keeps its coverage: with two or three documents the t quantile (12.7 for one degree of freedom) can
    otherwise reach a share above 100%."""
    half = t_quantile(1 - (1 - ci) / 2, np.maximum(df, 1.0)) * np.asarray(se)
    low, high = estimate - half, estimate + half
    if floor is not None:
        low = np.maximum(low, np.minimum(floor, estimate))
    if ceiling is not None:
        high = np.minimum(high, np.maximum(ceiling, estimate))
    return low, high


def slope_per_decade(
    est: Mapping[int, GroupEstimate], *, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The linear trend of every column over all years, per decade, with an interval.

    The slope of an ordinary least-squares line through the yearly estimates (one point per year, years as
    numbers, so gaps count), times ten. Its interval is the t interval of that slope from the scatter of the
    years around the line (n_years − 2 degrees of freedom): it widens both with the noise of each year's
    estimate and with years that depart from a straight line, so one unusual year at an end cannot make a
    trend on its own, and three years give a wide interval.

    Returns
    -------
    (slope, ci_low, ci_high), each shape (n_cols,), or None with fewer than three years (two years are the
    first-vs-last difference already).
    """
    years = sorted(est)
    if len(years) < 3:
        return None
    x = np.asarray(years, dtype=float)
    dx = x - x.mean()
    sxx = float((dx**2).sum())
    y = np.stack([est[yr].estimate for yr in years])  # (n_years, n_cols)
    slope = dx @ (y - y.mean(axis=0)) / sxx
    resid = y - y.mean(axis=0) - np.outer(dx, slope)
    se = np.sqrt((resid**2).sum(axis=0) / (len(years) - 2) / sxx)
    half = float(t_quantile(1 - (1 - ci) / 2, len(years) - 2)) * se
    return 10 * slope, 10 * (slope - half), 10 * (slope + half)


def contrast(a: GroupEstimate, b: GroupEstimate, *, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference ``b - a`` with an interval from the groups' replicates.

    Where both groups drew paragraphs, the percentile interval of the differences of their (independent)
    replicates. Where either drew documents, the difference ± a t quantile times the standard deviation of the
    replicates' differences, with Welch–Satterthwaite degrees of freedom from the two groups' variances and
    degrees of freedom (a paragraph group counts as many). Replicates drawn together (one model fitted to every
    year, :func:`orgtopics.adjustment.adjusted_estimates`) keep their covariance in the differences. Where both
    groups are bounded (``floor``, ``ceiling``), the t interval stops where the difference can go (a share's
    change is between −1 and +1).

    Returns
    -------
    diff, ci_low, ci_high : ndarray, shape (n_cols,)
    """
    d = b.samples - a.samples
    diff = b.estimate - a.estimate
    if a.df is None and b.df is None:
        alpha = (1 - ci) / 2
        lo, hi = np.quantile(d, [alpha, 1 - alpha], axis=0)
        return diff, lo, hi
    se = d.std(axis=0, ddof=1)
    va, vb = a.samples.var(axis=0, ddof=1), b.samples.var(axis=0, ddof=1)
    dfa, dfb = (g.df if g.df is not None else max(g.n_units - 1, 1) for g in (a, b))
    with np.errstate(invalid="ignore", divide="ignore"):
        df = (va + vb) ** 2 / (va**2 / dfa + vb**2 / dfb)
    df = np.where(np.isfinite(df), df, min(dfa, dfb))
    least = most = None
    if a.floor is not None and a.ceiling is not None and b.floor is not None and b.ceiling is not None:
        least, most = b.floor - a.ceiling, b.ceiling - a.floor
    lo, hi = small_sample_interval(diff, se, df, ci=ci, floor=least, ceiling=most)
    return diff, lo, hi


def term_trajectories(
    texts: pd.DataFrame,
    terms: Sequence[str],
    *,
    n_boot: int = 0,
    ci: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """Occurrences of each term in the cleaned texts, per year, with bootstrap intervals of the rate.

    Counting is by (non-overlapping) string match in the cleaned text, so 全面从严治党 counts for
    从严治党 too, whatever the segmenter did.

    Parameters
    ----------
    texts : DataFrame
        Columns ``year`` and ``text`` and, optionally, ``doc_id`` (one row per document).
    terms : sequence of str
    n_boot, ci, random_state
        The bootstrap of :func:`bootstrap_ratio`, over the texts' paragraphs (lines) with their documents as
        clusters: documents are resampled within a year that has two or more, paragraphs otherwise. 0: no
        intervals (NaN).

    Returns
    -------
    DataFrame
        ``term, year, count, per_10k, n_documents, n_chars, ci_low, ci_high, resampled``: ``per_10k`` is per
        10,000 non-whitespace characters of the year's cleaned text.
    """
    # one pass over the text: every paragraph's term counts and characters give the years' counts, characters and
    # documents, and are what the bootstrap resamples (a term holds no line break, so no match spans two lines)
    doc_ids = texts["doc_id"] if "doc_id" in texts else texts.index  # one row, one document
    paras = [
        (int(y), str(d), line)
        for y, d, t in zip(texts["year"], doc_ids, texts["text"])
        for line in str(t).split("\n")
        if line.strip()
    ]
    num = np.array([[line.count(term) for term in terms] for _, _, line in paras], dtype=float).reshape(
        len(paras), len(terms)
    )
    den = np.array([sum(1 for c in line if not c.isspace()) for _, _, line in paras], dtype=float)
    para_years = [y for y, _, _ in paras]
    para_docs = [d for _, d, _ in paras]
    est: dict[int, GroupEstimate] = {}
    if n_boot and paras:
        est = bootstrap_ratio(
            num, den, para_years, n_boot=n_boot, ci=ci, random_state=random_state, scale=10_000, clusters=para_docs
        )
    per_doc = pd.DataFrame(num).assign(year=para_years, doc=para_docs, chars=den).groupby(["year", "doc"]).sum()
    per_year = per_doc.groupby(level="year").sum()
    docs_with = (per_doc[list(range(len(terms)))] > 0).groupby(level="year").sum()
    rows = []
    for year in sorted({int(y) for y in texts["year"]}):
        held = year in per_year.index
        n_chars = int(per_year.at[year, "chars"]) if held else 0
        e = est.get(year)
        for i, term in enumerate(terms):
            count = int(per_year.at[year, i]) if held else 0
            rows.append(
                {
                    "term": term,
                    "year": year,
                    "count": count,
                    "per_10k": 10_000 * count / n_chars if n_chars else 0.0,
                    "n_documents": int(docs_with.at[year, i]) if held else 0,
                    "n_chars": n_chars,
                    "ci_low": float(e.ci_low[i]) if e is not None else float("nan"),
                    "ci_high": float(e.ci_high[i]) if e is not None else float("nan"),
                    "resampled": e.resampled if e is not None else "",
                }
            )
    df = pd.DataFrame(rows)
    order = {t: i for i, t in enumerate(terms)}
    return df.sort_values(["term", "year"], key=lambda s: s.map(order) if s.name == "term" else s).reset_index(
        drop=True
    )


def periods_of(years: Sequence[int] | np.ndarray, *, cut: int) -> tuple[list[str], list[str]]:
    """Each unit's period for the words of topics over time, and the periods in order.

    Decades when the years span 20 years or more ("1950s"); otherwise before and from the cut year
    ("before 2012", "from 2012"), or one period when every year is on one side. A corpus with ``periods`` in its
    corpus.yaml has its years keyed by period start already, and gets decades or the cut in the same way.
    """
    ys = np.asarray(years, dtype=int)
    if not len(ys):
        return [], []
    if ys.max() - ys.min() >= 20:
        labels = [f"{y // 10 * 10}s" for y in ys]
        order = [f"{d}s" for d in sorted({int(y) // 10 * 10 for y in ys})]
        return labels, order
    labels = [f"before {cut}" if y < cut else f"from {cut}" for y in ys]
    return labels, [p for p in (f"before {cut}", f"from {cut}") if p in set(labels)]
