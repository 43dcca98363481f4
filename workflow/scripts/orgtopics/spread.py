"""Picking a few of many items so that they cover the whole corpus: evenly along a sequence (:func:`evenly`) or
in equal shares of its runs, such as the years (:func:`balanced`)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def evenly(items: Sequence[T], n: int) -> list[T]:
    """At most ``n`` of ``items``, spread evenly from the first to the last, in order."""
    if len(items) <= n:
        return list(items)
    if n == 1:
        return [items[0]]
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def balanced(keys: Sequence[Hashable], n: int) -> list[int]:
    """The positions of at most ``n`` items whose ``keys`` (sorted, for example years) form runs: as equal a number
    from every run as the runs allow, spread evenly within each run; in order.

    A run with fewer items than its share gives all of them and its unused share goes to the other runs, so that
    ``n`` items are picked whenever there are ``n``. Taking the first ``n`` instead would show only the first runs
    of a frequent key, and spreading ``n`` evenly over all items would show mostly the longest runs.

    Examples
    --------
    >>> balanced([2000] * 6 + [2010] * 2 + [2020] * 6, 8)
    [0, 2, 5, 6, 7, 8, 10, 13]
    """
    if len(keys) <= n:
        return list(range(len(keys)))
    runs: list[range] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            runs.append(range(start, i))
            start = i
    sizes = [len(run) for run in runs]
    low, high = 0, max(sizes)  # the largest equal share q that the runs can give without passing n
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(min(s, mid) for s in sizes) <= n else (low, mid - 1)
    take = [min(s, low) for s in sizes]
    # one more from as many of the longer runs as n still allows (fewer than there are), spread over them
    for r in evenly([r for r, s in enumerate(sizes) if s > low], n - sum(take)):
        take[r] += 1
    return [i for run, k in zip(runs, take) for i in evenly(run, k)]
