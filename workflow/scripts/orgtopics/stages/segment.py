"""Stage segment (``workflow/rules/segment.smk``): quoted phrases over the corpus and jieba tags shard by shard."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import segment
from .._lazy import lazy_module
from ..resources import read_themes, read_user_dictionary, read_word_list
from ..tables import read_records, read_table, write_records, write_table
from ..units import make_units

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


PHRASE_COLUMNS = ["phrase", "count", "n_documents", "first_year", "last_year", "rejected"]


def quoted_phrases(
    cleaned: str,
    out_csv: str,
    *,
    dictionary: str,
    themes_file: str,
    seg_cfg: Mapping[str, Any],
    extra_dictionary: Sequence[str] = (),
) -> None:
    """Harvest “quoted” phrases into ``out_csv``, each checked with the run's segmenter and dictionaries
    (:func:`orgtopics.segment.phrase_problem`: clauses and pieces of longer words are listed, not added)."""
    df = read_records(cleaned)
    q = seg_cfg.get("quoted_phrases", {})
    tagger = make_segmenter(  # the run's segmenter, before any phrase is added
        dictionary=dictionary,
        themes_file=themes_file,
        boilerplate=None,
        seg_cfg=seg_cfg,
        extra_dictionary=extra_dictionary,
    )
    rows = segment.harvest_quoted_phrases(
        dict(zip(df["doc_id"], df["text"])),
        dict(zip(df["doc_id"], df["year"])),
        min_len=int(q.get("min_len", 2)),
        max_len=int(q.get("max_len", 8)),
        min_count=int(q.get("min_count", 1)),
        tag=tagger.tag,
    )
    write_table(pd.DataFrame(rows, columns=PHRASE_COLUMNS), out_csv)
    log.info("%d quoted phrases, %d not added as words", len(rows), sum(bool(r["rejected"]) for r in rows))


def added_phrases(phrases_csv: str | None, seg_cfg: Mapping[str, Any]) -> list[str]:
    """The harvested phrases the segmenter adds as words: none when ``quoted_phrases.add`` is off, and never a
    rejected one."""
    if not phrases_csv or not seg_cfg.get("quoted_phrases", {}).get("add", True):
        return []
    t = read_table(phrases_csv)
    return list(t.loc[t["rejected"].fillna("") == "", "phrase"])


def user_words(dictionary: str, themes_file: str, extra: Sequence[str] = ()) -> list[tuple[str, str | None]]:
    """Domain dictionary, corpus-specific dictionaries and theme seed terms, as (word, tag)."""
    words = list(read_user_dictionary(dictionary))
    for p in extra:
        words += read_user_dictionary(p)
    return segment.build_user_words(words, [s for th in read_themes(themes_file) for s in th.seeds])


def stopword_set(seg_cfg: Mapping[str, Any], boilerplate: str | None, extra: Sequence[str] = ()) -> set[str]:
    stop = segment.generic_stopwords(seg_cfg.get("generic_stopwords", "zh"))
    if seg_cfg.get("policy_boilerplate", True) and boilerplate:
        stop |= set(read_word_list(boilerplate))
    for p in [*(seg_cfg.get("extra_stopwords") or []), *extra]:
        stop |= set(read_word_list(p))
    return stop


def make_segmenter(
    *,
    dictionary: str,
    themes_file: str,
    boilerplate: str | None,
    seg_cfg: Mapping[str, Any],
    phrases: Sequence[str] = (),
    extra_dictionary: Sequence[str] = (),
    extra_stopwords: Sequence[str] = (),
) -> segment.Segmenter:
    """The segmenter described by the config and resource files, with ``phrases`` (:func:`added_phrases`) added
    as words."""
    words = user_words(dictionary, themes_file, extra_dictionary)
    if phrases:
        words = segment.build_user_words(words, (), phrases)
    return segment.Segmenter(
        user_words=words,
        stopwords=stopword_set(seg_cfg, boilerplate, extra_stopwords),
        keep_pos=tuple(seg_cfg.get("keep_pos", segment.DEFAULT_KEEP_POS)),
        drop_pos=tuple(seg_cfg.get("drop_pos", segment.DEFAULT_DROP_POS)),
        hmm=bool(seg_cfg.get("hmm", True)),
        han_only=bool(seg_cfg.get("han_only", True)),
        engine=str(seg_cfg.get("engine", "jieba")),
    )


def segment_shard(
    cleaned: str,
    dictionary: str,
    themes_file: str,
    out_tagged: str,
    *,
    seg_cfg: Mapping[str, Any],
    units_cfg: Mapping[str, Any],
    extra_dictionary: Sequence[str] = (),
) -> None:
    """Cut one shard's documents into paragraph units (``units_cfg``: ``min_han``, ``max_han``) and tag every
    word with the segmenter of ``seg_cfg`` (no filtering yet: :func:`orgtopics.stages.units.units` filters)."""
    segmenter = make_segmenter(
        dictionary=dictionary,
        themes_file=themes_file,
        boilerplate=None,
        seg_cfg=seg_cfg,
        extra_dictionary=extra_dictionary,
    )
    min_han, max_han = int(units_cfg["min_han"]), int(units_cfg["max_han"])
    df = read_records(cleaned)
    rows = []
    for _, doc in df.iterrows():
        for u in make_units(doc["doc_id"], int(doc["year"]), doc["paragraphs"], min_han=min_han, max_han=max_han):
            pairs = segmenter.tag(u.text)
            rows.append(
                {
                    "unit_id": u.unit_id,
                    "doc_id": u.doc_id,
                    "year": u.year,
                    "position": u.position,
                    "text": u.text,
                    "words": [w for w, _ in pairs],
                    "flags": [f for _, f in pairs],
                }
            )
    write_records(rows, out_tagged, columns=["unit_id", "doc_id", "year", "position", "text", "words", "flags"])
