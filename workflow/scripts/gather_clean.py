"""Rule gather_clean (workflow/rules/clean.smk): join the cleaned shards and their cleaning logs."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.clean import gather_clean

setup_logging(snakemake.log[0])
gather_clean(snakemake.input.shards, snakemake.input.logs, snakemake.output.cleaned, snakemake.output.cleaning_log)
finish()
