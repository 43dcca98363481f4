"""Stage features (``workflow/rules/features.smk``): measures read off the words themselves: TF-IDF by year,
the dictionary themes, tracked terms, slogans and keywords in context."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import findings, trends
from .._lazy import lazy_module
from ..resources import read_themes, read_word_list
from ..tables import read_records, write_table
from ..themes import theme_estimates, theme_share_table

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def tfidf(units: str, out_csv: str, *, top_n: int, min_count: int, sublinear_tf: bool) -> None:
    """``tfidf_by_year.csv``: the most distinctive terms of every year (:func:`orgtopics.features.tfidf_by_year`)."""
    from ..features import tfidf_by_year  # scikit-learn: only this job pays for importing it

    write_table(
        tfidf_by_year(read_records(units), top_n=top_n, min_count=min_count, sublinear_tf=sublinear_tf), out_csv
    )


def themes(units: str, themes_file: str, out_share: str, out_change: str, *, boot: Mapping[str, Any]) -> None:
    """Theme rates per year and their first-vs-last-year change."""
    ths = read_themes(themes_file)
    hits, n_tok, years, est = theme_estimates(
        read_records(units), ths, n_boot=boot["n_boot"], ci=boot["ci"], random_state=boot["random_state"]
    )
    write_table(theme_share_table(ths, hits, n_tok, years, est), out_share)
    write_table(findings.change_table(est, [t.id for t in ths], key="theme", ci=boot["ci"]), out_change)


def term_trajectories(cleaned: str, out_csv: str, *, terms: Sequence[str], boot: Mapping[str, Any]) -> None:
    """``term_trajectories.csv``: the tracked terms' counts and rates per year in the cleaned text, with bootstrap
    intervals (documents resampled where a year has two or more)."""
    write_table(
        trends.term_trajectories(
            read_records(cleaned)[["doc_id", "year", "text"]],
            list(terms),
            n_boot=int(boot["n_boot"]),
            ci=float(boot["ci"]),
            random_state=int(boot["random_state"]),
        ),
        out_csv,
    )


def slogans(cleaned: str, dictionary: str, out_summary: str, out_by_year: str) -> None:
    """``slogans.csv`` and ``slogans_by_year.csv``: quoted slogans and numbered formulas over time."""
    from ..slogans import slogan_tables

    summary, by_year = slogan_tables(read_records(cleaned), vocabulary=set(read_word_list(dictionary)))
    write_table(summary, out_summary)
    write_table(by_year, out_by_year)


def kwic(cleaned: str, out_csv: str, *, terms: Sequence[str], width: int, max_per_term: int) -> None:
    """``kwic.csv``: the tracked terms in their context (at most ``max_per_term`` each, balanced over the years)."""
    from ..kwic import kwic as keywords_in_context

    write_table(
        keywords_in_context(
            read_records(cleaned)[["doc_id", "year", "text"]], list(terms), width=width, max_per_term=max_per_term
        ),
        out_csv,
    )
