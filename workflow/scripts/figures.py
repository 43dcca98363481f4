"""Rule figures (workflow/rules/figures.smk): each figure of one group (rules figures_<group>) as PNG, SVG and CSV, and
the PNG the report embeds."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.figures import figures

setup_logging(snakemake.log[0])
names = snakemake.params.figures
figures(
    names,
    {k: v for k, v in snakemake.input.items() if k != "themes"},
    {n: tuple(snakemake.output[f"{n}_{kind}"] for kind in ("png", "svg", "csv", "embed")) for n in names},
    themes_file=snakemake.input.themes,
)
finish()
