"""Adapter for rule kwic: keyword in context for the tracked terms."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_kwic(
    snakemake.input.cleaned, snakemake.output.kwic, terms=snakemake.params.terms, width=snakemake.params.width,
    max_per_term=snakemake.params.max_per_term,
)
