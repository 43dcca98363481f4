"""Rule explorer (workflow/rules/report.smk): the standalone topic explorer."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.report import explorer

setup_logging(snakemake.log[0])
fits = {k: snakemake.input[f"k{k}"] for k in snakemake.params.k_values}
explorer(
    snakemake.input.model_corpus,
    snakemake.input.k_selection,
    fits,
    snakemake.input.topic_share,
    snakemake.input.topic_labels,
    snakemake.output.html,
    corpus_name=snakemake.wildcards.corpus,
    lam=snakemake.params.lam,
)
finish()
