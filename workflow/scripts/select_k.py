"""Rule select_k (workflow/rules/topics.smk): the K-selection table."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.topics import select_k

setup_logging(snakemake.log[0])
select_k(
    snakemake.input.metrics, snakemake.output.k_selection, by=snakemake.params.select_by, fixed_k=snakemake.params.k
)
finish()
