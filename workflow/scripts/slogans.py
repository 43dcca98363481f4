"""Adapter for rule slogans: slogans and numbered formulas over time."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_slogans(snakemake.input.cleaned, snakemake.input.dictionary, snakemake.output.slogans, snakemake.output.by_year)
