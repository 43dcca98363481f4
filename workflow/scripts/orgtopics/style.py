"""The house style shared by the figures, the report and the explorer: the CJK font and the topic colours.

Kept apart from :mod:`orgtopics.figures` so that the report and the explorer, which only embed the font and
colour the topics, do not import matplotlib (nor ``mplfonts``, whose import loads matplotlib): about 0.7 s in
each of the two jobs that end a run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .errors import OrgtopicsError

#: Noto Sans CJK SC, as shipped by the pinned ``mplfonts`` package.
FONT_FILE = "NotoSansCJKsc-Regular.otf"

#: matplotlib's ``tab20`` palette (a test checks it against matplotlib's own): topic k is drawn in colour k mod 20.
TOPIC_COLORS = [
    "#1f77b4",
    "#aec7e8",
    "#ff7f0e",
    "#ffbb78",
    "#2ca02c",
    "#98df8a",
    "#d62728",
    "#ff9896",
    "#9467bd",
    "#c5b0d5",
    "#8c564b",
    "#c49c94",
    "#e377c2",
    "#f7b6d2",
    "#7f7f7f",
    "#c7c7c7",
    "#bcbd22",
    "#dbdb8d",
    "#17becf",
    "#9edae5",
]


def font_path() -> Path:
    """Path of the CJK font shipped by the ``mplfonts`` package (found without importing it)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise OrgtopicsError("the mplfonts package is not installed. Fix: install the pinned versions (make .venv)")
    p = Path(list(spec.submodule_search_locations)[0]) / "fonts" / FONT_FILE
    if not p.exists():
        raise OrgtopicsError(f"{p} is missing. Fix: reinstall the pinned mplfonts package (make .venv)")
    return p
