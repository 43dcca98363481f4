"""Stage topics (``workflow/rules/topics.smk``): the model corpus, one LDA fit per K, K selection and the
tables of the chosen model."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import findings, topics, trends
from .._lazy import lazy_module
from ..resources import Theme, read_themes
from ..tables import read_json, read_records, write_json, write_table

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def lda_settings(cfg: Mapping[str, Any]) -> topics.LdaSettings:
    keys = topics.LdaSettings.__dataclass_fields__
    return topics.LdaSettings(**{k: v for k, v in cfg.items() if k in keys})


def model_corpus(units: str, out_npz: str, *, lda_cfg: Mapping[str, Any]) -> None:
    """The model corpus of ``units`` (vocabulary, count matrix, id sequences), shared by every model job."""
    u = pd.read_parquet(units, columns=["year", "tokens", "n_tokens"])
    corpus_ = topics.ModelCorpus.from_tokens(
        [list(t) for t in u["tokens"]],
        no_below=lda_cfg["no_below"],
        no_above=lda_cfg["no_above"],
        n_tokens=u["n_tokens"].to_numpy(float),
        years=u["year"].to_numpy(),
    )
    corpus_.save(out_npz)
    log.info("%d units, %d terms, %d tokens in the vocabulary", len(corpus_), len(corpus_.vocabulary), len(corpus_.ids))


def fit_lda(model_corpus: str, k: int, out_fit: str, out_metrics: str, *, lda_cfg: Mapping[str, Any]) -> None:
    """Fit LDA at ``k``; save its topics and unit shares (:class:`orgtopics.topics.TopicFit`: everything later
    stages read of a model) and its K-selection metrics."""
    c = topics.ModelCorpus.load(model_corpus)
    settings = lda_settings(lda_cfg)
    model, metrics = topics.evaluate_k(
        c, int(k), settings, heldout_fraction=lda_cfg["heldout_fraction"], coherence_topn=lda_cfg["coherence_topn"]
    )
    Path(out_fit).parent.mkdir(parents=True, exist_ok=True)
    topics.TopicFit.of(model, c, random_state=settings.random_state).save(out_fit)
    write_json(metrics, out_metrics)


def fit_matrix(c: topics.ModelCorpus, lda_cfg: Mapping[str, Any]):
    """What a fit of this run trains on (:func:`orgtopics.topics.training_matrix` with the run's held-out share and
    seed): the matrix of the K sweep, for the refits that are compared with it."""
    return topics.training_matrix(
        c, heldout_fraction=lda_cfg["heldout_fraction"], random_state=lda_cfg["random_state"]
    )[0]


def chosen_model(
    model_corpus: str, k_selection: str, fits: Mapping[int, str]
) -> tuple[topics.ModelCorpus, topics.TopicFit]:
    """The model corpus and the fit of the K chosen in ``k_selection`` (``fits``: the fit file of every K of the
    sweep): what every job that reads the chosen model loads."""
    return topics.ModelCorpus.load(model_corpus), topics.TopicFit.load(fits[topics.chosen_k(k_selection)])


def topic_labels_of(
    phi: np.ndarray, terms: Sequence[str], ths: Sequence[Theme], lda_cfg: Mapping[str, Any]
) -> pd.DataFrame:
    """Theme labels of a model's topics with the config's thresholds: one rule for ``topic_labels.csv``,
    the cross-check and every sensitivity variant."""
    return topics.label_topics(
        phi, terms, ths, min_mass=lda_cfg["label_min_mass"], min_ratio=lda_cfg["label_min_ratio"]
    )


def select_k(metric_files: Sequence[str], out_csv: str, *, by: Sequence[str], fixed_k: int | None) -> None:
    df = pd.DataFrame([read_json(p) for p in metric_files]).sort_values("k").reset_index(drop=True)
    chosen = int(fixed_k) if fixed_k else topics.select_k(df, by=by)
    df["chosen"] = (df["k"] == chosen).astype(int)
    cols = ["k", "c_v", "c_npmi", "u_mass", "perplexity_heldout", "exclusivity", "n_train", "n_heldout", "chosen"]
    write_table(df[cols], out_csv)


def topic_tables(
    units: str,
    model_corpus: str,
    k_selection: str,
    fits: Mapping[int, str],
    themes_file: str,
    *,
    lda_cfg: Mapping[str, Any],
    boot: Mapping[str, Any],
    out: Mapping[str, str],
    cut_year: int = 2012,
) -> None:
    """Tables of the chosen model: terms, labels, unit shares, yearly shares, change, passages, and each topic's
    terms by period (decades, or before and from ``cut_year``: :func:`orgtopics.trends.periods_of`).

    ``fits``: the :class:`topics.TopicFit` file of every K of the sweep.
    """
    u = read_records(units)
    c, fit = chosen_model(model_corpus, k_selection, fits)
    k, theta, phi = fit.k, fit.theta, fit.phi
    terms = c.vocabulary.terms
    freq = c.term_counts()
    ths = read_themes(themes_file)
    write_table(
        topics.topic_terms_table(phi, terms, freq, top_n=lda_cfg["top_terms"], lam=lda_cfg["relevance_lambda"]),
        out["topic_terms"],
    )
    labels = topic_labels_of(phi, terms, ths, lda_cfg)
    write_table(labels, out["topic_labels"])
    lab = dict(zip(labels["topic"], labels["label"]))

    shares = pd.DataFrame(theta, columns=[f"topic_{j}" for j in range(k)])
    shares.insert(0, "unit_id", u["unit_id"])
    shares.insert(1, "doc_id", u["doc_id"])
    shares.insert(2, "year", u["year"])
    shares.insert(3, "n_tokens", u["n_tokens"])
    write_table(shares, out["unit_topics"])

    n_tok = u["n_tokens"].to_numpy(float)
    est = trends.bootstrap_ratio(
        theta * n_tok[:, None],
        n_tok,
        u["year"].to_numpy(),
        n_boot=boot["n_boot"],
        ci=boot["ci"],
        random_state=boot["random_state"],
        clusters=u["doc_id"].to_numpy(),
    )
    rows = []
    for y in sorted(est):
        for j in range(k):
            rows.append(
                {
                    "year": y,
                    "topic": j,
                    "label": lab[j],
                    "share": est[y].estimate[j],
                    "ci_low": est[y].ci_low[j],
                    "ci_high": est[y].ci_high[j],
                    "n_units": est[y].n_units,
                    "resampled": est[y].resampled,
                }
            )
    write_table(pd.DataFrame(rows), out["topic_share_by_year"])
    write_table(findings.change_table(est, list(range(k)), key="topic", ci=boot["ci"]), out["topic_change"])
    write_table(
        topics.representative_units(theta, u, per_topic=lda_cfg["passages_per_topic"], by_year=True),
        out["topic_passages"],
    )
    write_table(topics.neighbour_terms(fits, terms, k), out["k_neighbours"])
    periods, order = trends.periods_of(u["year"].to_numpy(), cut=cut_year)
    by_period = topics.topic_terms_by_period(c.matrix, theta, phi, terms, periods, order)
    by_period.insert(1, "label", by_period["topic"].map(lab))
    write_table(by_period, out["topic_terms_by_period"])
