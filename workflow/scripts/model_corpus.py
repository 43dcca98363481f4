"""Adapter for rule model_corpus: the model corpus (vocabulary, counts, id sequences) of one units table."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_model_corpus(snakemake.input.units, snakemake.output.model_corpus, lda_cfg=snakemake.params.lda)
