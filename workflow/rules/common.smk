# Config validation, the corpus table, wildcard constraints and small helpers (no rules here).
import hashlib
import re
import shlex
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

validate(config, schema="../schemas/config.schema.yaml")

SCRIPTS = Path(workflow.current_basedir).parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

from orgtopics.figure_registry import BY_NAME, FIGURES, groups
from orgtopics.workflow_support import (
    SOURCE_FILE,
    assign_shards,
    check_answers,
    check_config,
    claim_text,
    coalesce_scheduler_wakeups,
    corpus_path_from_make,
    library_hash,
    n_shards,
    resolve_corpora,
    run_config,
    scan_all,
)

check_config(config)  # cross-key checks (lda.k in lda.k_values)
corpus_path_from_make(config)  # `make run CORPUS=...` hands the path over in the environment, never as shell text
coalesce_scheduler_wakeups()  # a Snakemake 9 scheduler timer leak that costs seconds of CPU (see the function)
CORPORA = resolve_corpora(config, schema=SCRIPTS.parent / "schemas" / "corpus.schema.yaml")


def validation_workers():
    """Processes for the start-up validation: the cores given with --cores (a run with --jobs alone, as on
    a cluster, has none: then one)."""
    try:
        return int(workflow.cores)
    except (WorkflowError, TypeError, ValueError):
        return 1


# A job that Snakemake starts in a fresh process (a cluster job, a job group) parses this file again: it reads
# the scan the main process saved instead of re-reading and re-checking the corpus.
SCANS = scan_all(CORPORA, config["clean"], workers=validation_workers(), reuse=not workflow.is_main_process)
SHARDS = {name: assign_shards(SCANS[name], n_shards(CORPORA[name], SCANS[name])) for name in CORPORA}
# Answer files with a bad row stop the run here, before any job starts (a failed scoring job would delete the
# last scores): checked against the tasks of the corpus's last run, where there is one.
if workflow.is_main_process:
    for _name in CORPORA:
        check_answers(CORPORA[_name], Path("results") / _name / "validation" / "tasks.json")
# The config each corpus runs with: `engine: auto` resolved by the corpus's size (RUN_CONFIG), and why (ENGINES).
RUN_CONFIG, ENGINES = {}, {}
for _name in CORPORA:
    RUN_CONFIG[_name], ENGINES[_name] = run_config(config, SCANS[_name], CORPORA[_name])
# Stages in the order the data flows: rules/<stage>.smk, orgtopics.stages.<stage>.
STAGES = ("clean", "segment", "units", "features", "topics", "evidence", "figures", "validation", "report")
# Each job gets the hash of the library files its stage runs, as a parameter, so that a job reruns when the code it
# uses changes (Snakemake itself tracks only the adapter script), and not when another stage's code does.
LIB = {s: {"orgtopics_source": library_hash(SCRIPTS / "orgtopics", f"stages.{s}")} for s in STAGES}
# Figures (orgtopics.figure_registry): one job per group of figures whose tables become ready together
# (starting matplotlib and loading the CJK font costs more than drawing most figures).
FIGURE_GROUPS = groups()
FIGURE_NAMES = [f.name for f in FIGURES]
# Each figure as the HTML report embeds it (a palette PNG, orgtopics.figures.embeddable_png), written by its figure job.
FIGURE_EMBED = "results/{corpus}/interim/figures/{figure}.png"
# Scheduling priorities: among the jobs ready to run, Snakemake starts the higher first. Two cores are the
# common case, so the order decides how long a core idles. Each job's priority follows the length of its
# longest path to the report (list scheduling by "bottom level"; job times measured on 10 MB, see
# benchmarks/RESULTS.md):
# - the early critical path first: cleaning and segmentation shards, the gathered text and its quoted
#   phrases, units, model corpora, the K sweep and K selection;
# - the theme shares (-> seeded LDA -> topic figures, and the corpus figures), which fit beside the sweep;
# - right after K selection the model agreement: the longest job after it when tomotopy ran (gensim, the second
#   engine, on 3,000 units: about 30 s at 1 to 10 MB), so it runs on one core while the rest share the other;
# - then: topic tables -> seeded LDA -> topic figures; the seed refits -> stability; the inputs
#   of the corpus figures; the sensitivity refits -> sensitivity table -> its figure; the corpus figures;
#   the cross-check; the topic figures;
# - last, the small jobs that feed only the report, and the explorer (not an input of the report, so it
#   runs beside it).
PRIORITY = {
    "clean_shard": 50,
    "segment_shard": 50,
    "gather_clean": 50,
    "quoted_phrases": 50,
    "units": 50,
    "model_corpus": 50,
    "fit_lda": 40,
    "select_k": 40,
    "themes": 35,
    "topic_tables": 31,
    "seeded_lda": 30,
    "fit_seed": 29,
    "documents": 28,
    "fragments": 10,
    "tfidf": 28,
    "term_trajectories": 28,
    "slogans": 28,
    "sensitivity_models": 27,
    "figures_corpus": 26,
    "stability": 25,
    "model_agreement": 39,
    "figures_topics": 23,
    "sensitivity": 22,
    "units_no_phrases": 22,  # feeds only the sensitivity table
    "figures_sensitivity": 21,
    "figures_adjusted": 10,
    "period_contrast": 10,
    "adjusted_trends": 10,
    "input_report": 10,
    "provenance": 10,
    "kwic": 10,
    "validation_tasks": 10,
    "validation_scores": 10,
    "explorer": 0,
}
K_VALUES = sorted(set(config["lda"]["k_values"]))
RES = config["resources"]
STABILITY_SEEDS = [config["lda"]["random_state"] + i for i in range(1, config["stability"]["n_seeds"] + 1)]


wildcard_constraints:
    corpus="|".join(re.escape(c) for c in CORPORA) or "NO_CORPUS",
    k=r"\d+",
    shard=r"\d+",
    seed=r"\d+",


def run_section(section, **override):
    """Params function: section ``section`` of the config the corpus of the wildcard runs with (engines
    resolved), with ``override`` applied."""

    def params(wildcards):
        return {**RUN_CONFIG[wildcards.corpus][section], **override}

    return params


def corpus_themes(wildcards):
    """The themes file of the corpus of the wildcard: its own (``themes:`` in corpus.yaml) or config/themes.yaml."""
    return RUN_CONFIG[wildcards.corpus]["resources"]["themes"]


def run_value(*keys):
    """Params function: the value at ``keys`` of the config the corpus of the wildcard runs with (its own
    ``track_terms`` and ``cut_year`` replace the config's)."""

    def params(wildcards):
        value = RUN_CONFIG[wildcards.corpus]
        for k in keys:
            value = value[k]
        return value

    return params


def corpus_settings(wildcards):
    """Settings of the corpus named by the wildcard, as a plain dict (rule params)."""
    return CORPORA[wildcards.corpus].to_dict()


def settings_file(wildcards):
    """The corpus.yaml of the corpus of the wildcard ("" for a table: its settings go in the config)."""
    return CORPORA[wildcards.corpus].settings_file or ""


def answers_dir(wildcards):
    """The folder where coders save their answer files for the corpus of the wildcard (its ``validation/``)."""
    return str(CORPORA[wildcards.corpus].answers_dir)


def validation_answers(wildcards):
    """The answer files (``*.csv``) in the corpus's validation folder: a file added or changed reruns the scores."""
    return [str(p) for p in CORPORA[wildcards.corpus].answer_files()]


def shard_docs(wildcards):
    """The scanned documents of one shard (ids, files, years, hashes, metadata)."""
    return SHARDS[wildcards.corpus][int(wildcards.shard)]


def shard_inputs(wildcards):
    """The text files of one shard (tables: none; their rows' hashes are in the params)."""
    s = CORPORA[wildcards.corpus]
    if s.is_table:
        return []
    return [str(s.path / d["file"]) for d in shard_docs(wildcards)]


def shard_files(pattern):
    """Input function: ``pattern`` (with {corpus} and {shard}) for every shard of the corpus."""

    def inner(wildcards):
        return [pattern.format(corpus=wildcards.corpus, shard=k) for k in sorted(SHARDS[wildcards.corpus])]

    return inner


def corpus_inputs(wildcards):
    """The files of a corpus that provenance hashes itself: the table, or the manifest and corpus.yaml. The
    documents' hashes come from the start-up scan (corpus_document_hashes), so provenance neither lists nor
    reads 100,000 files; a changed document changes that parameter and reruns it."""
    s = CORPORA[wildcards.corpus]
    if s.is_table:
        return [str(s.path)]
    return [str(s.path / n) for n in ("manifest.csv", "corpus.yaml") if (s.path / n).exists()]


def corpus_document_hashes(wildcards):
    """sha256 of every document file of a folder corpus (none for a table), by path, from the scan."""
    s = CORPORA[wildcards.corpus]
    return {} if s.is_table else {str(s.path / d.file): d.sha256 for d in SCANS[wildcards.corpus].documents}


def corpus_dictionaries(wildcards):
    s = CORPORA[wildcards.corpus]
    return [s.resolve(p) for p in s.extra_dictionary]


def corpus_stopwords(wildcards):
    s = CORPORA[wildcards.corpus]
    return [s.resolve(p) for p in s.extra_stopwords]


def skipped_documents(wildcards):
    return [{"where": p.where, "problem": p.what, "fix": p.fix} for p in SCANS[wildcards.corpus].skipped]


def near_duplicate_warnings(wildcards):
    return list(SCANS[wildcards.corpus].warnings)


def lda_fits(wildcards):
    """The topics and unit shares (TopicFit) of every K of the sweep, as named inputs k<K>."""
    return {f"k{k}": LDA_FIT.format(corpus=wildcards.corpus, k=k) for k in K_VALUES}


def run_config_of(wildcards):
    """The config the corpus of the wildcard runs with (engines resolved)."""
    return RUN_CONFIG[wildcards.corpus]


def engines_of(wildcards):
    """Which engines the corpus of the wildcard runs, and why."""
    return ENGINES[wildcards.corpus]


def figure_inputs(names):
    """Input function: the tables the figures ``names`` draw from, by the names the drawings read them by."""

    def inputs(wildcards):
        return {k: f"results/{wildcards.corpus}/{rel}" for n in names for k, rel in BY_NAME[n].tables.items()}

    return inputs


def figure_outputs(names):
    """Named outputs of a group of figures: ``<figure>_png`` (in the report, with the figure's own caption),
    ``<figure>_svg``, ``<figure>_csv`` and ``<figure>_embed`` (:data:`FIGURE_EMBED`)."""
    out = {}
    for n in names:
        out[f"{n}_png"] = report(
            f"results/{{corpus}}/figures/{n}.png",
            caption=f"../report/figures/{n}.rst",
            category="Figures",
            labels={"corpus": "{corpus}", "figure": n},
        )
        out[f"{n}_svg"] = f"results/{{corpus}}/figures/{n}.svg"
        out[f"{n}_csv"] = f"results/{{corpus}}/figures/{n}.csv"
        out[f"{n}_embed"] = FIGURE_EMBED.format(corpus="{corpus}", figure=n)
    return out


def reproduce_command(wildcards):
    """The README command that rebuilds this corpus's results."""
    if config.get("corpus_path"):
        return f"make run CORPUS={shlex.quote(str(config['corpus_path']))}"
    return "make run"
