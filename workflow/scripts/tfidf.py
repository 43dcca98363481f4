"""Adapter for rule tfidf: distinctive terms per year."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)
from orgtopics import pipeline  # noqa: E402

pipeline.setup_logging(snakemake.log[0])
t = snakemake.params.tfidf
pipeline.run_tfidf(snakemake.input.units, snakemake.output.tfidf, top_n=t["top_n"], min_count=t["min_count"], sublinear_tf=t["sublinear_tf"])
