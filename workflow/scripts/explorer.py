"""Adapter for rule explorer: the standalone topic explorer."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
pipeline.run_explorer(
    snakemake.input.model_corpus, snakemake.input.k_selection, fits, snakemake.input.topic_share, snakemake.input.topic_labels,
    snakemake.output.html, corpus_name=snakemake.wildcards.corpus, lam=snakemake.params.lam,
)
