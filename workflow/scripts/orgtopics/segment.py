"""Segment cleaned Chinese text into model tokens with jieba.

The :class:`Segmenter` owns a private ``jieba.Tokenizer`` (never the global one), so two
segmenters with different dictionaries can live in one process. It adds, with one high
frequency so that the longest entry wins:

- the domain dictionary ``config/dictionaries/orgwork.txt``,
- the seed terms of ``config/themes.yaml``,
- phrases quoted with “…” harvested from the corpus (:func:`harvest_quoted_phrases`), except those that
  are clauses or pieces of longer words (:func:`phrase_problem`),

and filters tokens by part of speech (content words kept, person and place names dropped),
generic stopwords (stopwordsiso ``zh``) and, optionally, the policy-boilerplate list. Dictionary
words are always kept whatever their tag.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .clean import HAN

_HAN_RE = re.compile(f"[{HAN}]")
QUOTED_RE_TEMPLATE = "“([{han}]{{{lo},{hi}}})”"

#: POS tags (jieba / ICTCLAS) kept as model features by default.
DEFAULT_KEEP_POS = ("n", "nz", "nt", "nl", "ng", "vn", "v", "vd", "a", "an", "ad", "i", "l", "j")
#: POS tags always dropped: person names (nr*), place names (ns*), time words, numerals.
DEFAULT_DROP_POS = ("nr", "nrfg", "nrt", "ns", "nsf", "t", "m", "mq", "q", "x", "eng")
USER_WORD_FREQ = 200_000


def harvest_quoted_phrases(
    texts: Mapping[str, str],
    years: Mapping[str, int],
    *,
    min_len: int = 2,
    max_len: int = 8,
    min_count: int = 1,
    tag: Callable[[str], list[tuple[str, str]]] | None = None,
) -> list[dict]:
    """Find phrases quoted with “…” that are ``min_len``–``max_len`` Han characters long.

    Parameters
    ----------
    texts : mapping of doc_id to str
        Cleaned texts.
    years : mapping of doc_id to int
        Year of each document.
    min_len, max_len : int
        Length bounds in Han characters.
    min_count : int
        Keep phrases quoted at least this often in the corpus.
    tag : callable, optional
        The segmenter's tagger (:meth:`Segmenter.tag`): with it, each phrase is checked by
        :func:`phrase_problem`, and ``rejected`` says why a phrase is not added to the dictionary.

    Returns
    -------
    list of dict
        One row per phrase (``phrase, count, n_documents, first_year, last_year, rejected``), sorted by
        descending count, then phrase; ``rejected`` is empty for a phrase that is added as a word.
    """
    rx = re.compile(QUOTED_RE_TEMPLATE.format(han=HAN, lo=min_len, hi=max_len))
    count: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    yrs: dict[str, set[int]] = defaultdict(set)
    for doc_id in sorted(texts):
        for m in rx.finditer(texts[doc_id]):
            p = m.group(1)
            count[p] += 1
            docs[p].add(doc_id)
            yrs[p].add(int(years[doc_id]))
    rows = [
        {
            "phrase": p,
            "count": c,
            "n_documents": len(docs[p]),
            "first_year": min(yrs[p]),
            "last_year": max(yrs[p]),
            "rejected": phrase_problem(p, texts, tag) if tag is not None else "",
        }
        for p, c in count.items()
        if c >= min_count
    ]
    rows.sort(key=lambda r: (-count[str(r["phrase"])], str(r["phrase"])))
    return rows


def phrase_problem(
    phrase: str,
    texts: Mapping[str, str],
    tag: Callable[[str], list[tuple[str, str]]],
    *,
    n_contexts: int = 20,
    max_scan: int = 2_000_000,
) -> str:
    """Why a quoted phrase should not become a dictionary word, in words; empty if it should.

    - **A clause:** the segmenter tags a particle in it (的, 地, 得, 了, 着, 过: tags ``u*``): “该容的容” is a
      saying of four words, and adding it as one word would hide them.
    - **A piece of a longer word:** where the phrase stands unquoted, the segmenter puts a word boundary inside a
      word at its start or end in most places (at least 3 seen): “坚决地调” where the text says 坚决地调整.
      Up to ``n_contexts`` unquoted places are looked at, in the first ``max_scan`` characters of the corpus
      (documents in id order) that hold the phrase; a phrase never seen unquoted is kept.
    """
    particles = [w for w, f in tag(phrase) if f.startswith("u")]
    if particles:
        return f"a clause, not a word: it holds the particle {particles[0]}"
    pad = 8
    seen = cut = 0
    example = ""
    scanned = 0
    for doc_id in sorted(texts):
        text = texts[doc_id]
        i = text.find(phrase)
        while i != -1 and seen < n_contexts:
            j = i + len(phrase)
            if not (text[i - 1 : i] == "“" and text[j : j + 1] == "”"):
                lo = max(0, i - pad)
                start, end = i - lo, j - lo  # the phrase's edges in the context
                edges, pos, across = {0}, 0, ""
                for w, _ in tag(text[lo : j + pad]):
                    if not across and (pos < start < pos + len(w) or pos < end < pos + len(w)):
                        across = w  # the word that straddles an edge
                    pos += len(w)
                    edges.add(pos)
                seen += 1
                if start not in edges or end not in edges:
                    cut += 1
                    example = example or across
            i = text.find(phrase, i + 1)
        scanned += len(text)
        if seen >= n_contexts or scanned >= max_scan:
            break
    if seen >= 3 and cut > seen / 2:
        return f"a piece of a longer word: cut through in {cut} of {seen} places it stands unquoted, e.g. {example}"
    return ""


@dataclass
class Segmenter:
    """jieba segmentation with a domain vocabulary and content-word filtering.

    Parameters
    ----------
    user_words : sequence of (word, tag)
        Words to add to jieba's dictionary (tag ``None`` -> ``"nz"``).
    stopwords : iterable of str
        Tokens dropped from the model features.
    keep_pos, drop_pos : sequence of str
        POS tags kept / dropped; a tag in neither is dropped.
    hmm : bool
        Let jieba's HMM guess words missing from the dictionary.
    han_only : bool
        Drop tokens without a Han character (numbers, Latin letters, symbols).
    engine : {"jieba", "rjieba"}
        ``jieba`` (the reference, pure Python) or ``rjieba`` (jieba-rs, the same algorithm and
        dictionary in Rust, many times faster; agreement measured in benchmarks/RESULTS.md).

    Examples
    --------
    >>> seg = Segmenter(user_words=[("两学一做", "nz")], stopwords=["的"])
    >>> "两学一做" in seg.tokens("推进两学一做学习教育常态化")
    True
    """

    user_words: Sequence[tuple[str, str | None]] = ()
    stopwords: Iterable[str] = ()
    keep_pos: Sequence[str] = DEFAULT_KEEP_POS
    drop_pos: Sequence[str] = DEFAULT_DROP_POS
    hmm: bool = True
    han_only: bool = True
    engine: str = "jieba"
    _stop: frozenset[str] = field(init=False, repr=False)
    _user: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pos = None  # jieba is loaded on first use: filtering alone does not need it
        self._stop = frozenset(self.stopwords)
        self._user = frozenset(w for w, _ in self.user_words)
        self._keep = frozenset(self.keep_pos)
        self._drop = frozenset(self.drop_pos)

    def _tagger(self):
        if self._pos is None and self.engine == "rjieba":
            import rjieba

            tagger = rjieba.Jieba()
            for word, tag in self.user_words:
                tagger.add_word(word, USER_WORD_FREQ, tag or "nz")
            self._pos = tagger
        elif self._pos is None:
            if self.engine != "jieba":
                raise ValueError(f"unknown segmentation engine {self.engine!r}; use 'jieba' or 'rjieba'")
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            # jieba would load (with marshal, unchecked) whatever file sits at $TMPDIR/jieba.cache, which any
            # process can plant: the prefix dictionary is cached in a directory only this user can write
            tokenizer.tmp_dir = str(private_cache_dir("jieba"))
            tokenizer.initialize()
            for word, tag in self.user_words:
                tokenizer.add_word(word, freq=USER_WORD_FREQ, tag=tag or "nz")
            self._pos = jieba.posseg.POSTokenizer(tokenizer)
        return self._pos

    def tag(self, text: str) -> list[tuple[str, str]]:
        """All (word, POS) pairs of ``text``, punctuation and whitespace included."""
        tagger = self._tagger()
        if self.engine == "rjieba":
            return [(w, f) for w, f in tagger.tag(text, self.hmm)]
        return [(p.word, p.flag) for p in tagger.cut(text, HMM=self.hmm)]

    def keeps(self, word: str, flag: str) -> bool:
        """Whether a tagged word becomes a model feature."""
        if not word.strip() or word in self._stop:
            return False
        if word in self._user:
            return True
        if self.han_only and not _HAN_RE.search(word):
            return False
        if flag in self._drop or flag not in self._keep:
            return False
        return True

    def tokens(self, text: str) -> list[str]:
        """The model tokens of ``text``."""
        return [w for w, f in self.tag(text) if self.keeps(w, f)]

    def segment(self, text: str) -> tuple[list[str], int]:
        """Model tokens and the number of word tokens before filtering (for survival rates).

        Returns
        -------
        tokens : list of str
        n_words : int
            Tokens containing a letter, digit or Han character (punctuation excluded).
        """
        pairs = self.tag(text)
        n_words = sum(1 for w, _ in pairs if any(ch.isalnum() for ch in w))
        return [w for w, f in pairs if self.keeps(w, f)], n_words


def merge_phrases(
    pairs: Sequence[tuple[str, str]], phrases: frozenset[str] | set[str], *, max_chars: int = 8
) -> list[tuple[str, str]]:
    """Join consecutive tagged words that spell a known phrase into one word tagged ``nz``.

    Segmentation runs shard by shard before the corpus-wide list of quoted phrases is known; this
    step, run after it, makes a phrase such as 狮子型 (cut by jieba into 狮子/型) one token. At each
    position the longest phrase of at least two words wins.

    Examples
    --------
    >>> merge_phrases([("选拔", "v"), ("狮子", "n"), ("型", "k"), ("干部", "n")], {"狮子型"})
    [('选拔', 'v'), ('狮子型', 'nz'), ('干部', 'n')]
    """
    if not phrases:
        return list(pairs)
    prefixes = phrase_prefixes(frozenset(phrases))
    out: list[tuple[str, str]] = []
    i, n = 0, len(pairs)
    while i < n:
        best = 0
        acc = pairs[i][0]
        j = i + 1
        # extend only while the joined words still begin some phrase: nothing longer can be one
        while acc in prefixes and j < n and len(acc) + len(pairs[j][0]) <= max_chars:
            acc += pairs[j][0]
            j += 1
            if acc in phrases:
                best = j
        if best:
            out.append(("".join(w for w, _ in pairs[i:best]), "nz"))
            i = best
        else:
            out.append(pairs[i])
            i += 1
    return out


def private_cache_dir(name: str) -> Path:
    """A cache directory that only this user can write: ``$TMPDIR/orgtopics-<uid>/<name>``, created with
    mode 0700. If that path exists but belongs to someone else or others may write to it, a fresh private
    temporary directory is used instead (the cache is then rebuilt, never trusted)."""
    import os
    import stat
    import tempfile

    base = Path(tempfile.gettempdir()) / f"orgtopics-{os.getuid()}"
    folder = base / name
    try:
        for d in (base, folder):
            d.mkdir(mode=0o700, exist_ok=True)
            st = d.lstat()
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
                raise PermissionError(f"{d} is not a private directory of this user")
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"orgtopics-{name}-"))
    return folder


@lru_cache(maxsize=8)
def phrase_prefixes(phrases: frozenset[str]) -> frozenset[str]:
    """Every non-empty prefix of every phrase (the phrases themselves included)."""
    return frozenset(p[:i] for p in phrases for i in range(1, len(p) + 1))


def build_user_words(
    dictionary: Sequence[tuple[str, str | None]],
    theme_terms: Iterable[str] = (),
    phrases: Iterable[str] = (),
) -> list[tuple[str, str | None]]:
    """Merge the domain dictionary, theme seed terms and harvested phrases (first tag wins)."""
    out: dict[str, str | None] = {}
    for w, t in dictionary:
        out.setdefault(w, t)
    for w in theme_terms:
        out.setdefault(w, "nz")
    for w in phrases:
        out.setdefault(w, "nz")
    return sorted(out.items())


def generic_stopwords(lang: str = "zh") -> set[str]:
    """Generic function-word stopwords from the maintained ``stopwordsiso`` package."""
    import stopwordsiso

    return set(stopwordsiso.stopwords(lang))
