"""Rule report (workflow/rules/report.smk): the self-contained HTML report."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.report import report

setup_logging(snakemake.log[0])
tables = {k: snakemake.input[k] for k in snakemake.input.keys() if k not in ("figures", "provenance", "themes")}
figs = dict(zip(snakemake.params.figures, snakemake.input.figures))
report(
    tables,
    figs,
    snakemake.input.provenance,
    snakemake.input.themes,
    snakemake.output.html,
    corpus_name=snakemake.wildcards.corpus,
    lam=snakemake.params.lam,
    top_terms=snakemake.params.terms_shown,
    cut_year=snakemake.params.cut_year,
    answers_dir=snakemake.params.answers_dir,
    settings_file=snakemake.params.settings_file,
)
finish()
