"""Adapter for rule select_k: the K-selection table."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_select_k(
    snakemake.input.metrics, snakemake.output.k_selection, by=snakemake.params.select_by, fixed_k=snakemake.params.k
)
