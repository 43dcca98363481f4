"""Adapter for rule quoted_phrases: harvest phrases quoted with “…”."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
q = snakemake.params.quoted
pipeline.run_phrases(
    snakemake.input.cleaned, snakemake.output.phrases, min_len=q["min_len"], max_len=q["max_len"], min_count=q["min_count"]
)
