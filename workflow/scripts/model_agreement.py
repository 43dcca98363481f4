"""Rule model_agreement (workflow/rules/evidence.smk): the chosen model against a second engine."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import model_agreement

setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
model_agreement(
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    fits,
    snakemake.input.themes,
    snakemake.output.agreement,
    lda_cfg=snakemake.params.lda,
    cross_check=snakemake.params.cross_check,
)
finish()
