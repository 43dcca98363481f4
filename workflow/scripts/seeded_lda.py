"""Rule seeded_lda (workflow/rules/evidence.smk): LDA guided by the themes' seed terms."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import seeded_lda

setup_logging(snakemake.log[0])
seeded_lda(
    snakemake.input.model_corpus,
    snakemake.input.units,
    snakemake.input.themes,
    snakemake.input.theme_share,
    snakemake.input.topic_share,
    snakemake.input.topic_labels,
    snakemake.output.seeded,
    snakemake.output.compare,
    lda_cfg=snakemake.params.lda,
    seeded_cfg=snakemake.params.seeded,
    boot=snakemake.params.bootstrap,
)
finish()
