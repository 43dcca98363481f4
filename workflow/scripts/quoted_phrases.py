"""Rule quoted_phrases (workflow/rules/segment.smk): harvest the phrases quoted with “…”."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import setup_logging
from orgtopics.stages.segment import quoted_phrases

setup_logging(snakemake.log[0])
q = snakemake.params.quoted
quoted_phrases(
    snakemake.input.cleaned,
    snakemake.output.phrases,
    min_len=q["min_len"],
    max_len=q["max_len"],
    min_count=q["min_count"],
)
