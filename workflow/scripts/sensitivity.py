"""Rule sensitivity (workflow/rules/evidence.smk): gather the variants' theme shares and judge robustness."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import sensitivity

setup_logging(snakemake.log[0])
sensitivity(
    snakemake.input.models,
    snakemake.input.units,
    snakemake.input.units_no_boilerplate,
    snakemake.input.units_no_phrases,
    snakemake.input.themes,
    snakemake.input.theme_change,
    snakemake.output.sensitivity,
    snakemake.output.robustness,
)
finish()
