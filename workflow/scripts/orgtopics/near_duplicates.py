"""Documents that repeat each other: near duplicates by MinHash (shingle hashes, signatures, and the pairs whose
estimated Jaccard similarity reaches a threshold, by banded locality-sensitive hashing), and documents that repeat
a large part of another's text sentence for sentence (:func:`shared_passages`: an excerpt or a repost inside a
longer text, which Jaccard similarity misses), and lines that recur word for word in many documents
(:func:`recurring_lines`: page furniture the cleaning rules did not recognise).

Signatures are cached by content hash between runs (:func:`encode_signature`, :func:`decode_signature`), so an
unchanged document is never shingled twice.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .clean import count_han


def encode_signature(sig) -> str:
    import base64

    import numpy as np

    return base64.b64encode(np.asarray(sig, dtype="<u4").tobytes()).decode("ascii")


def decode_signature(value: Any):
    import base64

    import numpy as np

    if not isinstance(value, str):
        return None
    try:
        sig = np.frombuffer(base64.b64decode(value), dtype="<u4").astype(np.uint32)
    except ValueError:
        return None
    return sig if len(sig) == N_PERM else None


def shingle_hashes(text: str, k: int = 5):
    """Distinct hashes of the ``k``-character shingles of ``text`` without whitespace (int64 array).

    A polynomial hash of the code points, computed for all shingles at once.
    """
    import numpy as np

    cp = np.frombuffer("".join(text.split()).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cp) < k:
        cp = np.concatenate([cp, np.zeros(k - len(cp), dtype=np.uint64)])
    n = len(cp) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # wraps modulo 2**64, as intended
        h = h * np.uint64(1_000_003) + cp[j : j + n]
    return np.unique(h % np.uint64(2**31 - 1)).astype(np.int64)


N_PERM = 64


@functools.lru_cache(maxsize=1)
def _minhash_params():
    """Odd multipliers and offsets of the ``N_PERM`` multiply-shift hash functions (fixed seed)."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.integers(0, 2**63, size=N_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=N_PERM, dtype=np.uint64)
    return a, b


def minhash_signature(shingles) -> Any:
    """MinHash signature (``N_PERM`` uint32 values) of a set or array of 31-bit shingle hashes.

    Each hash function is the high half of ``a * x + b`` modulo 2**64 (Dietzfelbinger's multiply-add-shift,
    strongly universal for 32-bit keys), computed in place (faster than the ``(a * x + b) mod p`` family:
    benchmarks/RESULTS.md).
    """
    import numpy as np

    a, b = _minhash_params()
    x = np.asarray(list(shingles) if isinstance(shingles, (set, frozenset)) else shingles).astype(np.uint64)
    m = np.multiply.outer(a, x)
    m += b[:, None]
    m >>= np.uint64(32)
    return m.min(axis=1).astype(np.uint32)


def near_duplicates(signatures: Mapping[str, Any], *, threshold: float, bands: int = 16) -> list[str]:
    """Warnings for pairs of documents with estimated Jaccard similarity >= ``threshold``.

    ``signatures``: document id -> :func:`minhash_signature` of its shingles; candidate pairs come from
    locality-sensitive hashing over ``bands`` bands of the signature.
    """
    ids = sorted(signatures)
    if len(ids) < 2:
        return []
    rows = N_PERM // bands
    cand: set[tuple[str, str]] = set()
    for band in range(bands):
        buckets: dict[bytes, list[str]] = {}
        for d in ids:
            buckets.setdefault(signatures[d][band * rows : (band + 1) * rows].tobytes(), []).append(d)
        for members in buckets.values():
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    cand.add((members[i], members[j]))
    out = []
    for x, y in sorted(cand):
        sim = float((signatures[x] == signatures[y]).mean())
        if sim >= threshold:
            out.append(
                f"near duplicates: {x!r} and {y!r} share about {100 * sim:.0f}% of their 5-character shingles "
                f"(threshold {100 * threshold:.0f}%; set near_duplicate_threshold: 1 to silence)"
            )
    return out


#: A sentence shorter than this (Han characters) is not evidence of copying: short formulas recur everywhere.
SHARED_MIN_HAN = 20
#: A sentence found in more documents than this is a formula of the genre, not a passage one document took
#: from another; it is not counted (and it bounds the work: pairs per sentence stay below this squared).
SHARED_MAX_DOCUMENTS = 10
#: A document is listed when the sentences it shares with one other document hold at least this share of its
#: Han characters.
SHARED_MIN_SHARE = 0.3

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_NOT_WORD = re.compile(r"[^\w。！？!?；;\n]+")


def shared_passages(
    texts: Mapping[str, str],
    *,
    min_han: int = SHARED_MIN_HAN,
    max_documents: int = SHARED_MAX_DOCUMENTS,
    min_share: float = SHARED_MIN_SHARE,
) -> list[dict[str, Any]]:
    """Documents that repeat a large part of another document's text, sentence for sentence.

    A near-duplicate check compares whole documents, so a news item that quotes half of a speech, or a speech
    reposted inside a longer page, passes it; both count the shared passage twice. Here every sentence (split at
    。！？；, line ends and their ASCII forms; compared without spaces and punctuation) of at least ``min_han`` Han
    characters is looked up in the other documents; sentences found in more than ``max_documents`` documents are
    formulas of the genre and are not counted.

    Parameters
    ----------
    texts : mapping
        Document id -> cleaned text.

    Returns
    -------
    list of dict
        ``doc_id, other_doc_id, n_sentences, shared_han, share``, one row for each document and each other document
        whose shared sentences hold at least ``min_share`` of its Han characters (``share``), largest share
        first (ties by ids). A pair that repeats each other appears twice, once from each side.
    """
    ids = sorted(texts)
    sentences: list[dict[str, int]] = []
    where: defaultdict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(ids):
        found = {}
        for s in _SENTENCE_END.split(_NOT_WORD.sub("", texts[d])):
            n = count_han(s)
            if n >= min_han:
                found[s] = n
        sentences.append(found)
        for s in found:
            where[s].append(i)
    rows = []
    for i, d in enumerate(ids):
        total = count_han(texts[d])
        han: Counter[int] = Counter()
        count: Counter[int] = Counter()
        for s, n in sentences[i].items():
            docs = where[s]
            if len(docs) > max_documents:
                continue
            for j in docs:
                if j != i:
                    han[j] += n
                    count[j] += 1
        rows += [
            {"doc_id": d, "other_doc_id": ids[j], "n_sentences": count[j], "shared_han": h, "share": h / total}
            for j, h in han.items()
            if total and h / total >= min_share
        ]
    return sorted(rows, key=lambda r: (-r["share"], r["doc_id"], r["other_doc_id"]))


#: A line is listed by :func:`recurring_lines` when it stands in at least this many documents ...
RECURRING_MIN_DOCUMENTS = 3
#: ... and in at least this share of them.
RECURRING_MIN_SHARE = 0.2


_DIGITS = re.compile(r"\d+")


def line_pattern(line: str) -> str:
    """A regular expression for ``drop_lines`` (``corpus.yaml``) that matches ``line`` whole, with any number in
    place of each of its numbers: ``"第3页 共12页"`` gives ``^第\\d+页\\ 共\\d+页$``."""
    return "^" + r"\d+".join(re.escape(part) for part in _DIGITS.split(line)) + "$"


def recurring_lines(
    paragraphs: Mapping[str, Sequence[str]],
    *,
    min_han: int = SHARED_MIN_HAN,
    min_documents: int = RECURRING_MIN_DOCUMENTS,
    min_share: float = RECURRING_MIN_SHARE,
) -> list[dict[str, Any]]:
    """Lines (cleaned paragraphs) of at least ``min_han`` Han characters that stand word for word, or differing
    only in their numbers, in at least ``min_documents`` documents and at least ``min_share`` of them.

    Body text rarely repeats a whole paragraph across a fifth of a corpus; a site's footer, a licence notice or an
    editor's note that the cleaning rules did not recognise does, on every page of its source, often with the
    page's date, number or hit count in it. Formulas of the genre mostly stand inside longer paragraphs, and short
    lines (headings, greetings) are not counted.

    Parameters
    ----------
    paragraphs : mapping
        Document id -> its cleaned paragraphs (compared after stripping surrounding spaces).

    Returns
    -------
    list of dict
        ``line, han, n_documents, share, forms, pattern, doc_ids``: ``line`` is the commonest form (ties: the first
        in sort order), ``forms`` how many forms differing in their numbers were found, ``pattern`` the
        :func:`line_pattern` that drops them all, ``doc_ids`` the documents, sorted; most documents first (ties by
        line).
    """
    where: defaultdict[str, set[str]] = defaultdict(set)
    for d, paras in paragraphs.items():
        for p in paras:
            line = p.strip()
            if count_han(line) >= min_han:
                where[_DIGITS.sub("0", line)].add(d)
    n = len(paragraphs)
    need = max(min_documents, min_share * n)
    found = {key: ds for key, ds in where.items() if len(ds) >= need}
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)  # only for the few lines found
    if found:
        for paras in paragraphs.values():
            for p in paras:
                line = p.strip()
                if (key := _DIGITS.sub("0", line)) in found:
                    forms[key][line] += 1
    rows = []
    for key, ds in found.items():
        line = min(forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        rows.append(
            {
                "line": line,
                "han": count_han(line),
                "n_documents": len(ds),
                "share": len(ds) / n,
                "forms": len(forms[key]),
                "pattern": line_pattern(line),
                "doc_ids": sorted(ds),
            }
        )
    return sorted(rows, key=lambda r: (-r["n_documents"], r["line"]))
