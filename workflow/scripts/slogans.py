"""Rule slogans (workflow/rules/features.smk): slogans and numbered formulas over time."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.features import slogans

setup_logging(snakemake.log[0])
slogans(snakemake.input.cleaned, snakemake.input.dictionary, snakemake.output.slogans, snakemake.output.by_year)
finish()
