"""Keyword in context: the occurrences of a tracked term with the text around them, balanced over the years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._lazy import lazy_module
from .spread import balanced

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

#: The columns of ``kwic.csv``.
COLUMNS = ["term", "year", "doc_id", "position", "left", "match", "right", "n_occurrences"]


def kwic(docs: pd.DataFrame, terms: Sequence[str], *, width: int = 30, max_per_term: int = 300) -> pd.DataFrame:
    """Occurrences of each term in the cleaned texts (as substrings: 人才 also in 人才工作), at most
    ``max_per_term`` per term, balanced over the years.

    A term that occurs more often is listed with as equal a number of lines from every year as the years allow,
    spread evenly within each year (:func:`orgtopics.spread.balanced`): the first ``max_per_term`` occurrences
    would show a frequent term only in the corpus's first years.

    Parameters
    ----------
    docs : DataFrame
        ``doc_id, year, text``.
    terms : sequence of str
    width : int
        Characters of context on each side (line breaks shown as spaces).
    max_per_term : int
        Lines per term at most.

    Returns
    -------
    DataFrame
        ``term, year, doc_id, position, left, match, right, n_occurrences`` in order of year, document and
        position; ``n_occurrences``: the term's occurrences in the whole corpus.
    """
    ordered = docs.sort_values(["year", "doc_id"])
    texts = list(zip(ordered["year"].astype(int), ordered["doc_id"], ordered["text"]))
    rows = []
    for term in terms:
        hits = []  # (document, position), in order
        for i, (_, _, text) in enumerate(texts):
            start = text.find(term)
            while start != -1:
                hits.append((i, start))
                start = text.find(term, start + len(term))
        for j in balanced([texts[i][0] for i, _ in hits], max_per_term):
            i, start = hits[j]
            year, doc_id, text = texts[i]
            end = start + len(term)
            rows.append(
                {
                    "term": term,
                    "year": year,
                    "doc_id": doc_id,
                    "position": start,
                    "left": text[max(0, start - width) : start].replace("\n", " "),
                    "match": term,
                    "right": text[end : end + width].replace("\n", " "),
                    "n_occurrences": len(hits),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
