"""Adapter for rule sensitivity: theme trends under other K and without the boilerplate stoplist."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
models = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
pipeline.run_sensitivity(
    snakemake.input.units, snakemake.input.units_no_boilerplate, snakemake.input.k_selection, models,
    snakemake.input.themes, snakemake.output.sensitivity, snakemake.output.robustness,
    lda_cfg=snakemake.params.lda, delta=snakemake.params.k_delta,
)
