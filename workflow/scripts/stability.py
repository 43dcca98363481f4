"""Rule stability (workflow/rules/evidence.smk): topic stability across seeds."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import stability

setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
stability(
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    fits,
    snakemake.input.seeds,
    snakemake.output.stability,
    snakemake.output.spread,
)
finish()
