"""Topic coherence (c_v, c_npmi, u_mass) with gensim's definitions and vectorised counting.

gensim's ``CoherenceModel`` counts word occurrences window by window in Python, which takes
seconds per model on a large corpus (benchmarks/RESULTS.md). Here the counts come from
sparse matrix products over all windows at once, and the scores from gensim's segmentation,
confirmation and aggregation formulas, written out with numpy (importing gensim alone takes over a
second per job), so the numbers are gensim's (``tests/test_topics.py`` checks equality with
``CoherenceModel`` for every measure).

gensim's sliding-window counter has one quirk that is reproduced on purpose, so the scores stay
comparable with published gensim values: when the window slides, the word leaving at the left
edge is marked absent even if it occurs again inside the window, until it next enters at the
right edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Sliding-window sizes of gensim's measures (``None``: the whole document is one window).
WINDOW_SIZES: dict[str, int | None] = {"c_v": 110, "c_npmi": 10, "c_uci": 10, "u_mass": None}


@dataclass
class WindowCounts:
    """Occurrence and co-occurrence counts of a set of terms over the windows of a corpus.

    Used as gensim's ``accumulator``: ``counts[w]`` is the number of windows that contain term id
    ``w``, ``counts[w1, w2]`` the number that contain both, ``num_docs`` the number of windows.
    """

    index: dict[int, int]
    occurrences: np.ndarray
    co_occurrences: np.ndarray
    num_docs: int

    def __getitem__(self, key):
        if isinstance(key, tuple):
            a, b = key
            return self.co_occurrences[self.index[int(a)], self.index[int(b)]]
        return self.occurrences[self.index[int(key)]]


def encode_texts(texts: Sequence[Sequence[str]], token2id: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Texts as one array of term ids and the offsets of each text in it.

    Words outside ``token2id`` are dropped first, as in the texts orgtopics gives gensim (windows
    slide over the words the model knows).
    """
    kept = [[token2id[w] for w in t if w in token2id] for t in texts]
    lengths = np.fromiter((len(t) for t in kept), dtype=np.int64, count=len(kept))
    ids = np.fromiter((i for t in kept for i in t), dtype=np.int64, count=int(lengths.sum()))
    return ids, np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


def window_counts(ids: np.ndarray, offsets: np.ndarray, relevant: Sequence[int], window: int | None) -> WindowCounts:
    """Count the windows containing each relevant term and each pair of relevant terms.

    Parameters
    ----------
    ids, offsets : ndarray
        From :func:`encode_texts`.
    relevant : sequence of int
        Term ids to count (the union of the topics' top words).
    window : int or None
        Sliding-window size; ``None`` makes every text one window (gensim's boolean document).
        A text no longer than the window is one window; an empty text is one empty window.

    Returns
    -------
    WindowCounts
    """
    from scipy import sparse

    relevant = sorted({int(r) for r in relevant})
    index = {r: j for j, r in enumerate(relevant)}
    n_texts = len(offsets) - 1
    lengths = np.diff(offsets)
    w_text = np.maximum(lengths, 1) if window is None else np.full(n_texts, int(window))
    n_windows = np.maximum(1, lengths - w_text + 1)
    window_offset = np.concatenate([[0], np.cumsum(n_windows)])

    lookup = np.full(max(int(ids.max(initial=-1)), max(relevant, default=-1)) + 2, -1, dtype=np.int64)
    lookup[np.asarray(relevant, dtype=np.int64)] = np.arange(len(relevant))
    term = lookup[ids]  # -1 for irrelevant words
    pos = np.flatnonzero(term >= 0)
    if not len(pos):
        zeros = np.zeros(len(relevant), dtype=np.int64)
        return WindowCounts(
            index=index,
            occurrences=zeros,
            co_occurrences=np.zeros((len(relevant),) * 2, np.int64),
            num_docs=int(window_offset[-1]),
        )
    text = np.searchsorted(offsets, pos, side="right") - 1
    local = pos - offsets[text]
    term = term[pos]
    # occurrences sorted by (text, term, position): one group per term in a text
    order = np.lexsort((local, term, text))
    text, term, local = text[order], term[order], local[order]
    group_start = np.ones(len(order), dtype=bool)
    group_start[1:] = (text[1:] != text[:-1]) | (term[1:] != term[:-1])
    group = np.cumsum(group_start) - 1
    w = w_text[text]
    last = np.r_[group[1:] != group[:-1], True]
    nxt = np.where(last, np.iinfo(np.int64).max // 4, np.r_[local[1:], 0])
    # the latest occurrence entering by window t is this one for t in [a, next - w];
    # gensim's counter then keeps the term until the first occurrence at or after a leaves the window
    a = np.maximum(0, local - w + 1)
    span = int(lengths.max(initial=0)) + 2
    key = group * span + local
    first = key[np.searchsorted(key, group * span + a, side="left")] - group * span
    lo = a
    hi = np.minimum.reduce([nxt - w, n_windows[text] - 1, first])
    n = np.maximum(hi - lo + 1, 0)
    rows = np.repeat(window_offset[text] + lo - np.cumsum(np.r_[0, n[:-1]]), n) + np.arange(int(n.sum()))
    cols = np.repeat(term, n)
    m = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(int(window_offset[-1]), len(relevant))
    )
    m.data[:] = 1
    occ = np.asarray(m.sum(axis=0)).ravel()
    co = (m.T @ m).toarray()
    return WindowCounts(index=index, occurrences=occ, co_occurrences=co, num_docs=int(window_offset[-1]))


#: gensim's ``EPSILON`` in its direct confirmation measures.
EPSILON = 1e-12


def _topic_counts(topic: Sequence[int], counts: WindowCounts) -> tuple[np.ndarray, np.ndarray, float]:
    idx = [counts.index[int(w)] for w in topic]
    return (
        counts.occurrences[idx].astype(np.float64),
        counts.co_occurrences[np.ix_(idx, idx)].astype(np.float64),
        float(counts.num_docs),
    )


def _log_ratio(occ: np.ndarray, co: np.ndarray, n: float, *, normalize: bool) -> np.ndarray:
    """gensim's ``log_ratio_measure`` for every ordered pair of a topic's words (row: w', column: w*)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        m = np.log(((co / n) + EPSILON) / ((occ[:, None] / n) * (occ[None, :] / n)))
        return m / (-np.log(co / n + EPSILON)) if normalize else m


def _topic_coherence(topic: Sequence[int], counts: WindowCounts, measure: str) -> float:
    occ, co, n = _topic_counts(topic, counts)
    k = len(occ)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "u_mass":
            # s_one_pre: each word w' against every word ranked above it (w*)
            i, j = np.tril_indices(k, -1)
            return float(np.mean(np.log(((co[i, j] / n) + EPSILON) / (occ[j] / n))))
        if measure in ("c_npmi", "c_uci"):
            # s_one_one: every ordered pair of distinct words
            m = _log_ratio(occ, co, n, normalize=measure == "c_npmi")
            return float(np.mean(m[~np.eye(k, dtype=bool)]))
        # c_v, s_one_set: each word's NPMI context vector against the whole topic's (gamma = 1), cosine
        m = _log_ratio(occ, co, n, normalize=True)
        whole = m.sum(axis=0)
        cos = (m @ whole) / (np.sqrt((m**2).sum(axis=1)) * np.sqrt((whole**2).sum()))
        return float(np.mean(cos))


def coherence(topics: Sequence[Sequence[int]], counts: WindowCounts, measure: str) -> float:
    """Coherence of ``topics`` (lists of term ids, best first) as gensim's ``CoherenceModel`` computes it:
    the mean over topics of the mean confirmation of the topic's segments.

    Parameters
    ----------
    topics : sequence of sequence of int
        The top term ids of each topic.
    counts : WindowCounts
        Counted with the measure's window (:data:`WINDOW_SIZES`) over the relevant terms.
    measure : {"c_v", "c_npmi", "c_uci", "u_mass"}
    """
    if measure not in WINDOW_SIZES:
        raise ValueError(f"unknown coherence measure {measure!r}; one of {sorted(WINDOW_SIZES)}")
    return float(np.mean([_topic_coherence(t, counts, measure) for t in topics]))


def coherences(
    topics: Sequence[Sequence[int]],
    texts_ids: tuple[np.ndarray, np.ndarray],
    measures: Sequence[str] = ("c_v", "c_npmi", "u_mass"),
) -> dict[str, float]:
    """Several coherence measures of one set of topics; texts as returned by :func:`encode_texts`."""
    relevant = sorted({int(w) for t in topics for w in t})
    ids, offsets = texts_ids
    out = {}
    by_window: dict[int | None, WindowCounts] = {}
    for measure in measures:
        size = WINDOW_SIZES[measure]
        if size not in by_window:
            by_window[size] = window_counts(ids, offsets, relevant, size)
        out[measure] = coherence(topics, by_window[size], measure)
    return out
