"""Rule input_report (workflow/rules/clean.smk): the documents intake skipped, and near-duplicate warnings."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.clean import input_report

setup_logging(snakemake.log[0])
input_report(
    snakemake.params.skipped, snakemake.params.warnings, snakemake.output.skipped, snakemake.output.near_duplicates
)
finish()
