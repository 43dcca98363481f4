"""Adapter for rule clean_shard: clean the documents of one shard."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_clean_shard(
    snakemake.params.corpus, snakemake.params.docs, snakemake.output.cleaned, snakemake.output.cleaning_log,
    clean_cfg=snakemake.params.clean,
)
