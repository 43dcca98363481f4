"""Paragraphs as modelling units.

Five documents are far too few for a topic model; their paragraphs are not. A short line (a
heading such as 干部工作 or ★“红色引擎工程”★) is not a unit of its own: it is prefixed to the paragraph
that follows it, so its words still count and stay with the text they introduce.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .clean import count_han


@dataclass(frozen=True)
class Unit:
    """One modelling unit.

    Attributes
    ----------
    unit_id : str
        ``"<doc_id>:<position:04d>"``.
    doc_id : str
    year : int
    position : int
        0-based position in the document.
    text : str
    """

    unit_id: str
    doc_id: str
    year: int
    position: int
    text: str


_SENT_END = re.compile(r"(?<=[。！？!?；;])")


def split_long(text: str, *, max_han: int) -> list[str]:
    """Split a paragraph longer than ``max_han`` Han characters at sentence ends into near-equal parts.

    A sentence is never cut; a single sentence longer than ``max_han`` stays whole.
    """
    n = count_han(text)
    if max_han <= 0 or n <= max_han:
        return [text]
    sents = [s for s in _SENT_END.split(text) if s]
    n_parts = -(-n // max_han)
    target = n / n_parts
    parts: list[str] = []
    cur, cur_n = "", 0
    for s in sents:
        sn = count_han(s)
        if cur and cur_n + sn / 2 > target and len(parts) < n_parts - 1:
            parts.append(cur)
            cur, cur_n = "", 0
        cur += s
        cur_n += sn
    if cur:
        parts.append(cur)
    return parts


def make_units(doc_id: str, year: int, paragraphs: Sequence[str], *, min_han: int = 20, max_han: int = 0) -> list[Unit]:
    """Group cleaned paragraphs into units.

    Parameters
    ----------
    doc_id : str
    year : int
    paragraphs : sequence of str
        Cleaned lines in document order.
    min_han : int, default 20
        A line with fewer Han characters is a heading: it joins the next paragraph (or, at the
        end of a document, the previous one).
    max_han : int, default 0
        When positive, a longer paragraph is split at sentence ends into parts of about this
        size (:func:`split_long`), so one very long paragraph does not weigh as one unit.

    Returns
    -------
    list of Unit

    Examples
    --------
    >>> [u.text for u in make_units("d", 2019, ["干部工作", "坚持好干部标准,从严从细从实考核评价和管理监督干部。"])]
    ['干部工作 坚持好干部标准,从严从细从实考核评价和管理监督干部。']
    """
    texts: list[str] = []
    pending: list[str] = []
    for p in paragraphs:
        if count_han(p) < min_han:
            pending.append(p)
            continue
        parts = split_long(p, max_han=max_han)
        parts[0] = " ".join([*pending, parts[0]])
        texts.extend(parts)
        pending = []
    if pending:
        if texts:
            texts[-1] = " ".join([texts[-1], *pending])
        else:
            texts.append(" ".join(pending))
    return [Unit(f"{doc_id}:{i:04d}", doc_id, int(year), i, t) for i, t in enumerate(texts)]
