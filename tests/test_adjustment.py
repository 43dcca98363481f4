"""Trends adjusted for covariates (orgtopics.adjustment): the model, the confounding checks, the method of
composition, and the small-sample intervals they share with the raw trends (orgtopics.trends)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orgtopics.adjustment import adjusted_estimates, covariate_design
from orgtopics.calibration import ConfoundedSetting, simulate_confounded
from orgtopics.trends import bootstrap_ratio, contrast


def corpus(rng, *, n_docs=8, shares=(0.2, 0.8), effect=0.02, paragraphs=10):
    """Two years of documents from regions A and B; B writes more about the theme, and more of the last year's
    documents come from B. Within a region the rate does not change."""
    rows, hits, doc_of = [], [], []
    for y, share in zip((2000, 2010), shares):
        for _ in range(n_docs):
            region = "B" if rng.random() < share else "A"
            rate = (0.02 + effect * (region == "B")) * rng.gamma(4, 0.25)
            d = len(rows)
            rows.append({"year": y, "region": region, "source": f"s{y}"})
            hits += list(rng.binomial(60, min(rate, 1), size=paragraphs))
            doc_of += [d] * paragraphs
    docs = pd.DataFrame(rows)
    return docs, np.array(hits, float), np.full(len(hits), 60.0), np.array(doc_of)


def test_without_covariates_the_model_gives_the_raw_ratio_of_sums():
    docs, hits, tokens, doc_of = corpus(np.random.default_rng(0))
    years = docs["year"].to_numpy()
    est = adjusted_estimates(hits, tokens, doc_of, years, np.empty((len(docs), 0)), n_boot=50, scale=1e4)
    raw = bootstrap_ratio(hits, tokens, years[doc_of], n_boot=0, scale=1e4)
    for y in (2000, 2010):
        assert est[y].estimate[0] == pytest.approx(raw[y].estimate[0])
        assert est[y].resampled == "documents" and est[y].df == 7


@pytest.mark.parametrize(
    "region, used, words",
    [
        (["a", "b", "a", "b", "a", "b"], True, "adjusted for, as 2 categories"),
        (["x", "x", "y", "y", "z", "z"], False, "does not vary within any year"),
        (["a", "b", "a", "b", "c", "c"], False, "2 groups with no region in common (2000–2001: a, b; 2002: c)"),
        (["a"] * 6, False, "one value in every document"),
        (["1.5", "2", "7", "3", "4.5", "9"], True, "as a number"),
    ],
)  # fmt: skip
def test_a_covariate_that_cannot_be_told_apart_from_time_is_named_not_fitted(region, used, words):
    docs = pd.DataFrame({"year": [2000, 2000, 2001, 2001, 2002, 2002], "region": region})
    Z, (check,) = covariate_design(docs, ["region"], np.ones(6))
    assert check.used is used and words in check.why
    assert Z.shape[1] == (0 if not used else 1)


def test_adjusting_removes_a_trend_that_comes_from_who_wrote():
    """Region B writes more about the theme and writes most of the last year's documents: raw, the theme rises;
    held at the same mix of regions, it does not."""
    docs, hits, tokens, doc_of = corpus(np.random.default_rng(1), n_docs=30)
    years = docs["year"].to_numpy()
    Z, checks = covariate_design(docs, ["region", "source"], np.bincount(doc_of, weights=tokens))
    assert [c.used for c in checks] == [True, False]
    raw = adjusted_estimates(hits, tokens, doc_of, years, Z[:, :0], n_boot=300, scale=1e4)
    adj = adjusted_estimates(hits, tokens, doc_of, years, Z, n_boot=300, scale=1e4)
    d_raw, lo_raw, _ = contrast(raw[2000], raw[2010])
    d_adj, lo_adj, hi_adj = contrast(adj[2000], adj[2010])
    assert lo_raw[0] > 0  # a clear raw rise
    assert abs(d_adj[0]) < 0.3 * d_raw[0] and lo_adj[0] < 0 < hi_adj[0]


def test_draws_of_a_topic_model_widen_the_interval():
    """The method of composition: replicates that also draw among a model's fits carry its uncertainty."""
    docs, hits, tokens, doc_of = corpus(np.random.default_rng(2))
    years = docs["year"].to_numpy()
    Z = np.empty((len(docs), 0))
    late = years[doc_of] == 2010
    fits = [hits * np.where(late, f, 1.0) for f in (0.6, 0.8, 1.2, 1.4)]  # fits that disagree about 2010
    one = adjusted_estimates(hits, tokens, doc_of, years, Z, n_boot=300)
    many = adjusted_estimates([hits, *fits], tokens, doc_of, years, Z, n_boot=300)
    assert many[2010].estimate[0] == one[2010].estimate[0]  # the estimate is the first draw's
    assert (many[2010].ci_high - many[2010].ci_low)[0] > (one[2010].ci_high - one[2010].ci_low)[0]


def test_few_documents_get_a_wider_t_interval_and_never_a_negative_rate():
    """Two documents a year: the plain bootstrap sees three resamples; the interval is a t interval with one
    degree of freedom, wider than the percentile interval, and stops at zero."""
    hits = np.array([1, 0, 2, 30, 28, 31], float)
    tokens = np.full(6, 100.0)
    est = bootstrap_ratio(hits, tokens, [0] * 6, n_boot=500, clusters=["a"] * 3 + ["b"] * 3)[0]
    assert est.resampled == "documents" and est.df == 1
    plain = np.quantile(bootstrap_ratio(hits, tokens, [0] * 6, n_boot=500, clusters=None)[0].samples, [0.025, 0.975])
    assert est.ci_high[0] - est.ci_low[0] > plain[1] - plain[0]
    assert est.ci_low[0] == 0.0


def test_confounded_calibration_small():
    """A small version of the study in benchmarks/RESULTS.md: the raw change is biased by the shift of regions;
    the adjusted one is not, and its intervals cover the true (zero) change."""
    r = simulate_confounded(ConfoundedSetting(n_docs=20), replicates=40, n_boot=200, seed=5)
    assert r["raw_mean_diff"] > 0.004 and abs(r["adjusted_mean_diff"]) < 0.0015
    assert r["adjusted_coverage"] >= 0.85 and r["raw_excludes_zero"] > r["adjusted_excludes_zero"]
