"""The real workflow on the real seeds, in a temporary copy of the project: the outputs contract,
determinism, the report, `snakemake --report` and `--lint`."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import RECURRING_LINES_COLUMNS, snakemake
from orgtopics import figure_registry

pytestmark = pytest.mark.slow

CONTRACT = {
    "documents.csv": [
        "doc_id",
        "file",
        "year",
        "title",
        "author",
        "region",
        "source",
        "encoding",
        "chars_raw",
        "chars_clean",
        "pinyin_annotations",
        "traditional_converted",
        "n_units",
        "n_tokens",
    ],
    "tfidf_by_year.csv": ["year", "rank", "term", "tfidf", "count"],
    "theme_share_by_year.csv": ["year", "theme", "per_10k", "ci_low", "ci_high"],
    "topic_terms.csv": ["topic", "rank", "term", "prob", "frex", "lift", "relevance"],
    "topic_share_by_year.csv": ["year", "topic", "label", "share", "ci_low", "ci_high"],
    "k_selection.csv": ["k", "c_v", "c_npmi", "u_mass", "perplexity_heldout", "exclusivity"],
    "term_trajectories.csv": ["term", "year", "count", "per_10k"],
    "quoted_phrases.csv": ["phrase", "count", "n_documents", "first_year", "last_year", "rejected"],
    "cleaning_log.csv": ["doc_id", "line", "rule", "text"],
    "topic_stability.csv": ["topic", "stability", "trend_sign_agreement"],
    "topic_passages.csv": ["topic", "year", "doc_id", "unit", "share", "text"],
    "seeded_theme_share_by_year.csv": ["theme", "year", "share", "ci_low", "ci_high"],
    "model_agreement.csv": ["topic", "matched_topic", "similarity", "top_terms_overlap", "share_correlation"],
    "trend_sensitivity.csv": ["variant", "measure", "theme", "year", "value"],
    "trend_robustness.csv": ["theme", "headline", "n_variants", "n_agree", "agree", "disagree", "same_as", "verdict"],
    "slogans.csv": ["slogan", "first_year", "last_year", "total"],
    "period_contrast.csv": ["measure", "name", "before", "after", "diff", "ci_low", "ci_high", "direction"],
    "k_neighbours.csv": ["k", "topic", "top_terms"],
    "topic_terms_by_period.csv": ["topic", "label", "period", "rank", "term", "count", "prob", "keyness"],
}
FIGURES = [f.name for f in figure_registry.FIGURES]  # the one list of figures


@pytest.fixture(scope="module")
def out(project):
    return project / "results" / "seeds"


def tables_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_outputs_contract_tables(out, name):
    df = pd.read_csv(out / "tables" / name)
    assert set(CONTRACT[name]) <= set(df.columns), name
    assert len(df) > 0


def test_documents_table(out):
    docs = pd.read_csv(out / "tables" / "documents.csv")
    assert sorted(docs["year"]) == [2007, 2016, 2017, 2018, 2019]
    y = docs.set_index("doc_id")
    assert y.loc["2007_yicheng", "pinyin_annotations"] >= 300
    assert y.loc["2016_puyang", "traditional_converted"] > 500
    assert y.loc["2019_zezhou", "removed_error_page"] >= 2
    assert (docs["chars_clean"] < docs["chars_raw"]).all()
    # no seed repeats another's text (the excerpt shape of test_shapes.py has rows)
    shared = pd.read_csv(out / "tables" / "shared_passages.csv")
    assert list(shared.columns) == [
        "doc_id",
        "year",
        "other_doc_id",
        "other_year",
        "n_sentences",
        "shared_han",
        "share",
    ]
    assert shared.empty
    # no paragraph stands in several seeds (the footer shape of test_shapes.py has one)
    recurring = pd.read_csv(out / "tables" / "recurring_lines.csv")
    assert list(recurring.columns) == RECURRING_LINES_COLUMNS
    assert recurring.empty


def test_shares_and_intervals(out):
    t = pd.read_csv(out / "tables" / "topic_share_by_year.csv")
    assert t.groupby("year")["share"].sum().round(4).eq(1).all()
    for df, col in ((t, "share"), (pd.read_csv(out / "tables" / "theme_share_by_year.csv"), "per_10k")):
        assert (df["ci_low"] <= df[col] + 1e-6).all() and (df[col] <= df["ci_high"] + 1e-6).all()
    unit = pd.read_csv(out / "tables" / "unit_topics.csv")
    topic_cols = [c for c in unit.columns if c.startswith("topic_")]
    assert (unit[topic_cols].sum(axis=1).round(5) == 1).all()


def test_evidence_tables(out, project):
    import yaml

    cfg = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))
    stab = pd.read_csv(out / "tables" / "topic_stability.csv")
    assert (stab["n_runs"] == cfg["stability"]["n_seeds"]).all()
    assert stab["stability"].between(0, 1).all() and stab["trend_sign_agreement"].between(0, 1).all()
    seeded = pd.read_csv(out / "tables" / "seeded_theme_share_by_year.csv")
    assert (seeded["ci_low"] <= seeded["share"] + 1e-6).all() and (seeded["share"] <= seeded["ci_high"] + 1e-6).all()
    sens = pd.read_csv(out / "tables" / "trend_sensitivity.csv")
    k = int(pd.read_csv(out / "tables" / "k_selection.csv").query("chosen == 1")["k"].iloc[0])
    assert {
        f"lda_k{k}",
        f"lda_k{k}_no_boilerplate",
        "dictionary",
        "dictionary_no_boilerplate",
        "dictionary_no_phrases",
    } <= set(sens["variant"])
    pc = pd.read_csv(out / "tables" / "period_contrast.csv")
    assert (pc["years_before"].astype(str) == "2007").all()
    slog = pd.read_csv(out / "tables" / "slogans.csv").set_index("slogan")
    assert slog.loc["两学一做", "first_year"] == 2017 and slog.loc["狮子型", "total"] >= 5


def test_k_selection_and_labels(out, project):
    ks = pd.read_csv(out / "tables" / "k_selection.csv")
    import yaml

    cfg = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))
    assert sorted(ks["k"]) == sorted(cfg["lda"]["k_values"])
    assert ks["chosen"].sum() == 1
    k = int(ks.loc[ks["chosen"] == 1, "k"].iloc[0])
    labels = pd.read_csv(out / "tables" / "topic_labels.csv")
    assert len(labels) == k
    terms = pd.read_csv(out / "tables" / "topic_terms.csv")
    assert terms["topic"].nunique() == k


def test_trajectories_cover_track_terms(out):
    t = pd.read_csv(out / "tables" / "term_trajectories.csv")
    counts = t.groupby("term")["count"].sum()
    assert counts["科学发展观"] > 0 and counts["两学一做"] > 0 and counts["从严治党"] > 0
    by = t.set_index(["term", "year"])["count"]
    assert by[("科学发展观", 2007)] > 0 and by[("两学一做", 2007)] == 0


@pytest.mark.parametrize("name", FIGURES)
def test_figures(out, name):
    from PIL import Image

    png = out / "figures" / f"{name}.png"
    with Image.open(png) as im:
        assert im.info.get("dpi", (0, 0))[0] >= 150
    assert (out / "figures" / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert len(pd.read_csv(out / "figures" / f"{name}.csv")) > 0


def test_report_self_contained_and_computed(out):
    html = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r'<(img|script|link)[^>]+(src|href)="https?://', html), "report fetches from the network"
    # every figure but the adjusted trends: the seeds name region as a covariate, one place a year, and the
    # report says why it cannot be adjusted for instead of fitting it
    assert html.count('src="data:image/png;base64,') == len(FIGURES) - 1
    assert "region does not vary within any year" in html and 'id="fig-adjusted_trends"' not in html
    for section in (
        "Corpus and cleaning",
        "Method and parameters",
        "Limitations",
        "how to reproduce this",
        "Choosing the number of topics",
    ):
        assert section in html
    change = pd.read_csv(out / "tables" / "theme_change.csv")
    top = change.iloc[0]
    assert f"{top['first']:.1f}" in html and f"{top['last']:.1f}" in html
    assert "place and time are confounded" in html
    stab = pd.read_csv(out / "tables" / "topic_stability.csv")  # the limitations state this run's stability
    assert f"mean similarity of {stab['stability'].mean():.2f}" in html
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["git_commit"][:7] in html or prov["git_commit"] == "unknown"
    for v in ("jieba", "gensim", "scikit-learn"):
        assert prov["versions"][v] in html


def test_provenance(out):
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert set(prov["versions"]) >= {"python", "snakemake", "jieba", "gensim", "scikit-learn", "matplotlib"}
    assert any(p.endswith("manifest.csv") for p in prov["inputs"])
    assert len(prov["inputs"]) == 6
    for res in prov["resources"].values():
        assert re.fullmatch(r"[0-9a-f]{64}", res["sha256"])
    assert prov["seeds"]["lda"] == prov["config"]["lda"]["random_state"]


def test_rerun_is_byte_identical(project, out):
    before = tables_digest(out / "tables")
    figs_before = {n: (out / "figures" / f"{n}.csv").read_bytes() for n in FIGURES}
    tasks_before = {p.name: p.read_bytes() for p in sorted((out / "validation").iterdir())}
    snakemake(project, "--forceall")
    assert tables_digest(out / "tables") == before
    assert {p.name: p.read_bytes() for p in sorted((out / "validation").iterdir())} == tasks_before
    assert {n: (out / "figures" / f"{n}.csv").read_bytes() for n in FIGURES} == figs_before


def test_nothing_to_do_after_run(project):
    res = snakemake(project, "--dry-run")
    assert "Nothing to be done" in res.stdout + res.stderr


def test_snakemake_report(project):
    snakemake(project, "--report", "results/report.zip")
    import zipfile

    with zipfile.ZipFile(project / "results" / "report.zip") as z:
        names = z.namelist()
    assert sum(n.endswith(".png") for n in names) >= len(FIGURES)


def test_lint_is_clean(project):
    res = snakemake(project, "--lint")
    assert "Congratulations" in res.stdout + res.stderr


def test_default_target_from_root_shim(project):
    res = snakemake(project, "--dry-run", "--forceall")
    assert re.search(r"^(local)?rule default:", res.stdout, re.M)
    assert re.search(r"^(local)?rule report:", res.stdout, re.M)


def test_scheduler_wakeups_are_coalesced():
    """The workaround for Snakemake's growing chains of scheduler wake-up timers: while one wake-up is
    pending, asking for another no later than it starts no thread; an earlier one still does, and every
    requested wake-up time is met (the job rate limiter relies on it)."""
    import threading
    import time

    from snakemake.scheduling.job_scheduler import JobScheduler

    from orgtopics.workflow_support import coalesce_scheduler_wakeups

    assert coalesce_scheduler_wakeups() and coalesce_scheduler_wakeups()  # idempotent

    class Scheduler:
        _open_jobs = threading.Semaphore(0)

    s = Scheduler()
    before = threading.active_count()
    JobScheduler._schedule_reevalutation(s, 0.5)
    for _ in range(20):
        JobScheduler._schedule_reevalutation(s, 1.0)  # later: redundant
    assert threading.active_count() == before + 1
    JobScheduler._schedule_reevalutation(s, 0.2)  # earlier: a second timer
    assert threading.active_count() == before + 2
    t = time.monotonic()
    assert s._open_jobs.acquire(timeout=2) and time.monotonic() - t < 0.45  # the 0.2 s wake-up
    assert s._open_jobs.acquire(timeout=2)  # the 0.5 s wake-up
    assert not s._open_jobs.acquire(timeout=1.0)  # nothing else was pending
    JobScheduler._schedule_reevalutation(s, 0.1)  # after it fired: a new one
    assert s._open_jobs.acquire(timeout=2)


def test_auto_shards_follow_the_size_of_the_text_not_the_machine():
    from orgtopics.corpus import CorpusSettings, Document, Scan
    from orgtopics.workflow_support import AUTO_SHARD_BYTES, n_shards

    def scan(*sizes):
        return Scan(
            [Document(f"d{i}", f"d{i}.txt", 2019, "", "utf-8", f"{i:064x}", size=s) for i, s in enumerate(sizes)],
            [],
            [],
        )

    auto = CorpusSettings(name="c", path=Path("."))
    assert auto.shards == "auto"
    assert n_shards(auto, scan(60_000, 70_000)) == 1  # the seeds: one shard
    assert n_shards(auto, scan(*[AUTO_SHARD_BYTES // 4] * 8)) == 2  # exactly two shards' worth
    assert n_shards(auto, scan(*[AUTO_SHARD_BYTES // 4] * 8, 1)) == 3  # one byte more: rounded up
    assert n_shards(auto, scan(3 * AUTO_SHARD_BYTES)) == 1  # never more shards than documents
    fixed = CorpusSettings(name="c", path=Path("."), shards=4)
    assert n_shards(fixed, scan(10, 10)) == 2 and n_shards(fixed, scan(*[10] * 9)) == 4


def test_model_fits_never_import_pandas(project, tmp_path):
    """Every job is a fresh interpreter: the K sweep and seed fits (a third of the jobs on a large corpus) must
    not pay for importing pandas, jinja2, matplotlib or scikit-learn (see orgtopics._lazy)."""
    import subprocess
    import sys

    code = f"""
import json, sys
from orgtopics.stages import evidence, topics
assert not any(m in sys.modules for m in ("pandas.core", "jinja2", "matplotlib", "sklearn")), "imported at start"
r = {str(project / "results" / "seeds")!r}
# engines resolved, as the jobs see it
lda = json.load(open(r + "/provenance.json", encoding="utf-8"))["config"]["lda"]
mc = r + "/interim/topics/units.corpus.npz"
topics.fit_lda(mc, 3, {str(tmp_path / "k3.npz")!r}, {str(tmp_path / "k3.json")!r}, lda_cfg=lda)
evidence.fit_seed(mc, r + "/tables/k_selection.csv", 7, {str(tmp_path / "s7.npz")!r}, lda_cfg=lda)
print(sorted(m for m in ("pandas.core", "jinja2", "matplotlib", "sklearn") if m in sys.modules))
"""
    res = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "workflow" / "scripts")},
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.strip() == "[]", res.stdout
    z = np.load(tmp_path / "s7.npz")
    assert z["theta"].shape[1] == z["phi"].shape[0] and np.allclose(z["theta"].sum(axis=1), 1)
    assert json.loads((tmp_path / "k3.json").read_text(encoding="utf-8"))["k"] == 3


def test_run_config_picks_engines_and_sweeps_by_size():
    """`engine: auto` gives the reference engines below auto_engines.min_han Han characters and the fast ones
    from there on; an engine named in the config is kept; null sweeps follow the size; the input is untouched."""
    import copy

    from orgtopics.corpus import Scan
    from orgtopics.workflow_support import MAX_SWEEPS, MIN_SWEEPS, auto_sweeps, run_config

    cfg = {"auto_engines": {"min_han": 1000}, "segment": {"engine": "auto"}, "lda": {"engine": "auto", "sweeps": None}}
    before = copy.deepcopy(cfg)
    small, why = run_config(cfg, Scan([], [], [], han=999))
    assert (small["segment"]["engine"], small["lda"]["engine"], small["lda"]["sweeps"]) == ("jieba", "gensim", None)
    assert "999" in why["lda"]["why"] and "fewer than" in why["lda"]["why"]
    large, why = run_config(cfg, Scan([], [], [], han=1000))
    assert (large["segment"]["engine"], large["lda"]["engine"]) == ("rjieba", "tomotopy")
    assert large["lda"]["sweeps"] == auto_sweeps(1000) == MAX_SWEEPS and "at least" in why["segment"]["why"]
    assert cfg == before
    forced, why = run_config({**cfg, "lda": {"engine": "gensim", "sweeps": None}}, Scan([], [], [], han=10**9))
    assert forced["lda"]["engine"] == "gensim" and forced["segment"]["engine"] == "rjieba"
    assert why["lda"]["why"] == "set in the config (lda.engine: gensim)"
    assert (
        run_config({**cfg, "lda": {"engine": "auto", "sweeps": 7}}, Scan([], [], [], han=10**9))[0]["lda"]["sweeps"]
        == 7
    )
    assert auto_sweeps(10**6) == MAX_SWEEPS and auto_sweeps(3_100_000) == 32 and auto_sweeps(10**9) == MIN_SWEEPS


def test_report_says_which_engines_ran_and_why():
    """The report's methods sentence comes from the run's engine choice (provenance.json), never from the
    defaults: the size and threshold, the engines, and the sweeps when they were chosen by size."""
    from orgtopics.corpus import Scan
    from orgtopics.report import engine_choice
    from orgtopics.workflow_support import run_config

    cfg = {"auto_engines": {"min_han": 1000}, "segment": {"engine": "auto"}, "lda": {"engine": "auto", "sweeps": None}}
    small = engine_choice(run_config(cfg, Scan([], [], [], han=999))[1])
    assert small.startswith("jieba for segmentation and gensim for LDA, chosen by size") and "999" in small
    assert "sweeps" not in small
    large = engine_choice(run_config(cfg, Scan([], [], [], han=5000))[1])
    assert "rjieba for segmentation and tomotopy for LDA" in large and "5,000" in large and "100 Gibbs sweeps" in large
    forced = engine_choice(
        run_config({**cfg, "lda": {"engine": "gensim", "sweeps": None}}, Scan([], [], [], han=5000))[1]
    )
    assert "LDA set in the config (lda.engine: gensim)" in forced and "segmentation chosen by size" in forced
    assert engine_choice({}) == ""


def test_report_warns_about_the_model_in_the_headline_area(out):
    """The seeds are too small for a topic model, and the headline says so, with the numbers: each warning is
    there exactly when the run's own tables call for it (K at an end of the sweep, NPMI negative at every K,
    nearly single-topic paragraphs, fewer than 50 paragraphs per topic)."""
    html = (out / "report.html").read_text(encoding="utf-8")
    head = html[html.index('id="headline"') : html.index('id="limits"')]
    k_sel = pd.read_csv(out / "tables" / "k_selection.csv")
    k = int(k_sel.loc[k_sel["chosen"] == 1, "k"].iloc[0])
    assert ("is the smallest K of the sweep" in head) == (k == k_sel["k"].min())
    assert ("is the largest K of the sweep" in head) == (k == k_sel["k"].max())
    assert ("NPMI coherence is negative at every K" in head) == bool((k_sel["c_npmi"] < 0).all())
    units = pd.read_csv(out / "tables" / "unit_topics.csv")
    top = units[[c for c in units.columns if c.startswith("topic_")]].max(axis=1)
    assert (f"The median paragraph puts {top.median():.2f}" in head) == (top.median() >= 0.9)
    assert (f"paragraphs for K = {k} topics" in head) == (len(units) < 50 * k)
    assert "NPMI coherence is negative at every K" in head and f"paragraphs for K = {k} topics" in head  # the seeds


def test_no_model_warning_for_a_model_that_fits():
    from orgtopics.report import model_warnings

    k_sel = pd.DataFrame({"k": [3, 5, 8], "c_npmi": [0.01, 0.05, 0.02], "chosen": [0, 1, 0]})
    rng = np.random.default_rng(0)
    shares = rng.dirichlet(np.ones(5), size=400)
    units = pd.DataFrame(shares, columns=[f"topic_{j}" for j in range(5)])
    assert model_warnings(k_sel, units, k_fixed=False) == []
    edge = k_sel.assign(chosen=[0, 0, 1])
    assert [w.split(":")[0] for w in model_warnings(edge, units, k_fixed=False)] == [
        "K = 8 is the largest K of the sweep (3–8)"
    ]
    assert model_warnings(edge, units, k_fixed=True) == []


def test_draft_themes_from_a_run_is_a_themes_file_the_workflow_reads(project, tmp_path):
    """make draft-themes: one theme per topic of the run, its most distinctive terms as seeds, each term in one
    theme, in the format the loader checks (so it needs only naming and pruning before use)."""
    import yaml

    from orgtopics.draft_themes import main
    from orgtopics.resources import read_themes

    out = project / "results" / "seeds"
    main([str(out), "-o", str(tmp_path / "draft.yaml")])
    themes = read_themes(tmp_path / "draft.yaml")
    labels = pd.read_csv(out / "tables" / "topic_labels.csv")
    assert [t.zh for t in themes] == list(labels["label"])
    terms = pd.read_csv(out / "tables" / "topic_terms.csv")
    top = terms.sort_values(["frex", "prob", "term"], ascending=[False, False, True]).drop_duplicates("term")
    assert themes[0].seeds[0] == top[top["topic"] == 0]["term"].iloc[0]
    assert yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))["title"]["en"]
