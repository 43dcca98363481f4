"""Adapter for rules units and units_no_boilerplate: phrases merged, model tokens filtered."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
seg = pipeline.make_segmenter(
    dictionary=snakemake.input.dictionary, themes_file=snakemake.input.themes, phrases=snakemake.input.phrases,
    boilerplate=snakemake.input.boilerplate, seg_cfg=snakemake.params.segment,
    extra_dictionary=snakemake.input.extra_dictionary, extra_stopwords=snakemake.input.extra_stopwords,
)
pipeline.run_units(
    snakemake.input.tagged, snakemake.input.phrases, snakemake.output.units, segmenter=seg,
    merge=snakemake.params.segment.get("quoted_phrases", {}).get("add", True),
)
