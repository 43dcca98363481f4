"""The intervals' calibration, a small fast version of benchmarks/bench_calibration.py: corpora simulated with
known rates and document-level heterogeneity, estimated with the workflow's own bootstrap."""

from __future__ import annotations

from orgtopics.calibration import Setting, simulate


def test_resampling_documents_is_what_keeps_intervals_honest():
    """Ten documents a year whose rates differ (as authors and places do): resampling paragraphs alone calls a
    theme that did not change a rise or a fall in about a third of corpora; resampling documents, as the workflow
    does, comes near the nominal 5%, and its intervals cover the true change near 95% of the time."""
    r = simulate(Setting(n_docs=10), replicates=80, n_boot=300, seed=3)
    assert r["paragraphs_excludes_zero"] > 0.2
    assert r["documents_excludes_zero"] < 0.12 and r["documents_coverage"] > 0.88


def test_without_heterogeneity_both_resamplings_agree():
    """When every document of a year has the year's rate, paragraphs are independent draws and both resamplings
    are calibrated: the difference above comes from the documents, not from the method."""
    r = simulate(Setting(n_docs=10, heterogeneity=0.0, rate_last=0.02), replicates=80, n_boot=300, seed=4)
    assert r["paragraphs_coverage"] > 0.88 and r["documents_coverage"] > 0.88
