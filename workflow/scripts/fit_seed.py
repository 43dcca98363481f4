"""Rule fit_seed (workflow/rules/evidence.smk): refit the chosen K with another seed."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import fit_seed

setup_logging(snakemake.log[0])
fit_seed(
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    int(snakemake.wildcards.seed),
    snakemake.output.npz,
    lda_cfg=snakemake.params.lda,
)
finish()
