"""Slogans (提法) and numbered formulas: when each appears and how often.

Three kinds are found in the cleaned text:

``quoted``   phrases in “…” of 2–8 Han characters (“两学一做”, “狮子型”);
``formula``  numbered formulas: a numeral, a character, a numeral, a character (三会一课, 两学一做, 三严三实,
             五位一体) or a numeral other than 一, 个/大/项/张/条, and two characters (四个意识, 两个覆盖);
             never inside a longer numeral (十九大) and never with a time unit (五年十年, 八届五中);
``numeric``  Arabic-number formulas in quotes (“1+3”, “1314”), at least two characters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from ._lazy import lazy_module
from .clean import HAN

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

NUM = "一二三四五六七八九十两"
_UNITS = "年月日天次届中号期岁"
_FORMULA_A = re.compile(f"(?<![{NUM}])[{NUM}][^{_UNITS}{NUM}\\W\\d][{NUM}][^{_UNITS}{NUM}\\W\\d]")
_FORMULA_B = re.compile(f"(?<![{NUM}])[{NUM.replace('一', '')}][个大项张条][{HAN}]{{2}}")
_NUMERIC = re.compile(r"“(\d+(?:\s*[+＋]\s*\d+)+|\d{2,})”")
#: Four-character sequences that look like formulas but are ordinary words.
NOT_FORMULAS = frozenset(
    {
        "一心一意",
        "一点一滴",
        "一朝一夕",
        "一言一行",
        "一举一动",
        "一草一木",
        "一生一世",
        "三番五次",
        "七上八下",
        "四面八方",
        "五湖四海",
        "一五一十",
        "十全十美",
    }
)


def find_slogans(
    text: str, *, min_len: int = 2, max_len: int = 8, vocabulary: frozenset[str] | set[str] = frozenset()
) -> list[tuple[str, str]]:
    """All slogan occurrences in ``text`` as ``(slogan, kind)``, each stretch of text counted once.

    Parameters
    ----------
    text : str
    min_len, max_len : int
        Length bounds of quoted phrases (Han characters).
    vocabulary : set of str
        Known words (the domain dictionary): a formula match is extended to the longest known word
        that starts where it starts and contains it (四张成绩 -> 四张成绩单, 五大发展 -> 五大发展理念).
    """
    by_first: dict[str, list[str]] = defaultdict(list)
    for w in sorted(vocabulary, key=len, reverse=True):
        by_first[w[:1]].append(w)
    taken: list[tuple[int, int]] = []
    out: list[tuple[str, str]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    quoted = re.compile(f"“([{HAN}]{{{min_len},{max_len}}})”")
    for m in quoted.finditer(text):
        out.append((m.group(1), "quoted"))
        taken.append(m.span())
    for m in _NUMERIC.finditer(text):
        out.append((re.sub(r"\s", "", m.group(1)).replace("＋", "+"), "numeric"))
        taken.append(m.span())
    for rx in (_FORMULA_A, _FORMULA_B):
        for m in rx.finditer(text):
            a, b = m.span()
            word = m.group(0)
            for w in by_first.get(word[0], ()):
                if len(w) > len(word) and text.startswith(w, a):
                    word, b = w, a + len(w)
                    break
            if word in NOT_FORMULAS or not free(a, b):
                continue
            out.append((word, "formula"))
            taken.append((a, b))
    return out


def slogan_tables(
    docs: pd.DataFrame, *, min_total: int = 1, vocabulary: frozenset[str] | set[str] = frozenset()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Slogan summary and yearly counts.

    Parameters
    ----------
    docs : DataFrame
        ``doc_id, year, text`` (cleaned).
    min_total : int
        Keep slogans seen at least this often.
    vocabulary : set of str
        Known words, see :func:`find_slogans`.

    Returns
    -------
    summary : DataFrame
        ``slogan, kind, first_year, last_year, total, n_documents, n_years``, by first year then total.
    by_year : DataFrame
        ``slogan, year, count`` for every year of the corpus (zeros included).
    """
    counts: Counter[tuple[str, int]] = Counter()
    kinds: dict[str, str] = {}
    docs_of: dict[str, set[str]] = defaultdict(set)
    for _, d in docs.sort_values(["year", "doc_id"]).iterrows():
        for s, kind in find_slogans(d["text"], vocabulary=vocabulary):
            counts[(s, int(d["year"]))] += 1
            kinds.setdefault(s, kind)
            docs_of[s].add(d["doc_id"])
    years = sorted(int(y) for y in docs["year"].unique())
    total: Counter[str] = Counter()
    for (s, _), c in counts.items():
        total[s] += c
    keep = sorted(s for s in total if total[s] >= min_total)
    rows = []
    for s in keep:
        ys = [y for y in years if counts[(s, y)]]
        rows.append(
            {
                "slogan": s,
                "kind": kinds[s],
                "first_year": ys[0],
                "last_year": ys[-1],
                "total": total[s],
                "n_documents": len(docs_of[s]),
                "n_years": len(ys),
            }
        )
    summary = pd.DataFrame(
        rows, columns=["slogan", "kind", "first_year", "last_year", "total", "n_documents", "n_years"]
    )
    summary = summary.sort_values(["first_year", "total", "slogan"], ascending=[True, False, True]).reset_index(
        drop=True
    )
    by_year = pd.DataFrame(
        [{"slogan": s, "year": y, "count": counts[(s, y)]} for s in summary["slogan"] for y in years],
        columns=["slogan", "year", "count"],
    )
    return summary, by_year
