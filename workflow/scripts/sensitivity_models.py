"""Rule sensitivity_models (workflow/rules/evidence.smk): theme shares per year of every topic model of the
sensitivity analysis."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import sensitivity_models

setup_logging(snakemake.log[0])
sensitivity_models(
    snakemake.input.model_corpus,
    snakemake.input.model_corpus_no_boilerplate,
    snakemake.input.k_selection,
    {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values},
    snakemake.input.themes,
    snakemake.output.models,
    lda_cfg=snakemake.params.lda,
    k_delta=snakemake.params.k_delta,
)
finish()
