"""Rule themes (workflow/rules/features.smk): theme rates per year with bootstrap intervals."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.features import themes

setup_logging(snakemake.log[0])
themes(
    snakemake.input.units,
    snakemake.input.themes,
    snakemake.output.share,
    snakemake.output.change,
    boot=snakemake.params.bootstrap,
)
finish()
