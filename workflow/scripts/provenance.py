"""Rule provenance (workflow/rules/report.smk): versions, config, seeds and input hashes."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.report import provenance

setup_logging(snakemake.log[0])
res = {k: snakemake.input[k] for k in ("dictionary", "themes", "boilerplate")}
inputs = [p for p in snakemake.input if p not in res.values() and p != snakemake.input.claim]
provenance(
    inputs,
    res,
    snakemake.params.config,
    snakemake.output.provenance,
    corpus_name=snakemake.wildcards.corpus,
    command=snakemake.params.command,
    engines=snakemake.params.engines,
    document_hashes=snakemake.params.documents,
)
finish()
