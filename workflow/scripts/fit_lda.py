"""Adapter for rule fit_lda: one LDA fit and its K-selection metrics."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_fit_k(
    snakemake.input.model_corpus, int(snakemake.wildcards.k), snakemake.output.model, snakemake.output.fit,
    snakemake.output.metrics, lda_cfg=snakemake.params.lda,
)
