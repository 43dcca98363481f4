"""Rule fragments (workflow/rules/units.smk): model tokens that look like pieces of a longer word."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.units import fragments

setup_logging(snakemake.log[0])
a = snakemake.params.audit
fragments(
    snakemake.input.tagged,
    snakemake.input.units,
    snakemake.output.fragments,
    min_count=a["min_count"],
    min_share=a["min_share"],
    min_reverse_share=a["min_reverse_share"],
)
finish()
