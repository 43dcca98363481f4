"""Rule term_trajectories (workflow/rules/features.smk): tracked terms per year."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.features import term_trajectories

setup_logging(snakemake.log[0])
term_trajectories(
    snakemake.input.cleaned,
    snakemake.output.trajectories,
    terms=snakemake.params.terms,
    boot=snakemake.params.bootstrap,
)
finish()
