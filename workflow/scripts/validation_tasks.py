"""Rule validation_tasks (workflow/rules/validation.smk): the coding items, their answer key and coding.html."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.validation import validation_tasks

setup_logging(snakemake.log[0])
validation_tasks(
    snakemake.input.units,
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values},
    snakemake.input.topic_labels,
    snakemake.input.themes,
    dict(snakemake.output.items()),
    corpus_name=snakemake.wildcards.corpus,
    lam=snakemake.params.lam,
    settings=snakemake.params.settings,
    answers_dir=snakemake.params.answers_dir,
)
finish()
