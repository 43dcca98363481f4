"""Rule pdf (workflow/rules/report.smk): print the report to PDF with headless Chromium."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.report import pdf

setup_logging(snakemake.log[0])
pdf(snakemake.input.html, snakemake.output.pdf)
finish()
