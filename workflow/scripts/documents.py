"""Rule documents (workflow/rules/units.smk): the per-document table and the documents that repeat another's text."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.units import documents

setup_logging(snakemake.log[0])
documents(
    snakemake.input.cleaned,
    snakemake.input.units,
    snakemake.output.documents,
    snakemake.output.shared,
    snakemake.output.recurring,
)
finish()
