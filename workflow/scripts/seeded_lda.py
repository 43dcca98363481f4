"""Adapter for rule seeded_lda: LDA guided by the themes' seed terms."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_seeded(
    snakemake.input.model_corpus, snakemake.input.themes, snakemake.input.theme_share, snakemake.input.topic_share,
    snakemake.input.topic_labels, snakemake.output.seeded, snakemake.output.compare,
    lda_cfg=snakemake.params.lda, seeded_cfg=snakemake.params.seeded, boot=snakemake.params.bootstrap,
)
