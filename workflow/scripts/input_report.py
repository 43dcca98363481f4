"""Adapter for rule input_report: skipped documents and near-duplicate warnings."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_input_report(snakemake.params.skipped, snakemake.params.warnings, snakemake.output.skipped, snakemake.output.near_duplicates)
