"""Rule clean_shard (workflow/rules/clean.smk): clean the documents of one shard."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.clean import clean_shard

setup_logging(snakemake.log[0])
clean_shard(
    snakemake.params.corpus,
    snakemake.params.docs,
    snakemake.output.cleaned,
    snakemake.output.cleaning_log,
    clean_cfg=snakemake.params.clean,
)
finish()
