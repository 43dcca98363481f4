"""Rule topic_tables (workflow/rules/topics.smk): the tables of the chosen LDA model."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.topics import topic_tables

setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
topic_tables(
    snakemake.input.units,
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    fits,
    snakemake.input.themes,
    lda_cfg=snakemake.params.lda,
    boot=snakemake.params.bootstrap,
    out=dict(snakemake.output.items()),
    cut_year=snakemake.params.cut_year,
)
finish()
