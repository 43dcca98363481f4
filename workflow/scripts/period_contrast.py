"""Rule period_contrast (workflow/rules/evidence.smk): before and after the cut year."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.evidence import period_contrast

setup_logging(snakemake.log[0])
period_contrast(
    snakemake.input.units,
    snakemake.input.themes,
    snakemake.input.unit_topics,
    snakemake.input.topic_labels,
    snakemake.output.contrast,
    cut=snakemake.params.cut,
    boot=snakemake.params.bootstrap,
)
finish()
