"""Rule fit_lda (workflow/rules/topics.smk): one LDA fit and its K-selection metrics."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.topics import fit_lda

setup_logging(snakemake.log[0])
fit_lda(
    snakemake.input.model_corpus,
    int(snakemake.wildcards.k),
    snakemake.output.fit,
    snakemake.output.metrics,
    lda_cfg=snakemake.params.lda,
)
finish()
