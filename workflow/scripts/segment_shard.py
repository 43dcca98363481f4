"""Adapter for rule segment_shard: paragraph units and jieba tags of one shard."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
seg = pipeline.make_segmenter(
    dictionary=snakemake.input.dictionary, themes_file=snakemake.input.themes, phrases=None, boilerplate=None,
    seg_cfg=snakemake.params.segment, extra_dictionary=snakemake.input.extra_dictionary,
)
u = snakemake.params.units
pipeline.run_segment_shard(snakemake.input.cleaned, snakemake.output.tagged, segmenter=seg, min_han=u["min_han"], max_han=u["max_han"])
