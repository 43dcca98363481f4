"""Adapter for rules sensitivity_k and sensitivity_no_boilerplate: one variant's theme shares per year."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
delta = snakemake.wildcards.get("delta")
pipeline.run_sensitivity_variant(
    snakemake.input.model_corpus, snakemake.input.k_selection, fits, snakemake.input.themes, snakemake.output.variant,
    lda_cfg=snakemake.params.lda, delta=None if delta is None else int(delta),
)
