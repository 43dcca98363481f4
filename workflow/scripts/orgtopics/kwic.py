"""Keyword in context: every occurrence of a tracked term with the text around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


def kwic(docs: pd.DataFrame, terms: Sequence[str], *, width: int = 30, max_per_term: int = 300) -> pd.DataFrame:
    """Occurrences of each term in the cleaned texts.

    Parameters
    ----------
    docs : DataFrame
        ``doc_id, year, text``.
    terms : sequence of str
    width : int
        Characters of context on each side (line breaks shown as spaces).
    max_per_term : int
        Cap per term (the earliest years first).

    Returns
    -------
    DataFrame
        ``term, year, doc_id, position, left, match, right``.
    """
    rows = []
    ordered = docs.sort_values(["year", "doc_id"])
    for term in terms:
        n = 0
        for _, d in ordered.iterrows():
            text = d["text"]
            start = text.find(term)
            while start != -1 and n < max_per_term:
                end = start + len(term)
                rows.append(
                    {
                        "term": term,
                        "year": int(d["year"]),
                        "doc_id": d["doc_id"],
                        "position": start,
                        "left": text[max(0, start - width) : start].replace("\n", " "),
                        "match": term,
                        "right": text[end : end + width].replace("\n", " "),
                    }
                )
                n += 1
                start = text.find(term, end)
    return pd.DataFrame(rows, columns=["term", "year", "doc_id", "position", "left", "match", "right"])
