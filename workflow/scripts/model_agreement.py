"""Adapter for rule model_agreement: gensim against scikit-learn."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
pipeline.run_agreement(
    snakemake.input.model_corpus, snakemake.input.k_selection, fits, snakemake.input.themes, snakemake.output.agreement,
    lda_cfg=snakemake.params.lda, cross_check=snakemake.params.cross_check,
)
