"""Adapter for rule period_contrast: before and after the cut year."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_period_contrast(
    snakemake.input.units, snakemake.input.themes, snakemake.input.unit_topics, snakemake.input.topic_labels,
    snakemake.output.contrast, cut=snakemake.params.cut, boot=snakemake.params.bootstrap,
)
