"""Rule model_corpus (workflow/rules/topics.smk): the model corpus (vocabulary, counts, id sequences) of one units
table (also rule model_corpus_no_boilerplate)."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.topics import model_corpus

setup_logging(snakemake.log[0])
model_corpus(snakemake.input.units, snakemake.output.model_corpus, lda_cfg=snakemake.params.lda)
finish()
