"""Adapter for rule sensitivity: gather the variants' theme shares and judge robustness."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_sensitivity(
    list(snakemake.input.variants), snakemake.input.units, snakemake.input.units_no_boilerplate,
    snakemake.input.themes, snakemake.output.sensitivity, snakemake.output.robustness,
)
