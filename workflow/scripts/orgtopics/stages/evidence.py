"""Stage evidence (``workflow/rules/evidence.smk``): what the chosen model's trends survive: other seeds, a second
engine, a seeded model, other Ks and stoplists, and a before/after contrast."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import adjustment, evidence, findings, themes, topics, trends
from .._lazy import lazy_module
from ..resources import read_themes
from ..tables import read_records, read_table, write_table
from .topics import chosen_model, fit_matrix, lda_settings, topic_labels_of

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def refit(c: topics.ModelCorpus, k: int, lda_cfg: Mapping[str, Any], *, seed: int) -> topics.TopicFit:
    """A model at ``k`` trained as the K sweep's fits are, on the counts they trained on (:func:`fit_matrix`),
    with ``seed``: its topics and the shares of every unit of ``c``."""
    model = topics.fit_lda(fit_matrix(c, lda_cfg), c.vocabulary, k, lda_settings(lda_cfg), random_state=seed)
    return topics.TopicFit.of(model, c, random_state=seed)


def fit_seed(model_corpus: str, k_selection: str, seed: int, out_npz: str, *, lda_cfg: Mapping[str, Any]) -> None:
    """Refit the chosen K with another seed (:func:`refit`); save its :class:`orgtopics.topics.TopicFit`, as the
    K sweep saves its fits."""
    fit = refit(topics.ModelCorpus.load(model_corpus), topics.chosen_k(k_selection), lda_cfg, seed=int(seed))
    Path(out_npz).parent.mkdir(parents=True, exist_ok=True)
    fit.save(out_npz)


def stability(
    model_corpus: str,
    k_selection: str,
    fits: Mapping[int, str],
    seed_files: Sequence[str],
    out_table: str,
    out_spread: str,
) -> None:
    """``topic_stability.csv`` and the aligned yearly shares of every seed."""
    c, fit = chosen_model(model_corpus, k_selection, fits)
    ref = evidence.yearly_shares(fit.theta, c.n_tokens, c.years)
    runs = []
    for f in seed_files:
        refit = topics.TopicFit.load(f)
        runs.append((refit.phi, evidence.yearly_shares(refit.theta, c.n_tokens, c.years)))
    stab, spread = evidence.stability_table(fit.phi, ref, runs)
    write_table(stab, out_table)
    write_table(spread, out_spread)


def model_agreement(
    model_corpus: str,
    k_selection: str,
    fits: Mapping[int, str],
    themes_file: str,
    out_csv: str,
    *,
    lda_cfg: Mapping[str, Any],
    cross_check: Mapping[str, Any] | None = None,
) -> None:
    """``model_agreement.csv``: the chosen model against a second engine of another inference family at the
    same K (:func:`orgtopics.evidence.cross_check_engine`): gensim (variational Bayes, the reference engine, with
    the config's iterations) when tomotopy (Gibbs sampling) fitted the chosen model; scikit-learn's batch
    variational LDA when gensim did. Its ``reference`` column names the engine.

    The second engine trains on the counts the chosen model trained on (:func:`fit_matrix`: the held-out units
    with their observed half only), so the two models saw the same words. With ``cross_check.max_units`` set and
    smaller than the corpus, it fits a random sample of that many units (seeded by ``lda.random_state``) and both
    models' yearly shares are compared on that sample (shares of every unit's full counts, as in
    ``unit_topics.csv``); it makes :func:`orgtopics.evidence.cross_check_passes` passes. Topic labels come from
    :func:`orgtopics.stages.topics.topic_labels_of`, as in ``topic_labels.csv``, so the job need not wait for the
    topic tables.
    """
    c, fit = chosen_model(model_corpus, k_selection, fits)
    cc = dict(cross_check or {})
    seed = lda_cfg["random_state"]
    rows = evidence.cross_check_rows(len(c), cc.get("max_units"), random_state=seed)
    sample, training = c.matrix[rows], fit_matrix(c, lda_cfg)[rows]
    reference = evidence.cross_check_engine(fit.engine)
    passes = evidence.cross_check_passes(reference, cc, lda_cfg)
    log.info("%s at K = %d on %d units, %d passes", reference, fit.k, len(rows), passes)
    if reference == "gensim":
        settings = dataclasses.replace(lda_settings(lda_cfg), engine="gensim", passes=passes)
        model = topics.fit_lda(training, c.vocabulary, fit.k, settings)
        phi, theta = topics.topic_word(model), topics.document_topics(model, sample, random_state=seed)
    else:
        phi, theta = evidence.sklearn_lda(
            training,
            fit.k,
            random_state=seed,
            max_iter=passes,
            learning_method=cc.get("learning_method", "batch"),
            batch_size=cc.get("batch_size", 512),
            shares_of=sample,
        )
    terms = c.vocabulary.terms
    lab = topic_labels_of(fit.phi, terms, read_themes(themes_file), lda_cfg)
    n_tok, years = c.n_tokens[rows], c.years[rows]
    table = evidence.agreement_table(
        fit.phi,
        evidence.yearly_shares(fit.theta[rows], n_tok, years),
        phi,
        evidence.yearly_shares(theta, n_tok, years),
        terms,
        dict(zip(lab["topic"], lab["label"])),
    )
    table.insert(0, "reference", reference)
    write_table(table.assign(n_units=len(rows)), out_csv)


def seeded_lda(
    model_corpus: str,
    units: str,
    themes_file: str,
    theme_share: str,
    topic_share: str,
    topic_labels: str,
    out_seeded: str,
    out_compare: str,
    *,
    lda_cfg: Mapping[str, Any],
    seeded_cfg: Mapping[str, Any],
    boot: Mapping[str, Any],
) -> None:
    """Seeded LDA (themes as an ``eta`` prior) and its comparison with the dictionary and the topics.

    ``units``: the units table of the model corpus (in the same order), for the document of each unit.
    """
    c = topics.ModelCorpus.load(model_corpus)
    docs = pd.read_parquet(units, columns=["doc_id"])["doc_id"].to_numpy()
    ths = read_themes(themes_file)
    settings = lda_settings(lda_cfg)
    eta = evidence.seeded_eta(
        c.vocabulary,
        ths,
        n_free=seeded_cfg["n_free_topics"],
        base=seeded_cfg["base_eta"],
        seed_weight=seeded_cfg["seed_eta"],
    )
    model = topics.fit_lda(c.matrix, c.vocabulary, eta.shape[0], settings, eta=eta)
    theta = topics.document_topics(model, c.matrix, random_state=settings.random_state)
    n_tok = c.n_tokens
    est = trends.bootstrap_ratio(
        theta[:, : len(ths)] * n_tok[:, None],
        n_tok,
        c.years,
        n_boot=boot["n_boot"],
        ci=boot["ci"],
        random_state=boot["random_state"],
        clusters=docs,
    )
    rows = [
        {
            "theme": th.id,
            "year": y,
            "share": est[y].estimate[j],
            "ci_low": est[y].ci_low[j],
            "ci_high": est[y].ci_high[j],
        }
        for j, th in enumerate(ths)
        for y in sorted(est)
    ]
    seeded = pd.DataFrame(rows)
    write_table(seeded, out_seeded)
    dic = read_table(theme_share)[["theme", "year", "share"]].assign(method="dictionary")
    lda = evidence.theme_mass_by_label(read_table(topic_share), read_table(topic_labels), ths).assign(
        method="lda_by_label"
    )
    cmp_ = pd.concat([dic, seeded[["theme", "year", "share"]].assign(method="seeded_lda"), lda], ignore_index=True)
    write_table(cmp_[["method", "theme", "year", "share"]], out_compare)


def sensitivity_models(
    model_corpus: str,
    model_corpus_no_boilerplate: str,
    k_selection: str,
    fits: Mapping[int, str],
    themes_file: str,
    out_csv: str,
    *,
    lda_cfg: Mapping[str, Any],
    k_delta: int,
) -> None:
    """Theme shares per year of every topic model of the sensitivity analysis, in one job.

    The models at K−``k_delta`` … K+``k_delta`` (K−d < 2 left out): the sweep's fit where the sweep has that K,
    else a refit (:func:`refit`, the sweep's seed); then a refit at K on ``model_corpus_no_boilerplate`` (the
    units segmented with the boilerplate stoplist off).
    Topics are summed by the theme they are labelled with, so that models with different K can be compared.
    One job rather than one per model: most of these models are the sweep's, and a job of their own would
    only pay a process's start-up (benchmarks/RESULTS.md).
    """
    ths = read_themes(themes_file)
    seed = lda_settings(lda_cfg).random_state  # the sweep's seed
    k = topics.chosen_k(k_selection)
    c = topics.ModelCorpus.load(model_corpus)

    def theme_shares(fit: topics.TopicFit, corpus: topics.ModelCorpus, variant: str) -> pd.DataFrame:
        share = evidence.yearly_shares(fit.theta, corpus.n_tokens, corpus.years).stack().rename("share")
        share = share.reset_index()
        share.columns = ["year", "topic", "share"]
        labels = topic_labels_of(fit.phi, corpus.vocabulary.terms, ths, lda_cfg)
        return evidence.theme_mass_by_label(share, labels, ths).assign(variant=variant)

    frames = []
    for kk in range(max(k - k_delta, 2), k + k_delta + 1):
        log.info("sensitivity: K = %d (%s)", kk, "the sweep's fit" if kk in fits else "refit")
        fit = topics.TopicFit.load(fits[kk]) if kk in fits else refit(c, kk, lda_cfg, seed=seed)
        frames.append(theme_shares(fit, c, f"lda_k{kk}"))
    log.info("sensitivity: K = %d without the boilerplate stoplist (refit)", k)
    nb = topics.ModelCorpus.load(model_corpus_no_boilerplate)
    frames.append(theme_shares(refit(nb, k, lda_cfg, seed=seed), nb, f"lda_k{k}_no_boilerplate"))
    out = pd.concat(frames, ignore_index=True)
    write_table(out[["variant", "theme", "year", "share"]], out_csv)


def sensitivity(
    models: str,
    units: str,
    units_noboiler: str,
    units_nophrases: str,
    themes_file: str,
    theme_change: str,
    out_csv: str,
    out_robust: str,
) -> None:
    """Theme trends under K−delta…K+delta, with the boilerplate stoplist off and with the harvested quoted
    phrases not added as words (another segmentation), and whether they bear out the headline.

    ``models``: the table of :func:`sensitivity_models` (K variants in order of K, then the no-boilerplate
    refit), each theme's topic share (``measure`` ``topic_share``). The dictionary is added without the
    boilerplate stoplist and without the quoted phrases, as the headline measures it (``per_10k``: seed-term hits
    per 10,000 model tokens);
    the headline itself is the dictionary with the stoplist (``theme_change``), so it is not counted as a
    variant that agrees with itself. :func:`orgtopics.evidence.robustness` judges each theme against the
    direction of the headline's estimate.
    """
    ths = read_themes(themes_file)
    frames = [read_table(models).assign(measure="topic_share").rename(columns={"share": "value"})]
    dictionaries = (
        ("dictionary", units),
        ("dictionary_no_boilerplate", units_noboiler),
        ("dictionary_no_phrases", units_nophrases),
    )
    for name, path in dictionaries:
        rate = themes.theme_share_by_year(read_records(path), ths, n_boot=0)  # the rates alone: no intervals
        frames.append(
            rate[["theme", "year", "per_10k"]]
            .rename(columns={"per_10k": "value"})
            .assign(variant=name, measure="per_10k")
        )
    out = pd.concat(frames, ignore_index=True)[["variant", "measure", "theme", "year", "value"]]
    write_table(out, out_csv)
    change = read_table(theme_change)
    headline = dict(zip(change["theme"], change["diff"]))
    judged = out[out.groupby(["variant", "theme"])["value"].transform("sum") > 0]
    write_table(evidence.robustness(judged, headline, key="theme", reference="dictionary"), out_robust)


def period_contrast(
    units: str,
    themes_file: str,
    unit_topics: str,
    topic_labels: str,
    out_csv: str,
    *,
    cut: int,
    boot: Mapping[str, Any],
) -> None:
    """Mean theme rate and topic share before and after ``cut``; empty when a side has no data."""
    u = read_records(units)
    ths = read_themes(themes_file)
    n_tok = u["n_tokens"].to_numpy(float)
    years = u["year"].to_numpy()
    kw = dict(cut=cut, n_boot=boot["n_boot"], ci=boot["ci"], random_state=boot["random_state"])
    a = evidence.period_contrast(
        themes.theme_hits(list(u["tokens"]), ths),
        n_tok,
        years,
        [t.id for t in ths],
        scale=10_000,
        key="name",
        clusters=u["doc_id"].to_numpy(),
        **kw,
    ).assign(measure="theme_per_10k")
    ut = read_table(unit_topics)
    cols = [c for c in ut.columns if c.startswith("topic_")]
    labels = read_table(topic_labels)
    b = evidence.period_contrast(
        ut[cols].to_numpy() * ut["n_tokens"].to_numpy(float)[:, None],
        ut["n_tokens"].to_numpy(float),
        ut["year"].to_numpy(),
        list(labels["label"]),
        key="name",
        clusters=ut["doc_id"].to_numpy(),
        **kw,
    ).assign(measure="topic_share")
    out = pd.concat([a, b], ignore_index=True)
    write_table(out[["measure", *[c for c in out.columns if c != "measure"]]], out_csv)


def adjusted_trends(
    units: str,
    documents: str,
    themes_file: str,
    k_selection: str,
    fits: Mapping[int, str],
    seed_files: Sequence[str],
    topic_labels: str,
    out: Mapping[str, str],
    *,
    covariates: Sequence[str],
    boot: Mapping[str, Any],
) -> None:
    """Theme and topic trends adjusted for the corpus's ``covariates`` (:mod:`orgtopics.adjustment`).

    Writes ``out["covariates"]`` (``covariate, kind, n_values, used, why``: what became of each), and, adjusted
    for the covariates that could be used, ``out["theme_change"]`` and ``out["topic_change"]`` (the columns of
    ``theme_change.csv`` and ``topic_change.csv``, then ``adjusted_for`` and ``raw_diff, raw_ci_low, raw_ci_high,
    raw_direction``: the same model without the covariates, so that the two differ by the covariates alone) and
    ``out["by_year"]`` (``measure, name, label, year, raw, raw_ci_low, raw_ci_high, adjusted, ci_low, ci_high,
    adjusted_for``: both trends side by side). With no covariate named or none usable, these three have their
    columns and no rows. Topic intervals, raw and adjusted, also carry the model's uncertainty: every replicate
    takes the shares of the chosen fit or of one of its refits with other seeds (``seed_files``, aligned to it).
    """
    checks_cols = ["covariate", "kind", "n_values", "used", "why"]
    change_cols = [
        "first_year", "last_year", "first", "last", "diff", "ci_low", "ci_high", "direction",
        "slope_per_decade", "slope_ci_low", "slope_ci_high", "trend", "adjusted_for",
        "raw_diff", "raw_ci_low", "raw_ci_high", "raw_direction",
    ]  # fmt: skip
    by_year_cols = ["measure", "name", "label", "year", "raw", "raw_ci_low", "raw_ci_high", "adjusted"]
    by_year_cols += ["ci_low", "ci_high", "adjusted_for"]

    def write_empty(checks: pd.DataFrame) -> None:
        write_table(checks, out["covariates"])
        write_table(pd.DataFrame(columns=["theme", *change_cols]), out["theme_change"])
        write_table(pd.DataFrame(columns=["topic", *change_cols]), out["topic_change"])
        write_table(pd.DataFrame(columns=by_year_cols), out["by_year"])

    if not covariates:
        write_empty(pd.DataFrame(columns=checks_cols))
        return
    u = read_records(units)
    docs = read_table(documents).drop_duplicates("doc_id").set_index("doc_id")
    doc_ids = list(dict.fromkeys(u["doc_id"]))  # documents in the units' order
    doc_of = pd.Index(doc_ids).get_indexer(u["doc_id"])
    d = docs.loc[doc_ids].reset_index()
    d["year"] = u.groupby("doc_id", sort=False)["year"].first().loc[doc_ids].to_numpy()  # periods: their start year
    n_tok = u["n_tokens"].to_numpy(float)
    Z, checks = adjustment.covariate_design(d, list(covariates), np.bincount(doc_of, weights=n_tok))
    table = pd.DataFrame([dataclasses.astuple(c) for c in checks], columns=checks_cols)
    for check in checks:
        log.info("covariate %s: %s", check.name, check.why)
    if not Z.shape[1]:
        write_empty(table)
        return
    adjusted_for = ", ".join(check.name for check in checks if check.used)
    years = d["year"].to_numpy(int)
    kw = dict(n_boot=boot["n_boot"], ci=boot["ci"], random_state=boot["random_state"])
    ths = read_themes(themes_file)
    fit = topics.TopicFit.load(fits[topics.chosen_k(k_selection)])  # the shares alone: the model corpus is not needed
    draws = [fit.theta * n_tok[:, None]]
    for f in seed_files:
        refit = topics.TopicFit.load(f)
        perm, _ = evidence.align_topics(fit.phi, refit.phi)
        draws.append(refit.theta[:, perm] * n_tok[:, None])
    labels = read_table(topic_labels)
    lab = dict(zip(labels["topic"], labels["label"]))
    measures = (
        ("theme", themes.theme_hits(list(u["tokens"]), ths), [t.id for t in ths], [t.en for t in ths], 10_000),
        ("topic", draws, list(range(fit.k)), [lab[j] for j in range(fit.k)], 1.0),
    )
    frames = []
    for measure, num, names, shown, scale in measures:
        raw = adjustment.adjusted_estimates(num, n_tok, doc_of, years, Z[:, :0], scale=scale, **kw)
        adj = adjustment.adjusted_estimates(num, n_tok, doc_of, years, Z, scale=scale, **kw)
        change = findings.change_table(adj, names, key=measure, ci=boot["ci"]).assign(adjusted_for=adjusted_for)
        unadjusted = findings.change_table(raw, names, key=measure, ci=boot["ci"]).set_index(measure)
        for col in ("diff", "ci_low", "ci_high", "direction"):
            change[f"raw_{col}"] = change[measure].map(unadjusted[col])
        write_table(change[[measure, *change_cols]], out[f"{measure}_change"])
        frames += [
            {
                "measure": measure,
                "name": name,
                "label": shown[j],
                "year": y,
                "raw": raw[y].estimate[j],
                "raw_ci_low": raw[y].ci_low[j],
                "raw_ci_high": raw[y].ci_high[j],
                "adjusted": adj[y].estimate[j],
                "ci_low": adj[y].ci_low[j],
                "ci_high": adj[y].ci_high[j],
                "adjusted_for": adjusted_for,
            }
            for j, name in enumerate(names)
            for y in sorted(adj)
        ]
    write_table(table, out["covariates"])
    write_table(pd.DataFrame(frames, columns=by_year_cols), out["by_year"])
