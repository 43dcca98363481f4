"""Adapter for rule figure: one figure as PNG, SVG and CSV."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
inputs = {k: v for k, v in snakemake.input.items() if k != "themes"}
pipeline.run_figure(
    snakemake.wildcards.figure,
    inputs,
    snakemake.output.png,
    snakemake.output.svg,
    snakemake.output.csv,
    themes_file=snakemake.input.themes,
)
