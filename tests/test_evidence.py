"""Alignment, stability, a second engine, seeded priors, period contrasts, robustness and slogans."""

import numpy as np
import pandas as pd
import pytest
from test_topics import CADRE, SETTINGS, TALENT, toy_units

from orgtopics import evidence, topics
from orgtopics.resources import Theme
from orgtopics.slogans import find_slogans, slogan_tables


def test_align_topics_recovers_permutation():
    rng = np.random.default_rng(0)
    phi = rng.dirichlet(np.ones(30) * 0.1, size=4)
    perm, dist = evidence.align_topics(phi, phi[[2, 0, 3, 1]])
    assert perm.tolist() == [1, 3, 0, 2]
    assert np.allclose(dist, 0)


def test_stability_of_identical_runs_is_perfect():
    rng = np.random.default_rng(1)
    phi = rng.dirichlet(np.ones(20) * 0.2, size=3)
    ys = pd.DataFrame(rng.dirichlet(np.ones(3), size=4), index=[2000, 2001, 2002, 2003])
    stab, spread = evidence.stability_table(phi, ys, [(phi[[1, 2, 0]], ys[[1, 2, 0]].set_axis([0, 1, 2], axis=1))] * 3)
    assert np.allclose(stab["stability"], 1) and (stab["trend_sign_agreement"] == 1).all()
    assert set(spread["run"]) == {0, 1, 2, 3}
    # one year: no first-to-last-year direction to keep
    one, _ = evidence.stability_table(phi, ys.loc[[2000]], [(phi, ys.loc[[2000]])] * 2)
    assert np.allclose(one["stability"], 1) and one["trend_sign_agreement"].isna().all()


def test_sklearn_agrees_with_gensim_on_clear_topics():
    u = toy_units(60)
    c = topics.ModelCorpus.from_tokens(list(u["tokens"]), no_below=1, no_above=1.0)
    d, bow = c.vocabulary, c.matrix
    m = topics.fit_lda(bow, d, 2, SETTINGS)
    theta = topics.document_topics(m, bow)
    phi_s, theta_s = evidence.sklearn_lda(bow, 2, random_state=0)
    n = u["tokens"].map(len).to_numpy(float)
    y = u["year"].to_numpy()
    t = evidence.agreement_table(
        topics.topic_word(m),
        evidence.yearly_shares(theta, n, y),
        phi_s,
        evidence.yearly_shares(theta_s, n, y),
        [d[i] for i in range(len(d))],
        {0: "a", 1: "b"},
    )
    assert (t["similarity"] > 0.8).all() and (t["top_terms_overlap"] >= 0.5).all()
    assert np.allclose(theta_s.sum(axis=1), 1)


def test_seeded_eta_and_fit_follow_the_seeds():
    u = toy_units(60)
    c = topics.ModelCorpus.from_tokens(list(u["tokens"]), no_below=1, no_above=1.0)
    d = c.vocabulary
    themes = [
        Theme("cadres", "干部工作", "C", "#000000", tuple(CADRE)),
        Theme("talent", "人才工作", "T", "#111111", tuple(TALENT)),
    ]
    eta = evidence.seeded_eta(d, themes, n_free=1, base=0.01, seed_weight=1.0)
    assert eta.shape == (3, len(d))
    assert eta[0, d.token2id["干部"]] == 1.0 and eta[1, d.token2id["干部"]] == 0.01
    m = topics.fit_lda(c.matrix, d, 3, SETTINGS, eta=eta)
    phi = topics.topic_word(m)
    assert phi[0, [d.token2id[w] for w in CADRE]].sum() > 0.8
    assert phi[1, [d.token2id[w] for w in TALENT]].sum() > 0.8


def test_period_contrast():
    num = np.array([[1.0], [1.0], [3.0], [3.0]])
    den = np.ones(4) * 10
    out = evidence.period_contrast(
        num, den, np.array([2007, 2008, 2016, 2017]), ["x"], cut=2012, n_boot=100, ci=0.95, random_state=0, key="name"
    )
    r = out.iloc[0]
    assert r["before"] == pytest.approx(0.1) and r["after"] == pytest.approx(0.3) and r["direction"] == "rise"
    assert r["years_before"] == "2007,2008"
    empty = evidence.period_contrast(
        num, den, np.array([2016, 2016, 2017, 2017]), ["x"], cut=2012, n_boot=100, ci=0.95, random_state=0
    )
    assert empty.empty


def test_robustness_verdicts():
    """Judged against the headline's direction, with a variant whose numbers equal another's counted once: x
    rises in both variants as in the headline; y falls in one; z falls in every variant while the headline
    rises (the case where "every variant agrees" used to read as robust)."""
    v = pd.DataFrame(
        {
            "variant": ["a", "a", "b", "b"] * 2 + ["a", "a", "c", "c"],
            "theme": ["x"] * 4 + ["y"] * 4 + ["z"] * 4,
            "year": [1, 2] * 6,
            "value": [0.1, 0.2, 0.3, 0.5, 0.2, 0.1, 0.1, 0.3, 5.0, 4.0, 5.0, 4.0],
        }
    )
    r = evidence.robustness(v, {"x": 1.0, "y": 2.0, "z": 0.5}).set_index("theme")
    assert r.loc["x", "verdict"] == "robust" and (r.loc["x", "n_agree"], r.loc["x", "n_variants"]) == (2, 2)
    assert r.loc["y", "verdict"] == "fragile" and (r.loc["y", "agree"], r.loc["y", "disagree"]) == ("b", "a")
    assert r.loc["z", "verdict"] == "fragile" and r.loc["z", "n_variants"] == 1 and r.loc["z", "n_agree"] == 0
    assert r.loc["z", "same_as"] == "c = a" and r.loc["z", "headline"] == "up"
    # a variant equal to the headline's own series is no check at all
    own = pd.concat([v, v[v["variant"] == "a"].assign(variant="h")])
    r = evidence.robustness(own, {"x": 1.0, "y": 2.0, "z": 0.5}, reference="h").set_index("theme")
    assert r.loc["x", "same_as"] == "a = headline" and r.loc["x", "n_variants"] == 1 and r.loc["x", "agree"] == "b"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("落实“三会一课”制度", [("三会一课", "quoted")]),
        ("树立四个意识,实现两个覆盖", [("四个意识", "formula"), ("两个覆盖", "formula")]),
        ("建立健全“1+3”制度体系", [("1+3", "numeric")]),
        ("党的十九大以来", []),
        ("五年十年一心一意", []),
    ],
)
def test_find_slogans(text, expected):
    assert sorted(find_slogans(text)) == sorted(expected)


def test_formula_extended_by_dictionary():
    assert find_slogans("推行四议两公开工作法", vocabulary={"四议两公开"}) == [("四议两公开", "formula")]


def test_slogan_tables():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "year": [2007, 2016, 2019],
            "text": ["深入学习科学发展观", "推进“两学一做”,落实三会一课", "“两学一做”常态化,两个维护"],
        }
    )
    s, by = slogan_tables(docs)
    row = s.set_index("slogan").loc["两学一做"]
    assert (row["first_year"], row["last_year"], row["total"], row["n_documents"]) == (2016, 2019, 2, 2)
    assert len(by) == len(s) * 3
    assert by.groupby("slogan")["count"].sum().to_dict() == s.set_index("slogan")["total"].to_dict()


#: The ``lda:`` section of the stage tests below (small gensim fits of the toy units).
STAGE_CFG = {
    **SETTINGS.__dict__,
    "label_min_mass": 0.02,
    "label_min_ratio": 1.5,
    "heldout_fraction": 0.1,
    "coherence_topn": 5,
}


def chosen_k2(tmp_path, cfg) -> str:
    """Toy units (``units.parquet``), their model corpus, the K sweep's fit at K = 2 (``k2.fit.npz``) and a
    ``k_selection.csv`` that chooses it, in ``tmp_path`` as the jobs before the evidence stage leave them;
    returns the model corpus's path."""
    from orgtopics.stages import topics as stages_topics
    from orgtopics.tables import write_records, write_table

    u = toy_units(60)
    u["n_tokens"] = u["tokens"].map(len)
    u["n_words"] = u["n_tokens"]
    write_records(u.to_dict("records"), tmp_path / "units.parquet")
    corpus = str(tmp_path / "units.corpus.npz")
    stages_topics.model_corpus(str(tmp_path / "units.parquet"), corpus, lda_cfg=cfg)
    stages_topics.fit_lda(corpus, 2, str(tmp_path / "k2.fit.npz"), str(tmp_path / "k2.json"), lda_cfg=cfg)
    write_table(pd.DataFrame({"k": [2], "chosen": [1]}), tmp_path / "k_selection.csv")
    return corpus


def test_sensitivity_models_in_one_job(tmp_path, caplog):
    """One job writes the theme shares of every model: K−1 < 2 is left out, the sweep's K is reused, K+1 is
    refitted, then the no-boilerplate refit; the gather step puts them and the dictionary baselines into one
    table with robustness verdicts."""
    from conftest import ROOT
    from orgtopics.stages import evidence as stages_evidence
    from orgtopics.tables import read_table, write_table

    cfg = STAGE_CFG
    corpus = chosen_k2(tmp_path, cfg)
    units = tmp_path / "units.parquet"
    themes_file = str(ROOT / "config" / "themes.yaml")
    fits = {2: str(tmp_path / "k2.fit.npz")}
    models = tmp_path / "sensitivity_models.csv"
    caplog.set_level("INFO")
    stages_evidence.sensitivity_models(
        corpus, corpus, str(tmp_path / "k_selection.csv"), fits, themes_file, str(models), lda_cfg=cfg, k_delta=1
    )
    table = read_table(models)
    assert list(table["variant"].drop_duplicates()) == ["lda_k2", "lda_k3", "lda_k2_no_boilerplate"]
    assert list(table.columns) == ["variant", "theme", "year", "share"]
    assert "K = 2 (the sweep's fit)" in caplog.text and "K = 3 (refit)" in caplog.text
    change = tmp_path / "theme_change.csv"
    write_table(pd.DataFrame({"theme": ["cadres", "talent"], "diff": [-1.0, 1.0]}), change)
    stages_evidence.sensitivity(
        str(models),
        str(units),
        str(units),
        str(units),
        themes_file,
        str(change),
        str(tmp_path / "s.csv"),
        str(tmp_path / "r.csv"),
    )
    table = read_table(tmp_path / "s.csv")
    assert set(table["variant"]) == {
        "lda_k2",
        "lda_k3",
        "lda_k2_no_boilerplate",
        "dictionary",
        "dictionary_no_boilerplate",
        "dictionary_no_phrases",
    }
    cadre = table[(table["variant"] == "dictionary") & (table["theme"] == "cadres")].set_index("year")
    # toy units: even years hold only cadre words, odd years only talent words; the headline's measure
    assert (cadre["measure"] == "per_10k").all() and (
        table[table["variant"] == "lda_k2"]["measure"] == "topic_share"
    ).all()
    assert cadre.loc[2000, "value"] > 1000 and cadre.loc[2001, "value"] == 0 and cadre.loc[2002, "value"] > 1000
    rob = read_table(tmp_path / "r.csv").set_index("theme")
    # the headline's own series (dictionary) is not a variant that agrees with itself, and the no-boilerplate
    # dictionary, given the same units here, equals it: no check either
    cells = [c for c in [*rob["agree"], *rob["disagree"]] if isinstance(c, str)]  # an empty cell reads as NaN
    judged = {v for cell in cells for v in cell.split("; ")}
    assert not {"dictionary", "dictionary_no_boilerplate", "dictionary_no_phrases"} & judged
    assert judged >= {"lda_k2", "lda_k3"}
    # given the same units, the no-boilerplate refit trains on the counts the sweep's model trained on, with the
    # same seed: it is that model, and says nothing of its own
    same = "lda_k2_no_boilerplate = lda_k2; dictionary_no_boilerplate = headline; dictionary_no_phrases = headline"
    assert (rob.loc[["cadres", "talent"], "same_as"] == same).all()
    assert rob.loc["cadres", "headline"] == "down" and rob.loc["talent", "headline"] == "up"


@pytest.mark.parametrize("engine", ["gensim", "tomotopy"])
def test_seed_refits_train_on_the_sweeps_counts(tmp_path, engine):
    """Stability measures what another seed changes, nothing else: a seed refit trains on the counts the K sweep's
    fit trained on (the held-out units' scored half left out), so a refit with the run's own seed is the sweep's
    model, and one with another seed is not."""
    from orgtopics.stages import evidence as stages_evidence

    cfg = {**STAGE_CFG, "engine": engine, "sweeps": 20, "heldout_fraction": 0.2}
    corpus = chosen_k2(tmp_path, cfg)
    sweep = topics.TopicFit.load(str(tmp_path / "k2.fit.npz"))
    for seed in (cfg["random_state"], cfg["random_state"] + 1):
        out = str(tmp_path / f"seed{seed}.npz")
        stages_evidence.fit_seed(corpus, str(tmp_path / "k_selection.csv"), seed, out, lda_cfg=cfg)
        refit = topics.TopicFit.load(out)
        same = np.array_equal(refit.phi, sweep.phi) and np.array_equal(refit.theta, sweep.theta)
        assert same == (seed == cfg["random_state"]), seed


def test_cross_check_on_a_sample(tmp_path, caplog):
    """``cross_check.max_units`` fits scikit-learn on a seeded sample: the same sample every run, in corpus
    order, and the agreement table says how many units it used; no limit means every unit."""
    from conftest import ROOT
    from orgtopics import evidence
    from orgtopics.stages import evidence as stages_evidence
    from orgtopics.stages import topics as stages_topics
    from orgtopics.tables import read_table

    rows = evidence.cross_check_rows(100, 30, random_state=5)
    assert len(rows) == 30 and len(set(rows)) == 30 and (np.diff(rows) > 0).all()
    assert np.array_equal(rows, evidence.cross_check_rows(100, 30, random_state=5))
    assert np.array_equal(evidence.cross_check_rows(100, None, random_state=5), np.arange(100))
    assert np.array_equal(evidence.cross_check_rows(100, 500, random_state=5), np.arange(100))

    cfg = STAGE_CFG
    corpus = chosen_k2(tmp_path, cfg)
    themes_file = str(ROOT / "config" / "themes.yaml")
    for max_units, expected in ((None, 60), (40, 40)):
        out = tmp_path / f"agreement_{max_units}.csv"
        stages_evidence.model_agreement(
            corpus,
            str(tmp_path / "k_selection.csv"),
            {2: str(tmp_path / "k2.fit.npz")},
            themes_file,
            str(out),
            lda_cfg=cfg,
            cross_check={"max_units": max_units, "max_iter": 20},
        )
        table = read_table(out)
        assert len(table) == 2 and set(table["n_units"]) == {expected}
        assert table["similarity"].between(0, 1).all()
        assert set(table["reference"]) == {"scikit-learn"}  # gensim fitted the model: scikit-learn checks it
    # the second engine trains on the counts the chosen model trained on (the held-out units with their observed
    # half), and both models' shares are those of the full counts
    c = topics.ModelCorpus.load(corpus)
    train = stages_topics.fit_matrix(c, cfg)
    assert (train != c.matrix).nnz > 0
    fit = topics.TopicFit.load(str(tmp_path / "k2.fit.npz"))
    phi, theta = evidence.sklearn_lda(train, 2, random_state=cfg["random_state"], max_iter=20, shares_of=c.matrix)
    by_hand = evidence.agreement_table(
        fit.phi,
        evidence.yearly_shares(fit.theta, c.n_tokens, c.years),
        phi,
        evidence.yearly_shares(theta, c.n_tokens, c.years),
        c.vocabulary.terms,
        {0: "a", 1: "b"},
    )
    table = read_table(tmp_path / "agreement_None.csv")
    assert np.allclose(table["similarity"], by_hand["similarity"])
    assert np.allclose(table["share_correlation"], by_hand["share_correlation"])
    # tomotopy fitted the model: gensim, the reference engine (another inference family), checks it
    tcfg = {**cfg, "engine": "tomotopy", "sweeps": 20}
    stages_topics.fit_lda(corpus, 2, str(tmp_path / "t2.fit.npz"), str(tmp_path / "t2.json"), lda_cfg=tcfg)
    out = tmp_path / "agreement_tomotopy.csv"
    caplog.set_level("INFO")
    stages_evidence.model_agreement(
        corpus,
        str(tmp_path / "k_selection.csv"),
        {2: str(tmp_path / "t2.fit.npz")},
        themes_file,
        str(out),
        lda_cfg=tcfg,
        cross_check={"max_units": 40, "max_iter": 99, "gensim_passes": 5},
    )
    table = read_table(out)
    assert set(table["reference"]) == {"gensim"} and set(table["n_units"]) == {40} and len(table) == 2
    assert "gensim at K = 2 on 40 units, 5 passes" in caplog.text  # gensim_passes, not scikit-learn's max_iter


def test_cross_check_passes_by_engine():
    lda_cfg = {"passes": 30}
    both = {"max_iter": 20, "gensim_passes": 15}
    assert evidence.cross_check_passes("gensim", both, lda_cfg) == 15
    assert evidence.cross_check_passes("scikit-learn", both, lda_cfg) == 20
    assert evidence.cross_check_passes("gensim", {"gensim_passes": None}, lda_cfg) == 30
    assert evidence.cross_check_passes("scikit-learn", {}, lda_cfg) == 30
