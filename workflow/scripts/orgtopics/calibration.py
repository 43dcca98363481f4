"""Calibration of the intervals, by simulation: corpora with a known trend and document-level heterogeneity.

The workflow calls a change a rise or a fall when the interval of the difference between two years (or the
whole-series slope) excludes zero. Whether that is honest depends on the intervals covering the true change as
often as they claim. :func:`simulate` draws corpora whose true rates are known: each year has ``n_docs``
documents, each document its own rate (the year's rate times a gamma-distributed document effect with mean 1:
authors and places differ), and paragraphs of ``tokens_per_paragraph`` tokens drawn from the document's rate. It
then estimates the first-to-last change with the workflow's own functions (:func:`orgtopics.trends.bootstrap_ratio`
and :func:`orgtopics.trends.contrast`), once resampling documents (what the workflow does where a year has two or
more) and once resampling paragraphs only (what it did before), and reports how often the interval covers the
true change and how often a theme whose rate did not change is called a rise or a fall.

:func:`simulate_confounded` adds a covariate confounded with time: documents come from two regions, one of which
writes more about the theme and writes a growing share of a year's documents. Read raw, the theme seems to rise
though it did not change in either region; :func:`orgtopics.adjustment.adjusted_estimates` adjusts for region.

``benchmarks/bench_calibration.py`` runs it over at least 200 replicates per setting; the tests run a small
version. The true change is the change of the expected rate of a year's documents (the population the
documents are drawn from), which is what a reader of "theme X rose from 2007 to 2019" means.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .adjustment import adjusted_estimates, covariate_design
from .trends import GroupEstimate, bootstrap_ratio, contrast


@dataclass(frozen=True)
class Setting:
    """One simulated design.

    Attributes
    ----------
    n_docs : int
        Documents per year (two years: first and last).
    paragraphs : int
        Paragraphs per document.
    tokens_per_paragraph : int
    rate_first, rate_last : float
        True rates (hits per token) of the first and the last year; equal for a theme that did not change.
    heterogeneity : float
        Coefficient of variation of the document effect (0: every document of a year has the year's rate).
    """

    n_docs: int
    paragraphs: int = 20
    tokens_per_paragraph: int = 60
    rate_first: float = 0.02
    rate_last: float = 0.02
    heterogeneity: float = 0.5


def _document_effect(rng: np.random.Generator, heterogeneity: float, n: int) -> np.ndarray:
    """Each of ``n`` documents' multiplier of its rate: gamma with mean 1 and coefficient of variation
    ``heterogeneity`` (all ones, and no draw, without heterogeneity)."""
    if heterogeneity <= 0:
        return np.ones(n)
    shape = 1 / heterogeneity**2
    return rng.gamma(shape, 1 / shape, size=n)


def _judge(first: GroupEstimate, last: GroupEstimate, truth: float, ci: float) -> tuple[float, int, int]:
    """The first-to-last change of the first column, whether its interval holds ``truth``, and whether it is
    called a rise or a fall (the interval excludes zero)."""
    diff, lo, hi = contrast(first, last, ci=ci)
    return float(diff[0]), int(lo[0] <= truth <= hi[0]), int(lo[0] > 0 or hi[0] < 0)


def _year(rng: np.random.Generator, s: Setting, rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hits, tokens and document ids of the paragraphs of one simulated year."""
    p = np.clip(rate * _document_effect(rng, s.heterogeneity, s.n_docs), 0, 1)
    hits = rng.binomial(s.tokens_per_paragraph, np.repeat(p, s.paragraphs))
    tokens = np.full(s.n_docs * s.paragraphs, s.tokens_per_paragraph, dtype=float)
    docs = np.repeat(np.arange(s.n_docs), s.paragraphs)
    return hits.astype(float), tokens, docs


def simulate(
    s: Setting, *, replicates: int = 200, n_boot: int = 500, ci: float = 0.95, seed: int = 0
) -> dict[str, float]:
    """Coverage of the first-to-last interval, and the share of intervals that exclude zero, over ``replicates``
    simulated corpora, resampling documents (``documents_*``) and resampling paragraphs only (``paragraphs_*``).

    Returns
    -------
    dict
        ``documents_coverage``, ``documents_excludes_zero``, ``paragraphs_coverage``, ``paragraphs_excludes_zero``
        (shares of replicates), and the setting's fields. For a theme that did not change, ``*_excludes_zero``
        is the rate of false "rise/fall" verdicts (the nominal rate is ``1 - ci``).
    """
    rng = np.random.default_rng(seed)
    truth = s.rate_last - s.rate_first
    tallies = {"documents": [0, 0], "paragraphs": [0, 0]}
    for r in range(replicates):
        h0, t0, d0 = _year(rng, s, s.rate_first)
        h1, t1, d1 = _year(rng, s, s.rate_last)
        hits = np.concatenate([h0, h1])
        tokens = np.concatenate([t0, t1])
        years = np.repeat([0, 1], len(h0))
        docs = np.concatenate([d0.astype(str), (d1 + s.n_docs).astype(str)])
        for how, clusters in (("documents", docs), ("paragraphs", None)):
            est = bootstrap_ratio(hits, tokens, years, n_boot=n_boot, ci=ci, random_state=seed + r, clusters=clusters)
            _, covered, called = _judge(est[0], est[1], truth, ci)
            tallies[how][0] += covered
            tallies[how][1] += called
    out: dict[str, float] = {
        f"{how}_{what}": n / replicates
        for how, (cov, excl) in tallies.items()
        for what, n in (("coverage", cov), ("excludes_zero", excl))
    }
    out.update({k: float(v) for k, v in s.__dict__.items()})
    out["replicates"] = float(replicates)
    return out


@dataclass(frozen=True)
class ConfoundedSetting:
    """A design whose covariate (region) is confounded with time.

    Attributes
    ----------
    n_docs : int
        Documents per year (two years).
    share_first, share_last : float
        Chance that a document comes from region B, in the first and the last year.
    region_effect : float
        What region B adds to the rate (hits per token).
    rate_first, rate_last : float
        The rate of region A in the first and the last year (region B: plus ``region_effect``); the true
        adjusted change is ``rate_last - rate_first``.
    paragraphs, tokens_per_paragraph, heterogeneity
        As :class:`Setting`.
    """

    n_docs: int = 20
    share_first: float = 0.2
    share_last: float = 0.8
    region_effect: float = 0.01
    rate_first: float = 0.02
    rate_last: float = 0.02
    paragraphs: int = 20
    tokens_per_paragraph: int = 60
    heterogeneity: float = 0.5


def simulate_confounded(
    s: ConfoundedSetting, *, replicates: int = 200, n_boot: int = 500, ci: float = 0.95, seed: int = 0
) -> dict[str, float]:
    """Raw and region-adjusted first-to-last changes over ``replicates`` simulated corpora.

    Returns
    -------
    dict
        ``raw_*`` and ``adjusted_*``: ``coverage`` (the interval holds the true change within regions),
        ``excludes_zero`` (called a rise or fall) and ``mean_diff`` (the average estimated change, per token),
        ``adjusted_used`` (share of replicates where region could be adjusted for), and the setting's fields.
    """
    rng = np.random.default_rng(seed)
    truth = s.rate_last - s.rate_first
    tallies = {how: [0, 0, 0.0] for how in ("raw", "adjusted")}
    used = 0
    for r in range(replicates):
        region = np.concatenate([rng.random(s.n_docs) < s.share_first, rng.random(s.n_docs) < s.share_last])
        doc_years = np.repeat([0, 1], s.n_docs)
        base = np.where(doc_years == 0, s.rate_first, s.rate_last) + s.region_effect * region
        base = base * _document_effect(rng, s.heterogeneity, len(base))
        hits = rng.binomial(s.tokens_per_paragraph, np.repeat(np.clip(base, 0, 1), s.paragraphs)).astype(float)
        tokens = np.full(len(hits), float(s.tokens_per_paragraph))
        doc_of = np.repeat(np.arange(len(base)), s.paragraphs)
        raw = bootstrap_ratio(
            hits, tokens, doc_years[doc_of], n_boot=n_boot, ci=ci, random_state=seed + r, clusters=doc_of
        )
        docs = pd.DataFrame({"year": doc_years, "region": np.where(region, "B", "A")})
        Z, checks = covariate_design(docs, ["region"], np.bincount(doc_of, weights=tokens))
        used += int(checks[0].used)
        adj = adjusted_estimates(hits, tokens, doc_of, doc_years, Z, n_boot=n_boot, ci=ci, random_state=seed + r)
        for how, est in (("raw", raw), ("adjusted", adj)):
            diff, covered, called = _judge(est[0], est[1], truth, ci)
            tallies[how][0] += covered
            tallies[how][1] += called
            tallies[how][2] += diff
    out: dict[str, float] = {}
    for how, (cov, excl, total) in tallies.items():
        out.update(
            {
                f"{how}_coverage": cov / replicates,
                f"{how}_excludes_zero": excl / replicates,
                f"{how}_mean_diff": total / replicates,
            }
        )
    out["adjusted_used"] = used / replicates
    out.update({k: float(v) for k, v in s.__dict__.items()})
    out["replicates"] = float(replicates)
    return out
