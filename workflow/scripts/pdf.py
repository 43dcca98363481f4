"""Adapter for rule pdf: print the report to PDF with headless Chromium."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
pipeline.run_pdf(snakemake.input.html, snakemake.output.pdf)
