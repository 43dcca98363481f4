"""Stage units (``workflow/rules/units.smk``): the model tokens of every paragraph unit, and the document table."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import segment
from .._lazy import lazy_module
from ..tables import read_records, write_records, write_table
from .segment import added_phrases, make_segmenter

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def units(
    tagged: Sequence[str],
    phrases: str | None,
    dictionary: str,
    themes_file: str,
    boilerplate: str | None,
    out_units: str,
    *,
    seg_cfg: Mapping[str, Any],
    extra_dictionary: Sequence[str] = (),
    extra_stopwords: Sequence[str] = (),
) -> None:
    """Merge quoted phrases into single words and keep the model tokens of every unit.

    The filter is the segmenter of ``seg_cfg`` (stopwords, the boilerplate list unless
    ``seg_cfg["policy_boilerplate"]`` is false, the part-of-speech filter). Units are ordered by year, document
    and position, whatever the shard order.
    """
    added = added_phrases(phrases, seg_cfg)  # read once: the segmenter's words and the merge below
    segmenter = make_segmenter(
        dictionary=dictionary,
        themes_file=themes_file,
        phrases=added,
        boilerplate=boilerplate,
        seg_cfg=seg_cfg,
        extra_dictionary=extra_dictionary,
        extra_stopwords=extra_stopwords,
    )
    phr = frozenset(added)
    rows = []
    # a corpus repeats the same (word, tag) pairs millions of times: decide each pair once
    kept: dict[tuple[str, str], bool] = {}
    is_word: dict[str, bool] = {}
    for p in tagged:
        df = pd.read_parquet(p)  # the word and flag columns stay numpy arrays: only iterated here
        for unit_id, doc_id, year, position, text, words, flags in zip(
            df["unit_id"], df["doc_id"], df["year"], df["position"], df["text"], df["words"], df["flags"]
        ):
            pairs = segment.merge_phrases(list(zip(words.tolist(), flags.tolist())), phr)
            for pair in pairs:
                if pair not in kept:
                    kept[pair] = segmenter.keeps(*pair)
                    if pair[0] not in is_word:
                        is_word[pair[0]] = any(ch.isalnum() for ch in pair[0])
            toks = [w for w, f in pairs if kept[w, f]]
            n_words = sum(is_word[w] for w, _ in pairs)
            rows.append(
                {
                    "unit_id": unit_id,
                    "doc_id": doc_id,
                    "year": int(year),
                    "position": int(position),
                    "text": text,
                    "tokens": toks,
                    "n_tokens": len(toks),
                    "n_words": n_words,
                }
            )
    rows.sort(key=lambda r: (r["year"], r["doc_id"], r["position"]))
    write_records(
        rows, out_units, columns=["unit_id", "doc_id", "year", "position", "text", "tokens", "n_tokens", "n_words"]
    )


def documents(cleaned: str, units: str, out_csv: str, out_shared: str, out_recurring: str) -> None:
    """``documents.csv``: metadata, cleaning statistics and unit/token counts per document; ``shared_passages.csv``:
    documents that repeat much of another's text (:func:`orgtopics.near_duplicates.shared_passages`);
    ``recurring_lines.csv``: lines that stand word for word (or but for their numbers) in many documents
    (:func:`orgtopics.near_duplicates.recurring_lines`), with the first and last year they stand in and the
    ``drop_lines`` pattern that would drop them."""
    from ..near_duplicates import recurring_lines, shared_passages

    docs = read_records(cleaned)
    year = dict(zip(docs["doc_id"], docs["year"]))
    shared = pd.DataFrame(
        shared_passages(dict(zip(docs["doc_id"], docs["text"]))),
        columns=["doc_id", "other_doc_id", "n_sentences", "shared_han", "share"],
    )
    shared.insert(1, "year", shared["doc_id"].map(year))
    shared.insert(3, "other_year", shared["other_doc_id"].map(year))
    write_table(shared, out_shared)
    recurring = recurring_lines(dict(zip(docs["doc_id"], docs["paragraphs"])))
    write_table(
        pd.DataFrame(
            [
                {
                    "line": r["line"],
                    "han": r["han"],
                    "n_documents": r["n_documents"],
                    "share": r["share"],
                    "first_year": min(year[d] for d in r["doc_ids"]),
                    "last_year": max(year[d] for d in r["doc_ids"]),
                    "forms": r["forms"],
                    "pattern": r["pattern"],
                }
                for r in recurring
            ],
            columns=["line", "han", "n_documents", "share", "first_year", "last_year", "forms", "pattern"],
        ),
        out_recurring,
    )
    docs = docs.drop(columns=["text", "paragraphs"])
    u = read_records(units)
    agg = u.groupby("doc_id").agg(n_units=("unit_id", "size"), n_words=("n_words", "sum"), n_tokens=("n_tokens", "sum"))
    docs = docs.merge(agg, left_on="doc_id", right_index=True, how="left").fillna(
        {"n_units": 0, "n_words": 0, "n_tokens": 0}
    )
    for c in ("n_units", "n_words", "n_tokens"):
        docs[c] = docs[c].astype(int)
    first = ["doc_id", "file", "year"]
    docs = docs[first + [c for c in docs.columns if c not in first]].sort_values(["year", "doc_id"])
    write_table(docs, out_csv)


def fragments(
    tagged: Sequence[str], units: str, out_csv: str, *, min_count: int, min_share: float, min_reverse_share: float
) -> None:
    """``suspect_fragments.csv``: model tokens that look like pieces of a longer word
    (:func:`orgtopics.fragments.suspect_fragments`), from the segmenter's unfiltered output."""
    from ..fragments import suspect_fragments

    vocabulary = {t for toks in pd.read_parquet(units, columns=["tokens"])["tokens"] for t in toks}

    def word_lists():
        for p in tagged:
            yield from (w.tolist() for w in pd.read_parquet(p, columns=["words"])["words"])

    found = suspect_fragments(
        word_lists(), vocabulary, min_count=min_count, min_share=min_share, min_reverse_share=min_reverse_share
    )
    write_table(found, out_csv)
