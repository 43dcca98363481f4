"""Adapter for rule segment: paragraph units and jieba tokens."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
seg = pipeline.make_segmenter(
    dictionary=snakemake.input.dictionary,
    themes_file=snakemake.input.themes,
    phrases=snakemake.input.phrases,
    boilerplate=snakemake.input.boilerplate,
    seg_cfg=snakemake.params.segment,
)
u = snakemake.params.units
pipeline.run_segment(snakemake.input.cleaned, snakemake.output.units, segmenter=seg, min_han=u["min_han"], max_han=u["max_han"])
