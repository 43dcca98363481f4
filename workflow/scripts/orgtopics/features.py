"""Distinctive terms per year with scikit-learn's TF-IDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def tfidf_vectorizer(**kwargs) -> TfidfVectorizer:
    """A TfidfVectorizer over pre-tokenised input.

    scikit-learn's default ``token_pattern`` (``(?u)\\b\\w\\w+\\b``) silently drops one-character
    words such as 党 or 县 and would re-split jieba's words; passing the tokens through with
    ``tokenizer``/``preprocessor`` and ``token_pattern=None`` keeps them exactly.
    """
    return TfidfVectorizer(tokenizer=_identity, preprocessor=_identity, token_pattern=None, lowercase=False, **kwargs)


def tfidf_by_year(
    units: pd.DataFrame, *, top_n: int = 20, sublinear_tf: bool = True, min_count: int = 2
) -> pd.DataFrame:
    """The most distinctive terms of each year.

    Each year's tokens form one document; TF-IDF is computed over the years, so a term scores high
    when it is frequent in that year and rare in the others.

    Parameters
    ----------
    units : DataFrame
        Columns ``year`` and ``tokens`` (list of str).
    top_n : int
        Terms per year.
    sublinear_tf : bool
        Use ``1 + log(tf)``.
    min_count : int
        Ignore terms with a lower count in the year (hapaxes are noise in short texts).

    Returns
    -------
    DataFrame
        ``year, rank, term, tfidf, count``; ties broken by term so the order is stable.
    """
    years = sorted(units["year"].unique())
    docs: list[list[str]] = [[t for toks in units.loc[units["year"] == y, "tokens"] for t in toks] for y in years]
    vec = tfidf_vectorizer(sublinear_tf=sublinear_tf, norm="l2", smooth_idf=True)
    X = vec.fit_transform(docs)
    vocab = np.asarray(vec.get_feature_names_out())
    rows = []
    for i, year in enumerate(years):
        row = X.getrow(i).toarray().ravel()
        counts = pd.Series(docs[i]).value_counts()
        cand = [j for j in np.flatnonzero(row > 0) if counts.get(vocab[j], 0) >= min_count]
        cand.sort(key=lambda j: (-round(row[j], 12), vocab[j]))
        for rank, j in enumerate(cand[:top_n], start=1):
            rows.append(
                {"year": int(year), "rank": rank, "term": vocab[j], "tfidf": row[j], "count": int(counts[vocab[j]])}
            )
    return pd.DataFrame(rows, columns=["year", "rank", "term", "tfidf", "count"])
