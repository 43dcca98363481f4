"""Rule segment_shard (workflow/rules/segment.smk): paragraph units and tagged words of one shard."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.segment import segment_shard

setup_logging(snakemake.log[0])
segment_shard(
    snakemake.input.cleaned,
    snakemake.input.dictionary,
    snakemake.input.themes,
    snakemake.output.tagged,
    seg_cfg=snakemake.params.segment,
    units_cfg=snakemake.params.units,
    extra_dictionary=snakemake.input.extra_dictionary,
)
finish()
