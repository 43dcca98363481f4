"""Adapter for rule themes: theme rates per year with bootstrap intervals."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_themes(
    snakemake.input.units, snakemake.input.themes, snakemake.output.share, snakemake.output.change, boot=snakemake.params.bootstrap
)
