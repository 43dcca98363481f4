# Config validation, the corpus table, wildcard constraints and small helpers (no rules here).
import hashlib
import re
import sys
from pathlib import Path

from snakemake.utils import validate

validate(config, schema="../schemas/config.schema.yaml")

SCRIPTS = Path(workflow.current_basedir).parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

from orgtopics.corpus import corpus_files  # noqa: E402
from orgtopics.workflow_support import check_corpora, library_hash, resolve_corpora  # noqa: E402

CORPORA = resolve_corpora(config)
check_corpora(CORPORA)
LIB = {"orgtopics_source": library_hash(SCRIPTS / "orgtopics")}
FIGURES = ["composition", "theme_emphasis", "topic_heatmap", "topic_lines", "tfidf_terms", "k_selection",
           "term_trajectories", "theme_methods", "slogans", "trend_sensitivity"]
K_VALUES = sorted(set(config["lda"]["k_values"]))
RES = config["resources"]
STABILITY_SEEDS = [config["lda"]["random_state"] + i for i in range(1, config["stability"]["n_seeds"] + 1)]


wildcard_constraints:
    corpus="|".join(re.escape(c) for c in CORPORA) or "NO_CORPUS",
    k=r"\d+",
    figure="|".join(FIGURES),


def corpus_path(wildcards):
    """Folder of the corpus named by the wildcard."""
    return CORPORA[wildcards.corpus]["path"]


def corpus_encoding(wildcards):
    return CORPORA[wildcards.corpus].get("encoding")


def corpus_inputs(wildcards):
    """The manifest and every text of the corpus (so editing a text reruns what depends on it)."""
    return [str(p) for p in corpus_files(corpus_path(wildcards))]


def lda_models(wildcards):
    return {f"k{k}": f"results/{wildcards.corpus}/interim/lda/k{k}.model" for k in K_VALUES}


def figure_inputs(wildcards):
    """Tables each figure draws from."""
    t = f"results/{wildcards.corpus}/tables"
    docs = {"documents": f"{t}/documents.csv"}
    return {
        "composition": {**docs, "units": f"results/{wildcards.corpus}/interim/units.parquet"},
        "theme_emphasis": {**docs, "theme_share": f"{t}/theme_share_by_year.csv"},
        "topic_heatmap": {"topic_share": f"{t}/topic_share_by_year.csv"},
        "topic_lines": {**docs, "topic_share": f"{t}/topic_share_by_year.csv", "spread": f"{t}/topic_seed_spread.csv"},
        "theme_methods": {"compare": f"{t}/theme_method_comparison.csv"},
        "slogans": {"slogans": f"{t}/slogans.csv", "by_year": f"{t}/slogans_by_year.csv"},
        "trend_sensitivity": {"sensitivity": f"{t}/trend_sensitivity.csv"},
        "tfidf_terms": {"tfidf": f"{t}/tfidf_by_year.csv"},
        "k_selection": {"k_selection": f"{t}/k_selection.csv"},
        "term_trajectories": {**docs, "trajectories": f"{t}/term_trajectories.csv"},
    }[wildcards.figure]


def reproduce_command(wildcards):
    """The README command that rebuilds this corpus's results."""
    if config.get("corpus_path"):
        return f"make run CORPUS={config['corpus_path']}"
    return "make run"
