"""Rule adjusted_trends (workflow/rules/evidence.smk): theme and topic trends adjusted for the covariates."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import adjusted_trends

setup_logging(snakemake.log[0])
adjusted_trends(
    snakemake.input.units,
    snakemake.input.documents,
    snakemake.input.themes,
    snakemake.input.k_selection,
    {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values},
    snakemake.input.seeds,
    snakemake.input.topic_labels,
    dict(snakemake.output.items()),
    covariates=snakemake.params.covariates,
    boot=snakemake.params.bootstrap,
)
finish()
