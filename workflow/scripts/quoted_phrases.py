"""Rule quoted_phrases (workflow/rules/segment.smk): harvest the phrases quoted with “…”."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.segment import quoted_phrases

setup_logging(snakemake.log[0])
quoted_phrases(
    snakemake.input.cleaned,
    snakemake.output.phrases,
    dictionary=snakemake.input.dictionary,
    themes_file=snakemake.input.themes,
    seg_cfg=snakemake.params.segment,
    extra_dictionary=list(snakemake.input.extra_dictionary),
)
finish()
