"""Adapter for rule fit_seed: refit the chosen K with another seed."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_fit_seed(
    snakemake.input.model_corpus, snakemake.input.k_selection, int(snakemake.wildcards.seed), snakemake.output.npz,
    lda_cfg=snakemake.params.lda,
)
