"""Adapter for rule gather_clean: join the cleaned shards."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_gather_clean(snakemake.input.shards, snakemake.input.logs, snakemake.output.cleaned, snakemake.output.cleaning_log)
