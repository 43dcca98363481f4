"""Adapter for the figures_<group> rules: each figure of the group as PNG, SVG and CSV."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_figures(
    snakemake.params.tables,
    {k: v for k, v in snakemake.input.items() if k != "themes"},
    {n: (snakemake.output[f"{n}_png"], snakemake.output[f"{n}_svg"], snakemake.output[f"{n}_csv"])
     for n in snakemake.params.tables},
    themes_file=snakemake.input.themes,
)
