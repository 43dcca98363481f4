"""Rule tfidf (workflow/rules/features.smk): distinctive terms per year."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.features import tfidf

setup_logging(snakemake.log[0])
t = snakemake.params.tfidf
tfidf(
    snakemake.input.units,
    snakemake.output.tfidf,
    top_n=t["top_n"],
    min_count=t["min_count"],
    sublinear_tf=t["sublinear_tf"],
)
finish()
