"""The one list of the report's figures: what each draws from, which job draws it, and how.

The rules (``workflow/rules/figures.smk``: one job per group, its inputs and outputs), the figure job
(:func:`orgtopics.stages.figures.figures`), the report (figure numbers follow this order) and the tests all
read :data:`FIGURES`. To add a figure: write its ``plot_*`` function in :mod:`orgtopics.figures`, add an entry
here, and a caption ``workflow/report/figures/<name>.rst``.

Importing this module imports neither matplotlib nor pandas (the workflow reads it at every parse).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._lazy import lazy_module
from .resources import read_themes

_fig = lazy_module("orgtopics.figures")  # matplotlib is loaded when a figure is drawn, not when this is read

DOCUMENTS = "tables/documents.csv"

#: Up to this many years a figure may give each year a panel, a labelled tick or a table column; beyond, the
#: distinctive terms become one line per year, ticks fall on round years and year tables turn to run down the page.
MANY_YEARS = 12


@dataclass(frozen=True)
class Figure:
    """One figure of the report.

    Attributes
    ----------
    name : str
        File stem (``figures/<name>.png``, ``.svg``, ``.csv``) and caption stem.
    group : str
        Figures of a group are drawn in one job (rule ``figures_<group>``): their tables become ready together,
        and starting matplotlib costs more than drawing most figures.
    tables : mapping of str to str
        The name the drawing reads each table by -> its path under ``results/<corpus>/``.
    draw : callable
        ``draw(tables, themes_file) -> (figure, plotted numbers)``; ``tables`` maps the names above to
        DataFrames.
    no_data : str
        Why the figure can be empty, in a reader's words (shown in its place); empty: a generic sentence.
    """

    name: str
    group: str
    tables: Mapping[str, str]
    draw: Callable[[Mapping[str, Any], str | None], tuple[Any, Any]] = field(repr=False)
    no_data: str = ""


#: In the order the report numbers them.
FIGURES: tuple[Figure, ...] = (
    Figure(
        "theme_emphasis",
        "corpus",
        {"documents": DOCUMENTS, "theme_share": "tables/theme_share_by_year.csv"},
        lambda t, themes: _fig.plot_theme_emphasis(t["theme_share"], read_themes(_required(themes)), t["documents"]),
    ),
    Figure(
        "theme_methods",
        "topics",
        {"compare": "tables/theme_method_comparison.csv"},
        lambda t, themes: _fig.plot_theme_methods(t["compare"], read_themes(_required(themes))),
    ),
    Figure(
        "trend_sensitivity",
        "sensitivity",
        {"sensitivity": "tables/trend_sensitivity.csv"},
        lambda t, themes: _fig.plot_trend_sensitivity(t["sensitivity"], read_themes(_required(themes))),
    ),
    Figure(
        "adjusted_trends",
        "adjusted",
        {"by_year": "tables/trends_adjusted_by_year.csv"},
        lambda t, themes: _fig.plot_adjusted_trends(t["by_year"]),
        "No covariate is adjusted for: none is named (covariates: in corpus.yaml), or none can be told apart from "
        "time (tables/covariates.csv says why).",
    ),
    Figure(
        "topic_lines",
        "topics",
        {
            "documents": DOCUMENTS,
            "topic_share": "tables/topic_share_by_year.csv",
            "spread": "tables/topic_seed_spread.csv",
        },
        lambda t, themes: _fig.plot_topic_lines_with_seeds(t["topic_share"], t["spread"], t["documents"]),
    ),
    Figure(
        "topic_heatmap",
        "topics",
        {"topic_share": "tables/topic_share_by_year.csv"},
        lambda t, themes: _fig.plot_topic_heatmap(t["topic_share"]),
    ),
    Figure(
        "topic_terms_by_period",
        "topics",
        {"terms": "tables/topic_terms_by_period.csv"},
        lambda t, themes: _fig.plot_topic_terms_by_period(t["terms"]),
        "No topic has a term with an expected count of two or more in any period.",
    ),
    Figure(
        "k_selection",
        "topics",
        {"k_selection": "tables/k_selection.csv"},
        lambda t, themes: _fig.plot_k_selection(t["k_selection"], _chosen_k(t["k_selection"])),
        "No K of the sweep could be fitted: the corpus has fewer paragraphs than the smallest K.",
    ),
    Figure(
        "tfidf_terms",
        "corpus",
        {"tfidf": "tables/tfidf_by_year.csv"},
        lambda t, themes: _fig.plot_tfidf_terms(t["tfidf"]),
        "No term occurs often enough in any year (tfidf.min_count) to be listed.",
    ),
    Figure(
        "term_trajectories",
        "corpus",
        {"documents": DOCUMENTS, "trajectories": "tables/term_trajectories.csv"},
        lambda t, themes: _fig.plot_term_trajectories(t["trajectories"], t["documents"]),
        "No tracked term (track_terms) occurs in the corpus.",
    ),
    Figure(
        "composition",
        "corpus",
        {"documents": DOCUMENTS, "units": "interim/units/units.parquet"},
        lambda t, themes: _fig.plot_composition(t["documents"], t["units"]),
    ),
    Figure(
        "slogans",
        "corpus",
        {"slogans": "tables/slogans.csv", "by_year": "tables/slogans_by_year.csv"},
        lambda t, themes: _fig.plot_slogan_timeline(t["slogans"], t["by_year"]),
        "No quoted phrase (“…”) or numbered formula (三会一课, 四个意识 …) was found in the corpus.",
    ),
)

BY_NAME: dict[str, Figure] = {f.name: f for f in FIGURES}

#: Tables whose emptiness does not leave a figure empty (context only: document counts, seed spread).
CONTEXT_TABLES = frozenset({"documents", "spread"})


def groups() -> dict[str, list[str]]:
    """Group -> the names of its figures (in report order), in the order the groups first appear."""
    out: dict[str, list[str]] = {}
    for f in FIGURES:
        out.setdefault(f.group, []).append(f.name)
    return out


def _chosen_k(k_selection):
    from .topics import chosen_k

    return chosen_k(k_selection)


def _required(themes_file: str | None) -> str:
    if themes_file is None:
        raise ValueError("this figure draws the themes: pass themes_file")
    return themes_file
