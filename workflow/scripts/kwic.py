"""Rule kwic (workflow/rules/features.smk): keywords in context for the tracked terms."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.features import kwic

setup_logging(snakemake.log[0])
kwic(
    snakemake.input.cleaned,
    snakemake.output.kwic,
    terms=snakemake.params.terms,
    width=snakemake.params.width,
    max_per_term=snakemake.params.max_per_term,
)
finish()
