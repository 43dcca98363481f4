"""Rule sensitivity_k (workflow/rules/evidence.smk): one variant's theme shares per year (also rule
sensitivity_no_boilerplate)."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import sensitivity_k

setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
delta = snakemake.wildcards.get("delta")
sensitivity_k(
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    fits,
    snakemake.input.themes,
    snakemake.output.variant,
    lda_cfg=snakemake.params.lda,
    delta=None if delta is None else int(delta),
)
finish()
