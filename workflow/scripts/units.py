"""Rule units (workflow/rules/units.smk): every unit's model tokens (also units_no_boilerplate, units_no_phrases)."""

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.iocontainers import snakemake

sys.path.insert(0, snakemake.scriptdir)  # this checkout's library first, before any installed copy
from orgtopics.stages import finish, setup_logging
from orgtopics.stages.units import units

setup_logging(snakemake.log[0])
units(
    snakemake.input.tagged,
    snakemake.input.phrases,
    snakemake.input.dictionary,
    snakemake.input.themes,
    snakemake.input.boilerplate,
    snakemake.output.units,
    seg_cfg=snakemake.params.segment,
    extra_dictionary=snakemake.input.extra_dictionary,
    extra_stopwords=snakemake.input.extra_stopwords,
)
finish()
