"""Rule validation_scores (workflow/rules/validation.smk): the scores of the coders' answer files."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.validation import validation_scores

setup_logging(snakemake.log[0])
validation_scores(
    snakemake.input.tasks,
    snakemake.input.key,
    list(snakemake.input.answers),
    dict(snakemake.output.items()),
    ci=snakemake.params.ci,
)
finish()
