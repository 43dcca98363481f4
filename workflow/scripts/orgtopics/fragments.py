"""Segmentation you can audit: model tokens that look like pieces of a longer word.

jieba cuts an unknown name or term into known pieces: 岸信介 into 岸信 + 介, 反右派斗争 into
反右派斗 + 争, and a numbered formula before its noun (四个现代 + 化). Such a piece is recognisable in the
segmenter's own output: nearly every time it occurs, the same one-character word stands right after it
(or right before it), and that neighbour in turn stands mostly next to the piece (a function word such
as 的 stands before thousands of words, so 的 + 公文 is not a cut). Together they are the word that was
cut. :func:`suspect_fragments` lists the model tokens for which that holds, with the word they were
probably cut from, so a researcher can add it to a corpus dictionary (``extra_dictionary`` in
``corpus.yaml``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

COLUMNS = ["token", "count", "side", "neighbour", "share", "whole"]


def suspect_fragments(
    word_lists: Iterable[Sequence[str]],
    tokens: Iterable[str],
    *,
    min_count: int = 5,
    min_share: float = 0.9,
    min_reverse_share: float = 0.5,
) -> pd.DataFrame:
    """Model tokens that are nearly always next to the same one-character word (or are one character nearly
    always next to the same word).

    Parameters
    ----------
    word_lists : iterable of sequence of str
        Every unit's words as the segmenter cut them, before any filter (punctuation and stopwords included).
    tokens : iterable of str
        The model's tokens (the vocabulary worth auditing).
    min_count : int
        Tokens seen fewer times are not judged.
    min_share : float
        The share of a token's occurrences that must have the same neighbour.
    min_reverse_share : float
        The share of the neighbour's own occurrences that must be next to the token.

    Returns
    -------
    DataFrame
        ``token, count, side, neighbour, share, whole``, one row per suspect token: ``side`` is ``after`` or
        ``before`` (where the neighbour stands), ``whole`` the string token and neighbour make; sorted by count,
        then token. Only Han neighbours count, and a pair is reported when one of the two is a single
        character; a token steady on both sides keeps the side with the larger share, then the shorter whole.
    """
    keep = set(tokens)
    seen: Counter[str] = Counter()  # every word: the tokens' counts and the neighbours' own
    adjacent: Counter[tuple[str, str]] = Counter()  # (left word, right word), counted in C
    for words in word_lists:
        ws = list(words)
        seen.update(ws)
        adjacent.update(zip(ws, ws[1:]))
    count = {w: seen[w] for w in keep}
    after: dict[tuple[str, str], int] = {}  # (token, the word after it), in the order pairs first occur
    before: dict[tuple[str, str], int] = {}  # (token, the word before it)
    for (left, right), c in adjacent.items():
        if left in keep:
            after[left, right] = c
        if right in keep:
            before[right, left] = c
    rows = []
    for side, pairs in (("after", after), ("before", before)):
        for (w, n), c in pairs.items():
            total = count[w]
            if total < min_count or c < min_share * total or not _han(n) or (len(w) > 1 and len(n) > 1):
                continue
            if c < min_reverse_share * seen[n]:
                continue
            rows.append(
                {
                    "token": w,
                    "count": total,
                    "side": side,
                    "neighbour": n,
                    "share": c / total,
                    "whole": w + n if side == "after" else n + w,
                }
            )
    df = pd.DataFrame(rows, columns=COLUMNS)
    # a token steady on both sides (侧 between 供给 and 结构性) is one suspect: the side with the larger share,
    # then the shorter whole (供给侧, not 侧结构性)
    df = df.assign(_len=df["whole"].str.len()).sort_values(["token", "share", "_len"], ascending=[True, False, True])
    df = df.drop_duplicates("token").drop(columns="_len")
    return df.sort_values(["count", "token"], ascending=[False, True]).reset_index(drop=True)


def _han(s: str) -> bool:
    return bool(s) and all("\u4e00" <= ch <= "\u9fff" for ch in s)
