"""Stage figures (``workflow/rules/figures.smk``): every figure of a group, drawn in one process."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_module
from ..figure_registry import BY_NAME
from ..figures import draw
from ..tables import read_records, read_table

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def figures(
    names: Sequence[str],
    inputs: Mapping[str, str],
    outputs: Mapping[str, tuple[str, str, str, str]],
    *,
    themes_file: str | None = None,
) -> None:
    """Draw several figures of :data:`orgtopics.figure_registry.FIGURES` in one process, reading each input table
    once.

    Parameters
    ----------
    names : the figures to draw (a group of the registry)
    inputs : table name -> path, covering the tables of every figure
    outputs : figure name -> (PNG, SVG, CSV, the PNG the report embeds) paths
    """
    loaded: dict[str, Any] = {}

    def table(key: str):
        if key not in loaded:
            path = inputs[key]
            loaded[key] = read_records(path) if path.endswith(".parquet") else read_table(path)
        return loaded[key]

    for name in names:
        # copies: a figure may add columns to the tables it draws from
        tables = {k: table(k).copy() for k in BY_NAME[name].tables}
        draw(name, tables, *outputs[name], themes_file=themes_file)
